"""``tradeoff import``: read a published evaluation dump into a run directory as scored pools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli.common import console, parse_options
from tradeoff.dumps import import_example_solutions
from tradeoff.dumps.lm_eval import import_lm_eval
from tradeoff.errors import ConfigError

FORMATS = ("lm-eval", "gsm8k-examples")


def detect_format(path: Path, given: str | None) -> str:
    """``--format``, else from the file name: ``samples_*.jsonl`` (lm-eval), ``example_model_solutions.jsonl``."""
    if given is not None:
        if given not in FORMATS:
            raise ConfigError(f"unknown --format {given!r}; known: {', '.join(FORMATS)}")
        return given
    if path.name.startswith("samples_") and path.suffix == ".jsonl":
        return "lm-eval"
    if path.name == "example_model_solutions.jsonl":
        return "gsm8k-examples"
    raise ConfigError(f"cannot tell the format of {path.name}; pass --format {' or '.join(FORMATS)}")


def command(
    run: Annotated[Path, typer.Argument(help="Run directory (created if missing).")],
    file: Annotated[
        Path, typer.Argument(help="The dump: samples_<task>_<time>.jsonl or example_model_solutions.jsonl.")
    ],
    format: Annotated[str | None, typer.Option(help=f"{', '.join(FORMATS)} [default: from the file name].")] = None,
    task: Annotated[str, typer.Option(help="Task that scores lm-eval responses (extractor, equivalence).")] = "gsm8k",
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value.")] = None,
    pool: Annotated[str | None, typer.Option(help="Pool name [default: lm-eval-<harness task>].")] = None,
    model: Annotated[str | None, typer.Option(help="Model name to record [default: lm-eval/<harness task>].")] = None,
    temperature: Annotated[
        float | None, typer.Option(help="Sampling temperature, where the dump records none.")
    ] = None,
) -> None:
    """Import an evaluation dump as scored pools, so `tradeoff curves` estimates every k from it."""
    kind = detect_format(file, format)
    if kind == "gsm8k-examples":
        pools = import_example_solutions(run, path=file)
        console.print(f"imported {len(pools)} pools into {run}: {', '.join(pools)}")
        return
    options = parse_options(task_option, flag="--task-option")
    done = import_lm_eval(
        run, path=file, task=task, task_options=options, pool=pool, model=model, temperature=temperature
    )
    console.print(
        f"imported pool {done.pool!r} into {run}: {done.problems} problems × {done.samples_per_problem} samples"
        " (the harness records no token counts: budgets are in samples)"
    )
