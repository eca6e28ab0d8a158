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

import numpy as np

from tradeoff.errors import ConfigError, DataError
from tradeoff.run.handle import Run, VerifierChoice
from tradeoff.strategies.compute_optimal import DifficultyStudy, StudyOptions, difficulty_study
from tradeoff.strategies.difficulty import DifficultySource

DIFFICULTY = "difficulty.json"
SOURCES: tuple[DifficultySource, ...] = ("oracle", "verifier", "agreement")


def difficulty_studies(
    run: Run,
    *,
    options: StudyOptions,
    pools: Sequence[str] | None = None,
    verifier: VerifierChoice | None = None,
    seed: int = 0,
) -> list[tuple[str, DifficultyStudy]]:
    """One study per pool (by default every sampled pool of ``run``), seeded by ``seed``."""
    if options.source not in SOURCES:
        raise ConfigError(f"--difficulty-from must be one of {', '.join(SOURCES)}, got {options.source!r}")
    names = list(pools or [p for p in run.pools() if not run.spec(p).greedy])
    if not names:
        raise DataError(
            f"{run.path} holds no sampled pools; the study needs N > 1 samples per problem (`tradeoff sample -n`)"
        )
    out = []
    for pool in names:
        scores = None if verifier is None else run.verifier_scores(pool, verifier)
        study = difficulty_study(run.arrays(pool), rng=np.random.default_rng(seed), options=options, verifier=scores)
        out.append((pool, study))
    return out


def write_studies(run: Path, studies: Sequence[tuple[str, DifficultyStudy]]) -> Path:
    """Write ``difficulty.json``: every pool's choices per level and budget, and every figure with its interval."""
    path = Path(run) / DIFFICULTY
    path.write_text(json.dumps([{"pool": pool, **asdict(study)} for pool, study in studies], indent=2) + "\n")
    return path
