"""A run directory: ``ledger.sqlite`` (every sample and score) plus the summaries written from it.

These functions are the library API the CLI commands call: sample a pool, score it, summarise it,
score it with a verifier, and estimate its accuracy-vs-budget curves.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.backends import Backend, get_backend
from tradeoff.errors import DataError
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec, Progress, SampleReport, sample_pool
from tradeoff.pools.score import score_pool
from tradeoff.strategies import (
    PoolArrays,
    PoolCurves,
    Strategy,
    default_ks,
    pool_arrays,
    pool_curves,
    verifier_arrays,
)
from tradeoff.pools.summary import PoolSummary, summarize
from tradeoff.tasks import get_task
from tradeoff.verifiers import Verifier, get_verifier

LEDGER = "ledger.sqlite"
CURVES = "curves.json"


def open_ledger(run: Path, *, create: bool = False) -> Ledger:
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
    with open_ledger(run) as ledger:
        for pool in pools or ledger.pools():
            spec = stored_spec(ledger, pool)
            scored[pool] = score_pool(ledger, pool, get_task(spec.task, **spec.task_options), force=force)
    return scored


def summaries(run: Path, *, pools: list[str] | None = None, seed: int = 0) -> list[PoolSummary]:
    with open_ledger(run) as ledger:
        out = []
        for pool in pools or ledger.pools():
            spec = stored_spec(ledger, pool)
            out.append(
                summarize(
                    pool,
                    ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n),
                    usage=ledger.usage(pool, limit=spec.limit, n=spec.n),
                    spec=spec.model_dump(mode="json"),
                    rng=np.random.default_rng(seed),
                )
            )
    return out


def write_summaries(run: Path, items: list[PoolSummary], markdown: str) -> list[Path]:
    """Write ``summary.json`` and ``summary.md`` into the run directory."""
    paths = [Path(run) / "summary.json", Path(run) / "summary.md"]
    paths[0].write_text(json.dumps([asdict(s) for s in items], indent=2, default=str) + "\n")
    paths[1].write_text(markdown)
    return paths


def verify(run: Path, *, pool: str, verifier: Verifier, force: bool = False) -> int:
    """Score the samples of ``pool`` with ``verifier`` and store the scores; returns how many were scored."""
    with open_ledger(run) as ledger:
        return _verify(ledger, pool, stored_spec(ledger, pool), verifier, force=force)


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
    """Accuracy-vs-budget curves of ``pools`` (by default every sampled pool, else every pool) at ``ks``
    (by default 1, 2, 4, … up to N, and N).

    A verifier's scores are computed and stored first where missing; a greedy pool of the same task and
    problems in the run is shown beside each sampled pool.
    """
    judge = None if verifier is None else get_verifier(verifier, **(verifier_options or {}))
    out = []
    with open_ledger(run) as ledger:
        for pool in pools or _curve_pools(ledger):
            spec = stored_spec(ledger, pool)
            arrays = _arrays(ledger, pool, spec)
            scores = None
            if judge is not None:
                _verify(ledger, pool, spec, judge)
                stored = ledger.verifier_scores(pool, judge.identity)
                scores = verifier_arrays(
                    arrays, stored, verifier=judge.identity, log_scale=judge.log_scale, pool=f"pool {pool!r}"
                )
            out.append(
                pool_curves(
                    arrays,
                    rng=np.random.default_rng(seed),
                    ks=default_ks(arrays.samples) if ks is None else ks,
                    strategies=strategies,
                    verifier=scores,
                    greedy=_greedy_reference(ledger, pool, spec, arrays),
                    resamples=resamples,
                    pool=pool,
                )
            )
    return out


def write_curves(run: Path, items: Sequence[PoolCurves]) -> Path:
    """Write ``curves.json`` into the run directory: every figure with its interval and estimator."""
    path = Path(run) / CURVES
    payload = [
        {
            "pool": c.pool,
            "problems": c.problems,
            "samples_per_problem": c.samples_per_problem,
            "verifier": c.verifier,
            "points": [{"label": p.label, **asdict(p)} for p in c.points],
        }
        for c in items
    ]
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def _arrays(ledger: Ledger, pool: str, spec: PoolSpec) -> PoolArrays:
    samples = ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
    return pool_arrays(samples, pool=f"pool {pool!r}")


def _verify(ledger: Ledger, pool: str, spec: PoolSpec, verifier: Verifier, *, force: bool = False) -> int:
    done = set() if force else set(ledger.verifier_scores(pool, verifier.identity))
    samples = ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
    todo = [s for s in samples if (s.problem_id, s.sample_index) not in done]
    if not todo:
        return 0
    problems = {p.id: p for p in ledger.problems(pool)}
    scores = verifier.score([(problems[s.problem_id], s) for s in todo])
    rows = [(s.problem_id, s.sample_index, v.score, v.tokens) for s, v in zip(todo, scores, strict=True)]
    ledger.add_verifier_scores(pool, verifier.identity, rows)
    return len(rows)


def _curve_pools(ledger: Ledger) -> list[str]:
    names = ledger.pools()
    sampled = [p for p in names if not stored_spec(ledger, p).greedy]
    if not names:
        raise DataError(f"{ledger.path} holds no pools; sample one with `tradeoff sample`")
    return sampled or names


def _greedy_reference(ledger: Ledger, pool: str, spec: PoolSpec, arrays: PoolArrays) -> PoolArrays | None:
    """A greedy pool of the same model variant (backend, model, adapter) and the same task, options and split
    that holds every problem of ``arrays``, aligned: greedy accuracy of another model is no reference."""
    same = ("task", "task_options", "split", "backend", "model", "adapter")
    for name in ledger.pools():
        other = stored_spec(ledger, name)
        if name == pool or not other.greedy or any(getattr(other, f) != getattr(spec, f) for f in same):
            continue
        try:
            greedy = _arrays(ledger, name, other)
        except DataError:
            continue
        where = {pid: i for i, pid in enumerate(greedy.problem_ids)}
        if all(pid in where for pid in arrays.problem_ids):
            return greedy.subset([where[pid] for pid in arrays.problem_ids])
    return None


def stored_spec(ledger: Ledger, pool: str) -> PoolSpec:
    stored = ledger.pool_spec(pool)
    if stored is None:
        raise DataError(f"no pool {pool!r} in {ledger.path}; known: {', '.join(ledger.pools()) or 'none'}")
    return PoolSpec.parse(stored)
