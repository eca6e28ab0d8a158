"""``tradeoff plan``: every (pool, strategy, k) of a run priced as a :class:`Configuration`, and the decision.

Costs price **measured wall time** on one device of a hardware profile (``$/hour`` from the dated, sourced
price table, :mod:`tradeoff.cost.prices`):

- per-query cost ``c = tokens per problem × (ledger seconds / ledger completion tokens) × $/hour / 3600``:
  the point's tokens per problem (k × mean generated tokens, plus any verifier tokens, priced at the same
  rate) times the pool's measured seconds per generated token;
- fixed cost ``F`` = the sum of explicit :class:`~tradeoff.cost.overheads.Overhead` terms: for a pool with an
  ``adapter``, the training record ``Path(adapter).parent / "training.json"`` gives a ``training`` term
  (its seconds at the same $/hour) and, when its ``data`` carries ``"cost": {usd, seconds, source}``
  (synthetic data, self-distillation), a ``synthetic_data`` term (usd as is, seconds at the same rate);
  terms given by the caller (set-up, model load, billing minimum) are added to every configuration.
  A missing record gives no training term and the flag ``training cost unknown``.

**Uncertainty** (:mod:`tradeoff.frontier.uncertainty`): costs are measured, accuracies are not. Monte Carlo
draws from each configuration's 95 % interval give how often each configuration is on the frontier at Q
and, with a target, how often the recommendation is the cheapest reaching it and a 95 % interval on the
volume where that target plan first switches (its break-even).

Greedy pools (temperature 0, n = 1) give one configuration, ``POOL:greedy``; sampled pools give sampled@1
and majority@k (weighted and best-of-k with a verifier) for k ≥ 2. pass@k is an oracle, not deployable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from tradeoff.cost.overheads import Overhead, data_cost, fixed_cost
from tradeoff.cost.prices import HardwarePrice, hardware_dollars, load_prices
from tradeoff.errors import ConfigError, DataError
from tradeoff.frontier import (
    BreakEven,
    Configuration,
    SwitchInterval,
    best_within_budget,
    break_even,
    cheapest_reaching,
    draw_accuracies,
    frontier_frequency,
    pareto_frontier,
    plan_frequency,
    target_envelope,
)
from tradeoff.reports.plan_text import plan_reasons, usd
from tradeoff.run.ops import curves, open_ledger, stored_spec
from tradeoff.stats import Estimate
from tradeoff.strategies import PoolCurves, Strategy
from tradeoff.train.record import RECORD_FILE

UNKNOWN_TRAINING = "training cost unknown"
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
class Priced:
    """A configuration with where its costs came from."""

    configuration: Configuration
    pool: str
    label: str
    tokens_per_query: float
    seconds_per_token: float
    overheads: tuple[Overhead, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The frontier at ``queries``, the recommended configuration, its break-evens and the reasons."""

    queries: float
    hardware: str
    price: HardwarePrice
    rule: Literal["budget", "target", "most-accurate"]
    budget: float | None
    target: float | None
    configurations: tuple[Priced, ...]
    frontier: tuple[str, ...]
    recommended: str
    break_evens: tuple[tuple[str, BreakEven], ...]
    reasons: tuple[str, ...]
    on_frontier: tuple[tuple[str, float], ...] = ()  # share of accuracy draws with each config on the frontier
    chosen_share: float | None = None  # with a target: share of draws where the recommendation is the cheapest
    switch: SwitchInterval | None = None  # with a target: 95 % interval on the target plan's first break-even

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["price"] = self.price.model_dump(mode="json")
        out["totals"] = {p.configuration.name: p.configuration.total(self.queries) for p in self.configurations}
        return out


