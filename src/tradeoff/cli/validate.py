"""``tradeoff validate``: check an experiment spec or a pool spec (YAML), or a task data file (JSONL), without
running anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.backends import BACKENDS
from tradeoff.cli.common import console, parse_options
from tradeoff.errors import DataError, UnknownNameError
from tradeoff.experiment import expand, is_experiment, load_spec
from tradeoff.options import check
from tradeoff.pools.sample import PoolSpec
from tradeoff.tasks import TASKS, get_task
from tradeoff.yaml_safe import read_yaml


def _validate_spec(path: Path) -> str:
    data = read_yaml(path, what="spec")
    if is_experiment(data):
        return _validate_experiment(path)
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of pool settings at the top level")
    spec = PoolSpec.parse({"name": "validate", **data})
    get_task(spec.task, **spec.task_options).problems(spec.split, limit=spec.limit)
    check(f"backend {spec.backend!r}", BACKENDS.load(spec.backend), spec.backend_options, skip=1)
    return f"pool spec ok: {spec.task} × {spec.backend}:{spec.model}, n={spec.n}"


def _validate_experiment(path: Path) -> str:
    """An experiment spec: its structure (line-pointing errors) and every name it uses."""
    from tradeoff.verifiers import VERIFIERS

    spec = load_spec(path)
    names: list[tuple[str, str, list[str]]] = [("task", t.name, TASKS.names()) for t in spec.tasks]
    names += [("backend", m.backend, BACKENDS.names()) for m in spec.models]
    names += [("verifier", v, VERIFIERS.names()) for v in spec.verifier_names()]
    for kind, name, known in names:
        if name not in known:
            raise UnknownNameError(kind, name, known)
    stages = expand(spec)
    variants = sum(m.evaluate for m in spec.models) + sum(len(t.scales) for t in spec.training)
    return (
        f"experiment ok: {spec.name} — {len(spec.tasks)} task(s) × {variants} model variant(s) × "
        f"{len(spec.strategies)} strategies × {len(spec.cost.queries)} query volumes → {len(stages)} stages"
    )


def _validate_data(path: Path, task: str, options: dict[str, object]) -> str:
    loaded = get_task(task, path=str(path), **options)
    problems = loaded.problems("test")
    return f"{task} data ok: {len(problems)} problems"


def command(
    file: Annotated[Path, typer.Argument(help="A pool spec (.yaml) or a task data file (.jsonl).")],
    task: Annotated[str, typer.Option(help="For a data file: the task that reads it.")] = "jsonl",
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value.")] = None,
) -> None:
    """Check a config or data file; prints what it holds or a one-line error."""
    if not file.is_file():
        raise DataError(f"file not found: {file}")
    if file.suffix in (".yaml", ".yml"):
        message = _validate_spec(file)
    else:
        message = _validate_data(file, task, parse_options(task_option, flag="--task-option"))
    console.print(f"[green]✓[/] {message}")
