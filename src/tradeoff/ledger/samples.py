"""The ledger's ``samples`` and ``pool_samples`` tables: every generation, and which pool problem it answers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tradeoff.ledger.health import stored_rows
from tradeoff.ledger.tables import LedgerConnection, now
from tradeoff.types import Extraction, ExtractionMethod, FinishReason, Generation, Score, Usage


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredSample:
    """A generation as the ledger holds it, with its place in a pool and its score if scored."""

    key: str
    problem_id: str
    sample_index: int
    generation: Generation
    score: Score | None = None


class SampleTables(LedgerConnection):
    """Generations keyed by their request's hash, linked to (pool, problem, sample index)."""

    def existing(self, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._db.execute(f"SELECT key FROM samples WHERE key IN ({marks})", chunk))
        return found

    def add_samples(
        self,
        pool: str,
        rows: Sequence[tuple[str, str, int, Generation, dict[str, object]]],
        links: Sequence[tuple[str, int, str]] = (),
    ) -> None:
        """Store ``(key, problem_id, sample_index, generation, request)`` rows and link them to ``pool``,
        plus extra ``(problem_id, sample_index, key)`` links to samples stored earlier, in one transaction."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO samples(key, backend, request_json, text, prompt_tokens,"
                " prefill_tokens, completion_tokens, finish_reason, token_logprobs_json, seconds, seed,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_sample_row(key, g, request) for key, _, _, g, request in rows],
            )
            db.executemany(
                "INSERT OR IGNORE INTO pool_samples(pool, problem_id, sample_index, key) VALUES (?, ?, ?, ?)",
                [(pool, pid, idx, key) for key, pid, idx, _, _ in rows]
                + [(pool, pid, idx, key) for pid, idx, key in links],
            )

    def linked(self, pool: str) -> set[tuple[str, int]]:
        rows = self._db.execute("SELECT problem_id, sample_index FROM pool_samples WHERE pool = ?", (pool,))
        return {(r[0], r[1]) for r in rows}

    def samples(
        self, pool: str, *, scorer: str | None = None, limit: int | None = None, n: int | None = None
    ) -> list[StoredSample]:
        """The samples of ``pool`` in problem order, with their score under ``scorer`` when scored.

        ``limit`` and ``n`` select the pool's current view (its first ``limit`` problems, sample indices
        below ``n``): a pool that once held more keeps those samples, but reports only what it asks for now.
        """
        rows = self._db.execute(
            "SELECT s.key, ps.problem_id, ps.sample_index, s.text, s.prompt_tokens, s.prefill_tokens,"
            " s.completion_tokens, s.finish_reason, s.token_logprobs_json, s.seconds, s.seed,"
            " sc.answer, sc.method, sc.marker, sc.correct, sc.truncated"
            f" {_VIEW}"
            " LEFT JOIN scores sc ON sc.pool = ps.pool AND sc.problem_id = ps.problem_id"
            "  AND sc.sample_index = ps.sample_index AND sc.scorer = ?"
            f" {_VIEW_WHERE} ORDER BY p.position, ps.sample_index",
            (scorer or "", *_view(pool, limit, n)),
        )
        return stored_rows(self.path, rows, _stored)  # a value this tradeoff never writes is named

    def usage(self, pool: str, *, limit: int | None = None, n: int | None = None) -> Usage:
        """What the samples in the pool's view cost (see :meth:`samples` for ``limit`` and ``n``)."""
        row = self._db.execute(
            "SELECT COALESCE(SUM(s.prompt_tokens), 0), COALESCE(SUM(s.prefill_tokens), 0),"
            " COALESCE(SUM(s.completion_tokens), 0), COALESCE(SUM(s.seconds), 0.0), COUNT(*)"
            f" {_VIEW} {_VIEW_WHERE}",
            _view(pool, limit, n),
        ).fetchone()
        return Usage(int(row[0]), int(row[1]), int(row[2]), float(row[3]), int(row[4]))


_VIEW = (
    "FROM pool_samples ps JOIN samples s ON s.key = ps.key"
    " JOIN problems p ON p.pool = ps.pool AND p.problem_id = ps.problem_id"
)
_VIEW_WHERE = "WHERE ps.pool = ? AND p.position < ? AND ps.sample_index < ?"
_ALL = 2**62


def _view(pool: str, limit: int | None, n: int | None) -> tuple[str, int, int]:
    return pool, _ALL if limit is None else limit, _ALL if n is None else n


def _sample_row(key: str, g: Generation, request: dict[str, object]) -> tuple[object, ...]:
    return (
        key,
        str(request["backend"]),
        json.dumps(request, sort_keys=True, ensure_ascii=False),
        g.text,
        g.prompt_tokens,
        g.prefill_tokens,
        g.completion_tokens,
        g.finish_reason.value,
        None if g.token_logprobs is None else json.dumps(g.token_logprobs),
        g.seconds,
        g.seed,
        now(),
    )


def _stored(row: tuple[Any, ...]) -> StoredSample:
    (key, pid, idx, text, pt, pf, ct, finish, lp, secs, seed, ans, method, marker, correct, trunc) = row
    generation = Generation(
        text=str(text),
        prompt_tokens=int(pt),
        prefill_tokens=int(pf),
        completion_tokens=int(ct),
        finish_reason=FinishReason(finish),
        seconds=float(secs),
        token_logprobs=None if lp is None else tuple(json.loads(str(lp))),
        seed=None if seed is None else int(seed),
    )
    score = None
    if method is not None:
        extraction = Extraction(None if ans is None else str(ans), ExtractionMethod(method), marker)
        score = Score(extraction=extraction, correct=bool(correct), truncated=bool(trunc))
    return StoredSample(key=str(key), problem_id=str(pid), sample_index=int(idx), generation=generation, score=score)