def price_curves(
    items: Sequence[PoolCurves],
    costs: Mapping[str, PoolCost],
    price: HardwarePrice,
    *,
    overheads: Sequence[Overhead] = (),
) -> list[Priced]:
    """One :class:`Priced` per deployable curve point (see the module doc for the formulas)."""
    out = []
    for item in items:
        cost = costs[item.pool]
        terms = (*cost.overheads, *overheads)
        fixed = fixed_cost(terms, price)
        flags: tuple[str, ...] = (
            (UNKNOWN_TRAINING + " (no training term in the fixed cost)",) if not cost.training_known else ()
        )
        flags += (NO_TIME,) if cost.seconds_per_token == 0 else ()
        for point in item.points:
            if point.strategy == "pass" or (point.strategy != "sampled" and point.k == 1):
                continue
            label = "greedy" if cost.greedy else point.label
            config = Configuration(
                name=f"{item.pool}:{label}",
                fixed_cost=fixed,
                per_query_cost=hardware_dollars(point.tokens * cost.seconds_per_token, price),
                accuracy=point.estimate,
            )
            out.append(Priced(configuration=config, pool=item.pool, label=label, tokens_per_query=point.tokens,
                              seconds_per_token=cost.seconds_per_token, overheads=terms, flags=flags))  # fmt: skip
    return out


def decide(
    priced: Sequence[Priced],
    *,
    queries: float,
    hardware: str,
    price: HardwarePrice,
    budget: float | None = None,
    target: float | None = None,
    seed: int = 0,
    draws: int = 2000,
) -> Plan:
    """The frontier at ``queries`` and the recommendation: with ``target``, only configurations reaching it
    count; with ``budget``, the most accurate fitting it; else with ``target``, the cheapest; else the most
    accurate on the frontier."""
    if not queries > 0:
        raise ConfigError(f"--queries must be > 0, got {queries}")
    if not priced:
        raise DataError("the run has no deployable configurations; sample a pool with `tradeoff sample`")
    configs = [p.configuration for p in priced]
    frontier = pareto_frontier(configs, queries=queries)
    pool = configs
    if target is not None:
        if not 0 <= target <= 1:
            raise ConfigError(f"--target-accuracy must be between 0 and 1, got {target}")
        if cheapest_reaching(configs, queries=queries, target=target) is None:
            best = max(configs, key=lambda c: c.accuracy.value)
            raise ConfigError(
                f"no configuration reaches accuracy {target:g}; "
                f"the best available is {best.name} at {best.accuracy.format()}"
            )
        pool = [c for c in configs if c.accuracy.value >= target]
    if budget is not None:
        chosen = best_within_budget(pool, queries=queries, budget=budget)
        if chosen is None:
            cheapest = min(pool, key=lambda c: c.total(queries))
            raise ConfigError(
                f"no configuration fits {usd(budget)} at {queries:,.0f} queries; the cheapest is "
                f"{cheapest.name} at {usd(cheapest.total(queries))}"
            )
        rule: Literal["budget", "target", "most-accurate"] = "budget"
    elif target is not None:
        chosen = cheapest_reaching(configs, queries=queries, target=target)
        rule = "target"
    else:
        chosen = max(frontier, key=lambda c: (c.accuracy.value, -c.total(queries)))
        rule = "most-accurate"
    assert chosen is not None
    others = [c for c in frontier if c.name != chosen.name]
    spread = _uncertainty(configs, chosen.name, queries=queries, target=target, seed=seed, draws=draws)
    plan = Plan(queries=queries, hardware=hardware, price=price, rule=rule, budget=budget, target=target,
                configurations=tuple(priced), frontier=tuple(c.name for c in frontier), recommended=chosen.name,
                break_evens=tuple((c.name, break_even(chosen, c)) for c in others), reasons=(), **spread)  # fmt: skip
    return replace(plan, reasons=plan_reasons(plan))


def _uncertainty(
    configs: Sequence[Configuration], chosen: str, *, queries: float, target: float | None, seed: int, draws: int
) -> dict[str, Any]:
    """Frontier frequency at Q; with a target, the share choosing ``chosen`` and the switch interval."""
    rng = np.random.default_rng(seed)
    share = frontier_frequency(configs, queries=queries, rng=rng, draws=draws)
    out: dict[str, Any] = {"on_frontier": tuple(share.items())}
    if target is not None:
        out["chosen_share"] = plan_frequency(configs, queries=queries, target=target, rng=rng, draws=draws)[chosen]
        out["switch"] = switch_interval(configs, target=target, rng=rng, draws=draws)
    return out


