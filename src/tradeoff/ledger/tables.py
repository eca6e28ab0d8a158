"""What every ledger table mixin shares: the open connection, transactions and the row timestamp."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradeoff.ledger.lock import acquire


def now() -> str:
    """The ``created_at`` stamp of a row: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class LedgerConnection:
    """An open ledger file: the connection the table mixins (``pools``, ``samples``, ``scores``) read and write."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, lock: Path | None = None) -> None:
        self._db = connection
        self.path = path
        self._lock = lock  # the run directory's write lock, taken on the first write (tradeoff.ledger.lock)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self._lock is None:
            self._lock = acquire(self.path.parent)
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
