"""The per-difficulty compute-optimal study of a run's pools: the library API behind
``tradeoff curves --by-difficulty`` (the maths is :mod:`tradeoff.strategies.compute_optimal`).

It reads each pool's arrays from the ledger, scores it with the verifier where scores are missing (stored
with the verifier's identity and tokens), runs :func:`~tradeoff.strategies.compute_optimal.difficulty_study`
and writes ``RUN/difficulty.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.errors import ConfigError, DataError
from tradeoff.run.ops import open_ledger, stored_spec, verify
from tradeoff.strategies import Strategy, pool_arrays, verifier_arrays
from tradeoff.strategies.compute_optimal import DifficultyStudy, difficulty_study
from tradeoff.strategies.difficulty import DifficultySource
from tradeoff.verifiers import get_verifier

DIFFICULTY = "difficulty.json"
SOURCES: tuple[DifficultySource, ...] = ("oracle", "verifier", "agreement")


def difficulty_studies(
    run: Path,
    *,
    pools: Sequence[str] | None = None,
    ks: Sequence[int] | None = None,
    strategies: Sequence[Strategy] | None = None,
    verifier: str | None = None,
    verifier_options: dict[str, Any] | None = None,
    source: str = "oracle",
    bins: int = 5,
    seed: int = 0,
    resamples: int = 1000,
) -> list[tuple[str, DifficultyStudy]]:
    """One study per pool (by default every sampled pool of ``run``), seeded by ``seed``."""
    if source not in SOURCES:
        raise ConfigError(f"--difficulty-from must be one of {', '.join(SOURCES)}, got {source!r}")
    judge = None if verifier is None else get_verifier(verifier, **(verifier_options or {}))
    with open_ledger(run) as ledger:
        names = list(pools or [p for p in ledger.pools() if not stored_spec(ledger, p).greedy])
    if not names:
        raise DataError(
            f"{run} holds no sampled pools; the study needs N > 1 samples per problem (`tradeoff sample -n`)"
        )
    out = []
    for pool in names:
        if judge is not None:
            verify(run, pool=pool, verifier=judge)
        with open_ledger(run) as ledger:
            spec = stored_spec(ledger, pool)
            samples = ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
            arrays = pool_arrays(samples, pool=f"pool {pool!r}")
            scores = None
            if judge is not None:
                stored = ledger.verifier_scores(pool, judge.identity)
                scores = verifier_arrays(
                    arrays, stored, verifier=judge.identity, log_scale=judge.log_scale, pool=f"pool {pool!r}"
                )
        study = difficulty_study(
            arrays,
            rng=np.random.default_rng(seed),
            source=source,
            bins=bins,
            ks=ks,
            strategies=strategies,
            verifier=scores,
            resamples=resamples,
        )
        out.append((pool, study))
    return out


def write_studies(run: Path, studies: Sequence[tuple[str, DifficultyStudy]]) -> Path:
    """Write ``difficulty.json``: every pool's choices per level and budget, and every figure with its interval."""
    path = Path(run) / DIFFICULTY
    path.write_text(json.dumps([{"pool": pool, **asdict(study)} for pool, study in studies], indent=2) + "\n")
    return path