def switch_interval(
    configs: Sequence[Configuration], *, target: float, rng: np.random.Generator, draws: int = 2000
) -> SwitchInterval:
    """95 % percentile interval, over accuracy draws, of the first volume where the cheapest configuration
    reaching ``target`` changes: per draw, the second phase of :func:`target_envelope`, whose start at Q → 0⁺
    breaks ties in fixed cost by per-query cost (so free configurations do not "switch" at Q = 0)."""
    firsts = []
    for row in draw_accuracies(configs, draws=draws, rng=rng):
        drawn = [replace(c, accuracy=Estimate(a, a, a, "draw", 0)) for c, a in zip(configs, row, strict=True)]
        phases = target_envelope(drawn, target=target)
        if len(phases) > 1:
            firsts.append(phases[1][0])
    if not firsts:
        return SwitchInterval(low=float("nan"), median=float("nan"), high=float("nan"), no_switch=1.0)
    low, median, high = np.percentile(firsts, [2.5, 50, 97.5])
    return SwitchInterval(low=float(low), median=float(median), high=float(high), no_switch=1 - len(firsts) / draws)


def training_overheads(adapter: str) -> tuple[Overhead, ...] | None:
    """The fixed terms of the training record beside the adapter (``Path(adapter).parent / training.json``):
    its measured seconds, and its data's cost when recorded; ``None`` when there is no record."""
    path = Path(adapter).parent / RECORD_FILE
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text())
        training = Overhead(kind="training", seconds=float(record["seconds"]), source=str(path))
    except (ValueError, KeyError, TypeError):
        raise DataError(f"{path}: not a training record with a numeric `seconds`") from None
    data = record.get("data")
    synthetic = data_cost(data, where=str(path)) if isinstance(data, dict) else None
    return (training,) if synthetic is None else (training, synthetic)


def plan_run(
    run: Path,
    *,
    queries: float,
    hardware: str = "cpu-core",
    prices: Sequence[Path] = (),
    budget: float | None = None,
    target: float | None = None,
    verifier: str | None = None,
    seed: int = 0,
    overheads: Sequence[Overhead] = (),
    pools: Sequence[str] | None = None,
    searches: Sequence[str] | None = None,
) -> Plan:
    """Measure every pool and search of ``run`` (or only ``pools`` and ``searches``: ledger usage, training
    records), price them and :func:`decide`.

    ``overheads``: fixed terms added to every configuration (set-up, model load, billing minimum)."""
    if not queries > 0:
        raise ConfigError(f"--queries must be > 0, got {queries}")
    price = load_prices(prices).hardware_price(hardware)
    costs: dict[str, PoolCost] = {}
    with open_ledger(run) as ledger:
        from tradeoff.search.pricing import price_searches  # it prices with this module's terms

        searched = price_searches(run, ledger, price, overheads=overheads, names=searches)
        names = [p for p in ledger.pools() if pools is None or p in pools]
        if not names and not searched:
            raise DataError(f"{run} holds no pools; sample one with `tradeoff sample --run {run}`")
        for name in names:
            spec = stored_spec(ledger, name)
            usage = ledger.usage(name, limit=spec.limit, n=spec.n)
            if usage.completion_tokens <= 0:
                raise DataError(f"pool {name!r} has no generated tokens to measure; sample it first")
            terms = None if spec.adapter is None else training_overheads(spec.adapter)
            costs[name] = PoolCost(
                pool=name,
                greedy=spec.greedy,
                adapter=spec.adapter,
                seconds_per_token=usage.seconds / usage.completion_tokens,
                overheads=terms or (),
                training_known=spec.adapter is None or terms is not None,
            )
    items: list[PoolCurves] = []
    sampled: list[Strategy] = ["sampled", "majority", *(["weighted", "best_of"] if verifier else [])]  # type: ignore[list-item]
    for name, cost in costs.items():
        strategies: list[Strategy] = ["sampled"] if cost.greedy else sampled
        items += curves(run, pools=[name], strategies=strategies, verifier=None if cost.greedy else verifier, seed=seed)
    priced = price_curves(items, costs, price, overheads=overheads) + searched
    return decide(priced, queries=queries, hardware=hardware, price=price, budget=budget, target=target, seed=seed)
