"""The sample ledger: every generation, content-addressed, in one SQLite file per run directory.

Why SQLite: it ships with Python, it is ACID (a transaction is either all on disk or not at all), its
WAL journal keeps every committed transaction through a SIGKILL, any tool can query it with SQL, and a
run directory stays one portable file. DuckDB and Parquet are better for scans of millions of rows but
are an extra dependency and append-unfriendly; the ledger's access pattern (small commits while
sampling, whole-pool reads afterwards) is SQLite's. See ``docs/architecture.md``.

Tables (``schema.sql`` beside this file): ``samples`` (one row per generation, keyed by the hash of
everything that determines it), ``pools`` (a named pool's spec), ``problems`` (the problems a pool was
asked, with gold answers, so later stages need no task re-load), ``pool_samples`` (which sample answers
which problem of which pool), ``scores`` (the task's verdict per sample) and ``verifier_scores`` (a
verifier's score per sample, with the tokens it spent; added to schema 1 with ``IF NOT EXISTS``, so
ledgers created before it gain the table when opened).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from tradeoff.errors import DataError
from tradeoff.types import (
    Extraction,
    ExtractionMethod,
    FinishReason,
    Generation,
    Problem,
    Score,
    Usage,
)

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredSample:
    """A generation as the ledger holds it, with its place in a pool and its score if scored."""

    key: str
    problem_id: str
    sample_index: int
    generation: Generation
    score: Score | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """A run directory's ledger. Open it with :meth:`open`; every write method commits before returning."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Ledger:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable through process kills
            db.execute("PRAGMA foreign_keys=ON")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                db.executescript(resources.files("tradeoff.ledger").joinpath("schema.sql").read_text())
                db.executescript(_additions())
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise DataError(f"{path} has ledger schema {version}; this tradeoff reads {SCHEMA_VERSION}")
            else:
                db.executescript(_additions())
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{path} is not a readable tradeoff ledger ({exc})") from exc
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def sql(self, query: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only SQL query (the ledger is meant to be queried)."""
        return self._db.execute(query, parameters).fetchall()

    # pools and problems

    def pool_spec(self, pool: str) -> dict[str, object] | None:
        row = self._db.execute("SELECT spec_json FROM pools WHERE name = ?", (pool,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def pools(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM pools ORDER BY created_at, name")]

    def save_pool(self, pool: str, spec: dict[str, object], problems: Sequence[Problem]) -> None:
        """Create or update a pool's spec and record its problems (existing problems are kept)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO pools(name, spec_json, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET spec_json = excluded.spec_json",
                (pool, json.dumps(spec, sort_keys=True), _now()),
            )
            db.executemany(
                "INSERT OR IGNORE INTO problems(pool, problem_id, position, question, answer, solution,"
                " metadata_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (pool, p.id, i, p.question, p.answer, p.solution, json.dumps(dict(p.metadata)))
                    for i, p in enumerate(problems)
                ],
            )

    def problems(self, pool: str, *, limit: int | None = None) -> list[Problem]:
        rows = self._db.execute(
            "SELECT problem_id, question, answer, solution, metadata_json FROM problems"
            " WHERE pool = ? ORDER BY position LIMIT ?",
            (pool, -1 if limit is None else limit),
        )
        return [Problem(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    # samples

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
                [
                    (
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
                        _now(),
                    )
                    for key, _, _, g, request in rows
                ],
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
        return [_stored(r) for r in rows]

    def usage(self, pool: str, *, limit: int | None = None, n: int | None = None) -> Usage:
        """What the samples in the pool's view cost (see :meth:`samples` for ``limit`` and ``n``)."""
        row = self._db.execute(
            "SELECT COALESCE(SUM(s.prompt_tokens), 0), COALESCE(SUM(s.prefill_tokens), 0),"
            " COALESCE(SUM(s.completion_tokens), 0), COALESCE(SUM(s.seconds), 0.0), COUNT(*)"
            f" {_VIEW} {_VIEW_WHERE}",
            _view(pool, limit, n),
        ).fetchone()
        return Usage(int(row[0]), int(row[1]), int(row[2]), float(row[3]), int(row[4]))

    # scores

    def add_scores(self, pool: str, scorer: str, rows: Sequence[tuple[str, int, Score]]) -> None:
        """Store ``(problem_id, sample_index, score)`` rows under ``scorer`` (re-scoring replaces)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO scores(pool, problem_id, sample_index, scorer, answer, method,"
                " marker, correct, truncated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        pool,
                        pid,
                        idx,
                        scorer,
                        s.extraction.answer,
                        s.extraction.method.value,
                        s.extraction.marker,
                        int(s.correct),
                        int(s.truncated),
                        _now(),
                    )
                    for pid, idx, s in rows
                ],
            )

    # verifier scores

    def add_verifier_scores(self, pool: str, verifier: str, rows: Sequence[tuple[str, int, float, int]]) -> None:
        """Store ``(problem_id, sample_index, score, tokens)`` rows under ``verifier`` (re-scoring replaces)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO verifier_scores(pool, problem_id, sample_index, verifier, score, tokens,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(pool, pid, idx, verifier, float(score), int(tokens), _now()) for pid, idx, score, tokens in rows],
            )

    def verifier_scores(self, pool: str, verifier: str) -> dict[tuple[str, int], tuple[float, int]]:
        """``(problem_id, sample_index) → (score, tokens)`` for every sample of ``pool`` that ``verifier`` scored."""
        rows = self._db.execute(
            "SELECT problem_id, sample_index, score, tokens FROM verifier_scores WHERE pool = ? AND verifier = ?",
            (pool, verifier),
        )
        return {(str(r[0]), int(r[1])): (float(r[2]), int(r[3])) for r in rows}

    def verifiers(self, pool: str) -> list[str]:
        """The identities of the verifiers that scored samples of ``pool``."""
        rows = self._db.execute("SELECT DISTINCT verifier FROM verifier_scores WHERE pool = ? ORDER BY 1", (pool,))
        return [str(r[0]) for r in rows]


def _additions() -> str:
    """``additions.sql``: the tables created ``IF NOT EXISTS`` on every open (added to schema 1 later, and the
    search and experiment tables)."""
    return resources.files("tradeoff.ledger").joinpath("additions.sql").read_text()


_VIEW = (
    "FROM pool_samples ps JOIN samples s ON s.key = ps.key"
    " JOIN problems p ON p.pool = ps.pool AND p.problem_id = ps.problem_id"
)
_VIEW_WHERE = "WHERE ps.pool = ? AND p.position < ? AND ps.sample_index < ?"
_ALL = 2**62


def _view(pool: str, limit: int | None, n: int | None) -> tuple[str, int, int]:
    return pool, _ALL if limit is None else limit, _ALL if n is None else n


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
