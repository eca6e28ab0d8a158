"""A run directory as one handle: the directory, its one open ledger, the stored pool specs, and every
pool's arrays and curves computed once and handed on as values.

Every later stage of a run (pricing, deciding, the report, the experiment's final stages) reads a pool
through :meth:`Run.curves`; the first call for a (pool, verifier) computes the curves with their bootstrap,
the rest reuse them. Budgets: 1, 2, 4, … up to N and N (:func:`~tradeoff.strategies.default_ks`), plus any
budget the run was opened with (``ks``: what a spec or a command asks for), so one computation serves
every consumer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.errors import DataError
from tradeoff.ledger import Ledger
from tradeoff.pools import PoolSpec
from tradeoff.strategies import (
    EstimatorOptions,
    PoolArrays,
    PoolCurves,
    Strategy,
    VerifierScores,
    default_ks,
    pool_arrays,
    pool_curves,
    verifier_arrays,
)
from tradeoff.verifiers import Verifier, get_verifier

LEDGER = "ledger.sqlite"

_PLAIN: tuple[Strategy, ...] = ("sampled", "majority", "pass")
_RANKED: tuple[Strategy, ...] = ("weighted", "best_of")
_VARIANT = ("task", "task_options", "split", "backend", "model", "adapter")


@dataclass(frozen=True, slots=True)
class VerifierChoice:
    """A verifier by name with its options (its identity in the ledger includes them)."""

    name: str
    options: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, options: Mapping[str, Any] | None = None) -> VerifierChoice:
        return cls(name, tuple(sorted((options or {}).items())))

    def build(self) -> Verifier:
        return get_verifier(self.name, **dict(self.options))


@dataclass(eq=False)
class Run:
    """``path`` holds ``ledger.sqlite``; ``ks`` are budgets to estimate beside the defaults; ``seed`` and
    ``resamples`` drive the bootstrap of every curve."""

    path: Path
    ledger: Ledger
    ks: tuple[int, ...] = ()
    seed: int = 0
    resamples: int = 1000
    _specs: dict[str, PoolSpec] = field(default_factory=dict)
    _arrays: dict[str, PoolArrays] = field(default_factory=dict)
    _curves: dict[tuple[str, VerifierChoice | None], PoolCurves] = field(default_factory=dict)

    @classmethod
    @contextmanager
    def open(
        cls, path: Path, *, create: bool = False, ks: Sequence[int] = (), seed: int = 0, resamples: int = 1000
    ) -> Iterator[Run]:
        """Open the run directory ``path`` (``create``: make it if missing) for the length of a ``with``."""
        file = Path(path) / LEDGER
        if not create and not file.is_file():
            hint = f"create one with `tradeoff sample --run {path}`"
            raise DataError(f"{path} is not a run directory (no {LEDGER}); {hint}")
        with Ledger.open(file) as ledger:
            yield cls(Path(path), ledger, tuple(ks), seed, resamples)

    def pools(self) -> list[str]:
        return self.ledger.pools()

    def sampled_pools(self) -> list[str]:
        """Pools with more than greedy decoding (every pool when all are greedy)."""
        names = self.pools()
        if not names:
            raise DataError(f"{self.ledger.path} holds no pools; sample one with `tradeoff sample`")
        return [p for p in names if not self.spec(p).greedy] or names

    def spec(self, pool: str) -> PoolSpec:
        if pool not in self._specs:
            stored = self.ledger.pool_spec(pool)
            if stored is None:
                known = ", ".join(self.ledger.pools()) or "none"
                raise DataError(f"no pool {pool!r} in {self.ledger.path}; known: {known}")
            self._specs[pool] = PoolSpec.parse(stored)
        return self._specs[pool]

    def arrays(self, pool: str) -> PoolArrays:
        if pool not in self._arrays:
            spec = self.spec(pool)
            samples = self.ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
            self._arrays[pool] = pool_arrays(samples, pool=f"pool {pool!r}")
        return self._arrays[pool]

    def verify(self, pool: str, verifier: Verifier, *, force: bool = False) -> int:
        """Score the samples of ``pool`` with ``verifier`` where unscored; returns how many were scored."""
        spec = self.spec(pool)
        done = set() if force else set(self.ledger.verifier_scores(pool, verifier.identity))
        samples = self.ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
        todo = [s for s in samples if (s.problem_id, s.sample_index) not in done]
        if not todo:
            return 0
        problems = {p.id: p for p in self.ledger.problems(pool)}
        scores = verifier.score([(problems[s.problem_id], s) for s in todo])
        rows = [(s.problem_id, s.sample_index, v.score, v.tokens) for s, v in zip(todo, scores, strict=True)]
        self.ledger.add_verifier_scores(pool, verifier.identity, rows)
        self._curves = {k: v for k, v in self._curves.items() if k[0] != pool}
        return len(rows)

    def curves(self, pool: str, verifier: VerifierChoice | None = None) -> PoolCurves:
        """Every strategy of ``pool`` at every budget (see the module doc), computed once: without a verifier
        sampled@1, majority@k, pass@k (and greedy beside it, from a greedy pool of the same variant); with
        one, weighted@k and best-of-k, its scores computed and stored first where missing."""
        key = (pool, verifier)
        if key not in self._curves:
            self._curves[key] = self._compute(pool, verifier)
        return self._curves[key]

    def _compute(self, pool: str, verifier: VerifierChoice | None) -> PoolCurves:
        arrays = self.arrays(pool)
        ks = sorted({*default_ks(arrays.samples), *(k for k in self.ks if k <= arrays.samples)})
        scores = None if verifier is None else self.verifier_scores(pool, verifier)
        greedy = None if verifier is not None else self.greedy_reference(pool)
        strategies = _RANKED if verifier is not None else (*_PLAIN, *(("greedy",) if greedy is not None else ()))
        options = EstimatorOptions(resamples=self.resamples)
        return pool_curves(arrays, rng=np.random.default_rng(self.seed), ks=ks, strategies=strategies,
                           verifier=scores, greedy=greedy, options=options, pool=pool)  # fmt: skip

    def verifier_scores(self, pool: str, verifier: VerifierChoice) -> VerifierScores:
        """The verifier's score of every sample of ``pool``, aligned with its arrays (computed where missing)."""
        judge = verifier.build()
        self.verify(pool, judge)
        stored = self.ledger.verifier_scores(pool, judge.identity)
        return verifier_arrays(self.arrays(pool), stored, verifier=judge.identity, log_scale=judge.log_scale,
                               pool=f"pool {pool!r}")  # fmt: skip

    def greedy_reference(self, pool: str) -> PoolArrays | None:
        """A greedy pool of the same model variant (backend, model, adapter) and the same task, options and
        split that holds every problem of ``pool``, aligned: greedy accuracy of another model is no reference."""
        spec, arrays = self.spec(pool), self.arrays(pool)
        for name in self.pools():
            other = self.spec(name)
            if name == pool or not other.greedy or any(getattr(other, f) != getattr(spec, f) for f in _VARIANT):
                continue
            try:
                greedy = self.arrays(name)
            except DataError:
                continue
            where = {pid: i for i, pid in enumerate(greedy.problem_ids)}
            if all(pid in where for pid in arrays.problem_ids):
                return greedy.subset([where[pid] for pid in arrays.problem_ids])
        return None

    def write_json(self, name: str, payload: Any) -> Path:
        """Write ``payload`` as indented JSON to ``name`` inside the run directory."""
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
        return path


__all__ = ["LEDGER", "Run", "VerifierChoice"]
