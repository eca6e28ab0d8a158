"""What the paired decision reads: each configuration's per-problem accuracy and per-problem cost.

A :class:`Measured` configuration is one deployable option as it was measured: its fixed cost ``F``
(dollars, taken as measured — it is paid once and is not resampled), and for every problem it was run on
the expected accuracy of its strategy on that problem (an exact or unbiased per-problem expectation, see
:class:`tradeoff.strategies.records.PerProblem`) and the dollars one query on that problem costs (tokens
and seconds vary by problem, so the per-query cost is a per-problem vector too, and its mean is the
configuration's per-query cost ``c``).

:func:`align` puts configurations side by side on the problems they share. Configurations measured on
different problem sets are never compared silently: the comparison uses the intersection of their problem
ids (and says so in a :class:`Notice`), and when fewer than ``min_common`` problems are shared the caller
must fall back to the independent approximation (:mod:`tradeoff.frontier.uncertainty`), again with a
named notice. A cost that was imported or assumed rather than measured is carried as ``cost_source`` and
named in a notice as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.strategies.records import PerProblem

CostSource = Literal["measured", "imported", "assumed"]
NoticeCode = Literal["common-problems", "independent-fallback", "cost-not-measured"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """A named warning attached to a decision (``code`` is stable; ``message`` is for people)."""

    code: NoticeCode
    message: str


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Measured:
    """One configuration as measured: ``accuracy[i]`` and ``per_query_cost[i]`` belong to ``problem_ids[i]``."""

    name: str
    fixed_cost: float
    problem_ids: tuple[str, ...]
    accuracy: NDArray[np.float64]
    per_query_cost: NDArray[np.float64]
    cost_source: CostSource = "measured"

    def __post_init__(self) -> None:
        acc, cost = np.asarray(self.accuracy, float), np.asarray(self.per_query_cost, float)
        n = len(self.problem_ids)
        if n == 0:
            raise ConfigError(f"configuration {self.name!r} was measured on no problems")
        if acc.shape != (n,) or cost.shape != (n,):
            raise ConfigError(f"configuration {self.name!r}: one accuracy and one cost per problem id are needed")
        if len(set(self.problem_ids)) != n:
            raise ConfigError(f"configuration {self.name!r}: problem ids repeat")
        if not (np.all(np.isfinite(acc)) and np.all((acc >= 0) & (acc <= 1))):
            raise ConfigError(f"configuration {self.name!r}: per-problem accuracies must lie in [0, 1]")
        if not (np.all(np.isfinite(cost)) and np.all(cost >= 0)) or not self.fixed_cost >= 0:
            raise ConfigError(f"configuration {self.name!r}: costs must be finite and >= 0")

    @property
    def problems(self) -> int:
        return len(self.problem_ids)


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Aligned:
    """Configurations on their common problems: ``accuracy`` and ``cost`` are (problems, configurations)."""

    names: tuple[str, ...]
    problem_ids: tuple[str, ...]
    accuracy: NDArray[np.float64]
    cost: NDArray[np.float64]
    fixed: NDArray[np.float64]
    notices: tuple[Notice, ...]

    @property
    def problems(self) -> int:
        return len(self.problem_ids)


def from_per_problem(
    name: str,
    result: PerProblem,
    k: int,
    *,
    problem_ids: Sequence[str],
    per_query_cost: NDArray[np.float64],
    fixed_cost: float,
    cost_source: CostSource = "measured",
) -> Measured:
    """A configuration from one strategy's per-problem values at budget ``k`` (a column of ``result``).

    ``per_query_cost`` is the dollars one query costs on each problem at that budget (e.g. k × the
    problem's mean tokens per sample × the price per token).
    """
    if k not in result.ks:
        raise ConfigError(f"{name}: budget k={k} was not estimated (have {list(result.ks)})")
    accuracy = np.asarray(result.values[:, result.ks.index(k)], dtype=float)
    return Measured(
        name=name,
        fixed_cost=float(fixed_cost),
        problem_ids=tuple(problem_ids),
        accuracy=accuracy,
        per_query_cost=np.asarray(per_query_cost, dtype=float),
        cost_source=cost_source,
    )


def common_ids(configs: Sequence[Measured]) -> tuple[str, ...]:
    """The problem ids every configuration was measured on, in the first configuration's order."""
    shared = set(configs[0].problem_ids).intersection(*(c.problem_ids for c in configs[1:]))
    return tuple(i for i in configs[0].problem_ids if i in shared)


def cost_notices(configs: Sequence[Measured]) -> tuple[Notice, ...]:
    return tuple(
        Notice(code="cost-not-measured", message=f"{c.name}: per-query cost is {c.cost_source}, not measured")
        for c in configs
        if c.cost_source != "measured"
    )


def align(configs: Sequence[Measured], *, min_common: int) -> Aligned | None:
    """The configurations on their common problems, or ``None`` when fewer than ``min_common`` are shared."""
    if not configs:
        raise ConfigError("no configurations to compare")
    names = tuple(c.name for c in configs)
    if len(set(names)) != len(names):
        raise ConfigError(f"configuration names repeat: {names}")
    ids = common_ids(configs)
    if len(ids) < max(min_common, 1):
        return None
    notices = cost_notices(configs)
    if any(c.problems != len(ids) for c in configs):
        sizes = ", ".join(f"{c.name}: {c.problems}" for c in configs)
        message = f"compared on the {len(ids)} problems all configurations share ({sizes})"
        notices = (Notice(code="common-problems", message=message), *notices)
    columns = [{p: i for i, p in enumerate(c.problem_ids)} for c in configs]
    rows = [[col[p] for p in ids] for col in columns]
    accuracy = np.column_stack([np.asarray(c.accuracy, float)[r] for c, r in zip(configs, rows, strict=True)])
    cost = np.column_stack([np.asarray(c.per_query_cost, float)[r] for c, r in zip(configs, rows, strict=True)])
    fixed = np.array([c.fixed_cost for c in configs], dtype=float)
    return Aligned(names=names, problem_ids=ids, accuracy=accuracy, cost=cost, fixed=fixed, notices=notices)
