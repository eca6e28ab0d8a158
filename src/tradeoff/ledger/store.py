"""The sample ledger: every generation, content-addressed, in one SQLite file per run directory.

Why SQLite: it ships with Python, it is ACID (a transaction is either all on disk or not at all), its
WAL journal keeps every committed transaction through a SIGKILL, any tool can query it with SQL, and a
run directory stays one portable file. DuckDB and Parquet are better for scans of millions of rows but
are an extra dependency and append-unfriendly; the ledger's access pattern (small commits while
sampling, whole-pool reads afterwards) is SQLite's. See ``docs/architecture.md``.

Tables (``schema.sql`` beside this file), one mixin per concern: ``pools`` and ``problems`` (``pools.py``: a named
pool's spec and the problems it was asked, with gold answers, so later stages need no task re-load), ``samples``
and ``pool_samples`` (``samples.py``: one row per generation, keyed by the hash of everything that determines it,
and which sample answers which problem of which pool), ``scores`` and ``verifier_scores`` (``scores.py``: the
task's verdict per sample, and a verifier's score per sample with the tokens it spent). ``additions.sql`` holds
the tables created ``IF NOT EXISTS`` on every open (``verifier_scores``, added to schema 1 later, and the search
and experiment tables), so ledgers created before them gain them. This module opens the file and checks its
schema.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from tradeoff.errors import DataError
from tradeoff.ledger import lock
from tradeoff.ledger.health import check_openable, check_tables, unreadable
from tradeoff.ledger.pools import PoolTables
from tradeoff.ledger.samples import SampleTables, StoredSample
from tradeoff.ledger.scores import ScoreTables

__all__ = ["SCHEMA_VERSION", "Ledger", "StoredSample"]

SCHEMA_VERSION = 1


class Ledger(PoolTables, SampleTables, ScoreTables):
    """A run directory's ledger. Open it with :meth:`open`; every write method commits before returning."""

    @classmethod
    def open(cls, path: str | Path) -> Ledger:
        path = Path(path)
        check_openable(path)
        held = None
        try:
            db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable through process kills
            db.execute("PRAGMA foreign_keys=ON")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:  # a new ledger: created by one writer only
                held = lock.acquire(path.parent)
                schema = resources.files("tradeoff.ledger").joinpath("schema.sql").read_text()
                # one transaction: a kill while creating it leaves an empty ledger, never half a schema
                db.executescript(
                    f"BEGIN IMMEDIATE;\n{schema}\n{_additions()}\nPRAGMA user_version={SCHEMA_VERSION};\nCOMMIT;"
                )
            elif version != SCHEMA_VERSION:
                raise DataError(f"{path} has ledger schema {version}; this tradeoff reads {SCHEMA_VERSION}")
            else:
                check_tables(db, path)
                db.executescript(_additions())
        except sqlite3.DatabaseError as exc:
            if held is not None:
                lock.release(held)
            raise DataError(unreadable(path, exc)) from None
        return cls(db, path, lock=held)

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            lock.release(self._lock)
            self._lock = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _additions() -> str:
    """``additions.sql``: the tables created ``IF NOT EXISTS`` on every open (added to schema 1 later, and the
    search and experiment tables)."""
    return resources.files("tradeoff.ledger").joinpath("additions.sql").read_text()
