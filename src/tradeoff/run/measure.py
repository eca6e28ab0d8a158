"""Measuring what a run's configurations cost, from what the run stored: a pool's seconds per generated token
(its ledger usage), a search point's seconds and tokens per problem, and the fixed terms of the training
record beside an adapter (its measured seconds, and its data's cost when recorded).

Pricing these measurements is :mod:`tradeoff.cost.pricing`'s (pure); this module only reads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from tradeoff.cost.overheads import Overhead, recorded_data_cost
from tradeoff.cost.pricing import PoolCost, SearchCost
from tradeoff.errors import DataError
from tradeoff.run.handle import Run
from tradeoff.train.record import RECORD_FILE


def pool_cost(run: Run, pool: str) -> PoolCost:
    """Seconds per generated token over the pool's stored samples, and its adapter's training terms."""
    spec = run.spec(pool)
    usage = run.ledger.usage(pool, limit=spec.limit, n=spec.n)
    if usage.completion_tokens <= 0:
        raise DataError(f"pool {pool!r} has no generated tokens to measure; sample it first")
    terms = None if spec.adapter is None else training_overheads(spec.adapter)
    return PoolCost(
        pool=pool,
        greedy=spec.greedy,
        adapter=spec.adapter,
        seconds_per_token=usage.seconds / usage.completion_tokens,
        overheads=terms or (),
        training_known=spec.adapter is None or terms is not None,
    )


def search_costs(run: Run, *, names: Sequence[str] | None = None) -> list[SearchCost]:
    """One :class:`SearchCost` per (search, strategy, budget) stored in the run (or in ``names``); none when
    the run holds no searches (their tables are made by the first search)."""
    if not run.ledger.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'searches'"):
        return []
    from tradeoff.search.runner import ledger_points
    from tradeoff.search.store import stored_search

    out = []
    for point in ledger_points(run.ledger, None):
        if names is not None and point.name not in names:
            continue
        adapter = (stored_search(run.ledger, point.name) or {}).get("adapter")
        trained = None if adapter is None else training_overheads(str(adapter))
        out.append(SearchCost(search=point.name, label=f"{point.strategy}@{point.budget}", accuracy=point.accuracy,
                              seconds_per_problem=point.seconds,
                              tokens_per_problem=point.generated_tokens + point.verifier_tokens,
                              overheads=trained or (),
                              training_known=adapter is None or trained is not None))  # fmt: skip
    return out


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
    synthetic = recorded_data_cost(data, where=str(path)) if isinstance(data, dict) else None
    return (training,) if synthetic is None else (training, synthetic)


__all__ = ["pool_cost", "search_costs", "training_overheads"]
