"""``tradeoff search``: a search strategy at given budgets on a task and model, stored in a run directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tradeoff.cli.common import SamplingProgress, config_mapping, console, layer_flags
from tradeoff.errors import ConfigError
from tradeoff.search import SearchPoint, SearchSpec, run_search


def parse_budgets(text: str) -> list[int]:
    """``"4,8"`` → ``[4, 8]``."""
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(f"--budgets expects comma-separated integers such as 4,8,16, got {text!r}") from None


def points_table(points: list[SearchPoint]) -> Table:
    """Accuracy [95 % CI] and the mean cost per problem, one row per budget."""
    title = ", ".join(sorted({f"{p.name} ({p.strategy})" for p in points})) + ": means per problem"
    table = Table(title=title)
    for header in ("N", "problems", "accuracy [95 % CI]", "samples", "gen tok", "prompt tok", "verif tok", "s"):
        table.add_column(header, no_wrap=True)
    for p in points:
        table.add_row(
            str(p.budget),
            str(p.problems),
            p.accuracy.format(),
            f"{p.samples:.1f}",
            f"{p.generated_tokens:,.0f}",
            f"{p.prompt_tokens:,.0f}",
            f"{p.verifier_tokens:,.0f}",
            f"{p.seconds:.2f}",
        )
    return table


def command(
    run: Annotated[Path, typer.Option(help="Run directory (created if missing).")] = Path("runs/default"),
    name: Annotated[str | None, typer.Option(help="Search name [default: STRATEGY-MODEL].")] = None,
    config: Annotated[Path | None, typer.Option(help="A search spec YAML; flags given here override it.")] = None,
    task: Annotated[str | None, typer.Option(help="Task name [default: arithmetic].")] = None,
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value (repeatable).")] = None,
    split: Annotated[str | None, typer.Option(help="train or test [default: test].")] = None,
    limit: Annotated[int | None, typer.Option(help="Use the first LIMIT problems.")] = None,
    backend: Annotated[str | None, typer.Option(help="hf or mock for step-wise strategies [default: hf].")] = None,
    model: Annotated[str | None, typer.Option(help="Model alias, folder, GGUF or hub id.")] = None,
    adapter: Annotated[str | None, typer.Option(help="A LoRA adapter folder.")] = None,
    backend_option: Annotated[list[str] | None, typer.Option(help="Backend setting key=value.")] = None,
    strategy: Annotated[str | None, typer.Option(help="beam, dvts, rebase, revisions, adaptive.")] = None,
    budgets: Annotated[str | None, typer.Option(help="Budgets N (final paths/samples), e.g. 4,8.")] = None,
    beam_width: Annotated[int | None, typer.Option(help="Beam width m (beam, dvts); must divide N.")] = None,
    temperature: Annotated[float | None, typer.Option(help="Sampling temperature [default: 0.8].")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Max tokens per step or attempt [default: 128].")] = None,
    step_verifier: Annotated[str | None, typer.Option(help="self_certainty or a process reward model.")] = None,
    step_verifier_option: Annotated[list[str] | None, typer.Option(help="Step verifier setting key=value.")] = None,
    aggregate: Annotated[str | None, typer.Option(help="Path score from step scores: last, min, mean.")] = None,
    seed: Annotated[int | None, typer.Option()] = None,
    strategy_option: Annotated[list[str] | None, typer.Option(help="Strategy setting key=value.")] = None,
) -> None:
    """Run a search strategy per budget (resumes: finished searches are never recomputed)."""
    data = config_mapping(config, what="search")
    flags = {
        "task": task,
        "split": split,
        "limit": limit,
        "backend": backend,
        "model": model,
        "adapter": adapter,
        "strategy": strategy,
        "budgets": None if budgets is None else parse_budgets(budgets),
        "beam_width": beam_width,
        "temperature": temperature,
        "max_tokens": max_tokens,
        "step_verifier": step_verifier,
        "aggregate": aggregate,
        "seed": seed,
    }
    options = [
        ("task_options", task_option, "--task-option"),
        ("backend_options", backend_option, "--backend-option"),
        ("step_verifier_options", step_verifier_option, "--step-verifier-option"),
        ("strategy_options", strategy_option, "--strategy-option"),
    ]
    layer_flags(data, flags, options)
    data.setdefault(
        "name", name or f"{data.get('strategy', 'beam')}-{Path(str(data.get('model', 'smollm2-135m'))).name}"
    )
    if name is not None:
        data["name"] = name
    spec = SearchSpec.parse(data)
    with SamplingProgress(f"{spec.name} (searches)") as progress:
        report = run_search(run, spec, progress=progress)
    console.print(points_table([p for p in report.points if p.budget in spec.budgets]))
    if report.computed == 0:
        console.print(f"nothing new generated: all {report.stored} searches were already stored in {run}")
    else:
        cost = report.cost
        console.print(
            f"[bold]{spec.name}[/]: {report.computed} searches computed ({cost.completion_tokens:,} generated, "
            f"{cost.prompt_tokens:,} prompt, {cost.verifier_tokens:,} verifier tokens, {cost.seconds:.1f} s), "
            f"{report.stored} already stored"
        )
