"""The library API behind the pool commands: sample a pool into a run directory, score it, summarise it, and
its accuracy-vs-budget curves — each call opens the run once (a :class:`~tradeoff.run.handle.Run`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.backends import Backend, get_backend
from tradeoff.errors import ConfigError, DataError
from tradeoff.ledger import Ledger
from tradeoff.pools import PoolSpec, PoolSummary, Progress, SampleReport, sample_pool, score_pool, summarize
from tradeoff.run.handle import LEDGER, Run, VerifierChoice
from tradeoff.strategies import PoolCurves, Strategy, check_ks, select_points
from tradeoff.tasks import get_task

CURVES = "curves.json"


def open_ledger(run: Path, *, create: bool = False) -> Ledger:
    """The ledger of the run directory ``run`` (for commands that only read or write rows)."""
    path = Path(run) / LEDGER
    if not create and not path.is_file():
        raise DataError(f"{run} is not a run directory (no {LEDGER}); create one with `tradeoff sample --run {run}`")
    return Ledger.open(path)


def sample(
    spec: PoolSpec, run: Path, *, progress: Progress | None = None, backend: Backend | None = None
) -> SampleReport:
    """Fill one pool of ``run`` (resuming from what is stored) and score its new samples.

    ``backend``: an engine already built for ``spec``'s model (the caller keeps and closes it), so several
    pools of one model load it once; by default one is built for this call and closed after it.
    """
    task = get_task(spec.task, **spec.task_options)
    engine = backend or get_backend(spec.backend, spec.model, adapter=spec.adapter, **spec.backend_options)
    try:
        with open_ledger(run, create=True) as ledger:
            report = sample_pool(spec, task=task, backend=engine, ledger=ledger, progress=progress)
            score_pool(ledger, spec.name, task)
        return report
    finally:
        if backend is None:
            engine.close()


def score(run: Path, *, pools: list[str] | None = None, force: bool = False) -> dict[str, int]:
    """Score the stored samples of ``pools`` (all by default) with each pool's own task."""
    scored = {}
    with Run.open(run) as handle:
        for pool in pools or handle.pools():
            spec = handle.spec(pool)
            scored[pool] = score_pool(handle.ledger, pool, get_task(spec.task, **spec.task_options), force=force)
    return scored


def summaries(run: Path, *, pools: list[str] | None = None, seed: int = 0) -> list[PoolSummary]:
    with Run.open(run) as handle:
        out = []
        for pool in pools or handle.pools():
            spec = handle.spec(pool)
            samples = handle.ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
            usage = handle.ledger.usage(pool, limit=spec.limit, n=spec.n)
            out.append(summarize(pool, samples, usage=usage, spec=spec.model_dump(mode="json"),
                                 rng=np.random.default_rng(seed)))  # fmt: skip
    return out


def write_summaries(run: Path, items: list[PoolSummary], markdown: str) -> list[Path]:
    """Write ``summary.json`` and ``summary.md`` into the run directory."""
    paths = [Path(run) / "summary.json", Path(run) / "summary.md"]
    paths[0].write_text(json.dumps([asdict(s) for s in items], indent=2, default=str) + "\n")
    paths[1].write_text(markdown)
    return paths


def curves(
    run: Path,
    *,
    pools: Sequence[str] | None = None,
    ks: Sequence[int] | None = None,
    strategies: Sequence[Strategy] | None = None,
    verifier: str | None = None,
    verifier_options: dict[str, Any] | None = None,
    seed: int = 0,
    resamples: int = 1000,
) -> list[PoolCurves]:
    """Accuracy-vs-budget curves of ``pools`` (by default every sampled pool, else every pool), one record per
    pool, at ``ks`` (by default 1, 2, 4, … up to N, and N), for ``strategies`` (by default all that apply).

    A verifier's scores are computed and stored first where missing; a greedy pool of the same variant and
    problems in the run is shown beside each sampled pool.
    """
    choice = None if verifier is None else VerifierChoice.of(verifier, verifier_options)
    for s in strategies or ():
        if s in ("weighted", "best_of") and verifier is None:
            raise ConfigError(f"strategy {s!r} needs a verifier; add --verifier self_certainty (or oracle)")
    out = []
    with Run.open(run, ks=ks or (), seed=seed, resamples=resamples) as handle:
        for pool in pools or handle.sampled_pools():
            if ks is not None:
                check_ks(ks, handle.arrays(pool).samples, pool=f"pool {pool!r}")
            parts = [handle.curves(pool)]
            if choice is not None and not handle.spec(pool).greedy:
                parts.append(handle.curves(pool, choice))
            joined = replace(parts[-1], points=tuple(p for c in parts for p in c.points))
            out.append(select_points(joined, ks=ks, strategies=strategies))
    return out


def write_curves(run: Path, items: Sequence[PoolCurves]) -> Path:
    """Write ``curves.json`` into the run directory: every figure with its interval and estimator."""
    path = Path(run) / CURVES
    path.write_text(json.dumps([c.to_dict() for c in items], indent=2) + "\n")
    return path


def verify(run: Path, *, pool: str, verifier: Any, force: bool = False) -> int:
    """Score the samples of ``pool`` with ``verifier`` and store the scores; returns how many were scored."""
    with Run.open(run) as handle:
        return handle.verify(pool, verifier, force=force)


def stored_spec(ledger: Ledger, pool: str) -> PoolSpec:
    stored = ledger.pool_spec(pool)
    if stored is None:
        raise DataError(f"no pool {pool!r} in {ledger.path}; known: {', '.join(ledger.pools()) or 'none'}")
    return PoolSpec.parse(stored)


__all__ = [
    "CURVES", "LEDGER", "curves", "open_ledger", "sample", "score", "stored_spec", "summaries", "verify",
    "write_curves", "write_summaries",
]  # fmt: skip
