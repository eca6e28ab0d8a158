"""Everything an experiment spec names is checked before anything is spent, by ``validate`` and ``run`` alike.

:func:`preflight` runs inside :func:`tradeoff.experiment.load_spec`, so ``tradeoff validate``, ``tradeoff run``
and ``tradeoff run --dry-run`` refuse the same specs with the same line: every task, backend, verifier and
step verifier name; every task's data (read, not sampled); every task, backend and verifier option (unknown
or wrong-typed, against the constructor, without loading a model); the hardware's price and the price files;
and a run directory that is a file. The sizes of a grid have documented limits (:mod:`tradeoff.limits`),
checked in the spec models.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tradeoff.errors import ConfigError, UnknownNameError, UserError
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.options import check, mismatch


def preflight(spec: ExperimentSpec, *, where: str) -> None:
    """Raise one :class:`ConfigError` (prefixed with ``where``, the spec file) for the first problem found."""
    from tradeoff.backends import BACKENDS
    from tradeoff.cost.prices import load_prices
    from tradeoff.search.spec import SearchStrategyName
    from tradeoff.tasks import TASKS, get_task
    from tradeoff.verifiers import VERIFIERS

    try:
        for task in spec.tasks:  # reads each task's data: a missing or malformed file is found here
            _check_options(f"task {task.name!r}", TASKS.load(task.name), task.options)
            get_task(task.name, **task.options).problems(task.split, limit=task.limit)
        for entry in spec.training:
            if entry.task_options is not None:
                get_task(entry.task or spec.tasks[0].name, **entry.task_options)
        for model in spec.models:
            check(f"backend {model.backend!r}", BACKENDS.load(model.backend), model.options, skip=1)
        verifiers = {**{v: {} for v in spec.verifier_names()}, **spec.verifiers}
        for search in spec.search:
            if search.strategy not in typing.get_args(SearchStrategyName):
                raise UnknownNameError("search strategy", search.strategy, typing.get_args(SearchStrategyName))
            if search.step_verifier is not None:
                verifiers.setdefault(search.step_verifier, search.step_verifier_options)
        for name, options in verifiers.items():
            _check_options(f"verifier {name!r}", VERIFIERS.load(name), options)
        load_prices([Path(p) for p in spec.cost.prices]).hardware_price(spec.cost.hardware)
    except UserError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    root = Path(spec.run_dir) if spec.run_dir else Path("runs") / spec.name
    if root.exists() and not root.is_dir():
        raise ConfigError(f"{where}: run_dir {root} is a file, not a folder")


def _check_options(what: str, cls: Any, options: dict[str, Any]) -> None:
    """Options against the class's ``Options`` model when it declares one, else against its constructor."""
    model = getattr(cls, "Options", None)
    if model is None:
        check(what, cls, options)
        return
    try:
        model.model_validate(dict(options))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"bad option for {what} ({problems})") from None
    for key, value in options.items():  # pydantic's lax mode takes `true` for 1: a spec means something else
        field = model.model_fields.get(key)
        problem = None if field is None else mismatch(field.annotation, value)
        if problem:
            raise ConfigError(f"{what} option {key!r} {problem}")


__all__ = ["preflight"]
