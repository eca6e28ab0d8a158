"""Pricing: measured costs and estimated accuracies → :class:`~tradeoff.frontier.Configuration` values.

Pure functions; what they price was measured elsewhere (:mod:`tradeoff.run.measure` reads the ledger and the
training records). Costs price **measured wall time** on one device of a hardware profile (``$/hour`` from
the dated, sourced price table, :mod:`tradeoff.cost.prices`):

- a pool strategy's per-query cost ``c = tokens per problem × (pool seconds / pool generated tokens) ×
  $/hour / 3600``: the point's tokens per problem (k × mean generated tokens, plus any verifier tokens,
  priced at the same rate) times the pool's measured seconds per generated token;
- a search point's per-query cost ``c = seconds per problem × $/hour / 3600`` (the seconds the backend and
  the step verifier reported for that point's searches, re-read prompt tokens included);
- the fixed cost ``F`` of either = the sum of explicit :class:`~tradeoff.cost.overheads.Overhead` terms (the
  training record beside an adapter, synthetic data, and the caller's set-up terms).

Which points are priced is the caller's :class:`~tradeoff.strategies.selection.Selection`: exactly what the
user asked for. pass@k is an oracle, never deployable, never priced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from tradeoff.cost.overheads import Overhead, fixed_cost
from tradeoff.cost.prices import HardwarePrice, hardware_dollars
from tradeoff.frontier import Configuration
from tradeoff.frontier.measured import Measured
from tradeoff.stats import Estimate
from tradeoff.strategies import PoolCurves, Strategy
from tradeoff.strategies.selection import Selection

UNKNOWN_TRAINING = "training cost unknown (no training term in the fixed cost)"
NO_TIME = "no measured time in the ledger (per-query cost $0)"


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolCost:
    """What a pool's measurements say about its cost: seconds per generated token and its fixed terms."""

    pool: str
    greedy: bool
    seconds_per_token: float
    adapter: str | None = None
    overheads: tuple[Overhead, ...] = ()
    training_known: bool = True  # False with an adapter whose training record is missing


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchCost:
    """A search point's measured accuracy and mean cost per problem, and its variant's fixed terms."""

    search: str
    label: str  # strategy@budget
    accuracy: Estimate
    seconds_per_problem: float
    tokens_per_problem: float
    overheads: tuple[Overhead, ...] = ()
    training_known: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Priced:
    """A configuration with where its costs came from."""

    configuration: Configuration
    pool: str
    label: str
    tokens_per_query: float
    seconds_per_token: float
    overheads: tuple[Overhead, ...] = ()
    flags: tuple[str, ...] = ()
    measured: Measured | None = field(default=None, compare=False)  # per problem, for paired decisions

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the per-problem arrays stay out; ``problems`` says how many were measured)."""
        out = {f: getattr(self, f) for f in ("pool", "label", "tokens_per_query", "seconds_per_token", "flags")}
        out["configuration"] = asdict(self.configuration)
        out["overheads"] = [asdict(o) for o in self.overheads]
        out["problems"] = None if self.measured is None else self.measured.problems
        return out


def price_pool(
    curves: PoolCurves,
    cost: PoolCost,
    price: HardwarePrice,
    *,
    selection: Selection,
    verifier: str | None = None,
    overheads: Sequence[Overhead] = (),
) -> list[Priced]:
    """One :class:`Priced` per point of ``curves`` that ``selection`` asks for (see the module doc); ``verifier``
    names the verifier (as the selection does) whose scores ranked ``curves``."""
    terms = (*cost.overheads, *overheads)
    fixed = fixed_cost(terms, price)
    flags = _flags(training_known=cost.training_known) + ((NO_TIME,) if cost.seconds_per_token == 0 else ())
    out = []
    for point in curves.points:
        label = selection.label(point.strategy, point.k, verifier=verifier, greedy_pool=cost.greedy)
        if label is None:
            continue
        config = Configuration(
            name=f"{curves.pool}:{label}",
            fixed_cost=fixed,
            per_query_cost=hardware_dollars(point.tokens * cost.seconds_per_token, price),
            accuracy=point.estimate,
        )
        measured = _measured(curves, point.strategy, point.k, name=config.name, fixed=fixed,
                             dollars_per_token=hardware_dollars(cost.seconds_per_token, price))  # fmt: skip
        out.append(Priced(configuration=config, pool=curves.pool, label=label, tokens_per_query=point.tokens,
                          seconds_per_token=cost.seconds_per_token, overheads=terms, flags=flags,
                          measured=measured))  # fmt: skip
    return out


def _measured(
    curves: PoolCurves, strategy: Strategy, k: int, *, name: str, fixed: float, dollars_per_token: float
) -> Measured | None:
    """The configuration per problem: its expected accuracy, and k × that problem's tokens per sample priced."""
    values = curves.values(strategy, k)
    if values is None or curves.tokens is None:
        return None
    if np.all((values > -1e-9) & (values < 1 + 1e-9)):  # exact estimators may sum to 1 + 2e-16
        values = np.clip(values, 0.0, 1.0)
    return Measured(name=name, fixed_cost=fixed, problem_ids=curves.problem_ids, accuracy=values,
                    per_query_cost=k * curves.tokens * dollars_per_token)  # fmt: skip


def price_search(cost: SearchCost, price: HardwarePrice, *, overheads: Sequence[Overhead] = ()) -> Priced:
    """A search point as a configuration, priced from the seconds it measured per problem."""
    terms = (*cost.overheads, *overheads)
    config = Configuration(
        name=f"{cost.search}:{cost.label}",
        fixed_cost=fixed_cost(terms, price),
        per_query_cost=hardware_dollars(cost.seconds_per_problem, price),
        accuracy=cost.accuracy,
    )
    rate = cost.seconds_per_problem / cost.tokens_per_problem if cost.tokens_per_problem else 0.0
    flags = _flags(training_known=cost.training_known)
    return Priced(configuration=config, pool=cost.search, label=cost.label, tokens_per_query=cost.tokens_per_problem,
                  seconds_per_token=rate, overheads=terms, flags=flags)  # fmt: skip


def _flags(*, training_known: bool) -> tuple[str, ...]:
    return () if training_known else (UNKNOWN_TRAINING,)


__all__ = ["NO_TIME", "UNKNOWN_TRAINING", "PoolCost", "Priced", "SearchCost", "price_pool", "price_search"]
