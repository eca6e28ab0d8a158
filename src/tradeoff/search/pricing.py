"""Search results as priced configurations beside the pool strategies of ``tradeoff plan``.

A search point (strategy × budget) is priced from what it measured, not from a per-token rate: its
per-query cost is ``seconds per problem × $/hour / 3600`` (the seconds the backend and the step verifier
reported for that point's searches, re-read prompt tokens included), and its fixed cost is the model
variant's (the training record beside an adapter, plus the plan's overheads) — the same terms as pools.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tradeoff.cost.overheads import Overhead, fixed_cost
from tradeoff.cost.prices import HardwarePrice, hardware_dollars
from tradeoff.frontier import Configuration
from tradeoff.ledger import Ledger
from tradeoff.run.plan import UNKNOWN_TRAINING, Priced, training_overheads
from tradeoff.search.runner import search_points
from tradeoff.search.store import stored_spec


def price_searches(
    run: Path,
    ledger: Ledger,
    price: HardwarePrice,
    *,
    overheads: Sequence[Overhead] = (),
    names: Sequence[str] | None = None,
) -> list[Priced]:
    """One :class:`Priced` per (search, strategy, budget) stored in ``run`` (or in the searches ``names``);
    none when the run holds no searches (their tables are made by the first search)."""
    if not ledger.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'searches'"):
        return []
    out = []
    for point in search_points(run):
        if names is not None and point.name not in names:
            continue
        spec = stored_spec(ledger, point.name) or {}
        adapter = spec.get("adapter")
        trained = None if adapter is None else training_overheads(str(adapter))
        terms = (*(trained or ()), *overheads)
        label = f"{point.strategy}@{point.budget}"
        config = Configuration(
            name=f"{point.name}:{label}",
            fixed_cost=fixed_cost(terms, price),
            per_query_cost=hardware_dollars(point.seconds, price),
            accuracy=point.accuracy,
        )
        tokens = point.generated_tokens + point.verifier_tokens
        flags = (UNKNOWN_TRAINING + " (no training term in the fixed cost)",) if adapter and trained is None else ()
        rate = point.seconds / tokens if tokens else 0.0
        out.append(Priced(configuration=config, pool=point.name, label=label, tokens_per_query=tokens,
                          seconds_per_token=rate, overheads=terms, flags=flags))  # fmt: skip
    return out


__all__ = ["price_searches"]
