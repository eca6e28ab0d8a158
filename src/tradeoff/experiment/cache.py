"""The record of which experiment stages are done, in the run's ledger (table ``experiment_stages``).

A stage is done when a row holds its name with the same content key and status ``done``. Failures are
recorded too (status ``failed`` with the one-line error), so a report can list them and a re-run retries
them. The table is part of the ledger's schema (``tradeoff/ledger/additions.sql``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from tradeoff.ledger import Ledger

StageState = Literal["done", "failed"]


@dataclass(frozen=True, slots=True)
class StageRecord:
    stage: str
    key: str
    status: StageState
    error: str | None
    seconds: float


class StageCache:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger  # its table is in the ledger's schema (tradeoff/ledger/additions.sql)

    def get(self, stage: str) -> StageRecord | None:
        rows = self.ledger.sql(
            "SELECT stage, key, status, error, seconds FROM experiment_stages WHERE stage = ?", [stage]
        )
        return None if not rows else StageRecord(*rows[0])

    def done(self, stage: str, key: str) -> bool:
        """Recorded as done with this key, and its rows are still in the ledger (rows deleted by hand, or a
        ledger restored from an older copy, make the stage run again instead of being reported done)."""
        record = self.get(stage)
        return record is not None and record.status == "done" and record.key == key and self._present(stage)

    def _present(self, stage: str) -> bool:
        kind, _, name = stage.partition(":")
        queries = {
            "pool": ("SELECT 1 FROM pool_samples WHERE pool = ? LIMIT 1", name),
            "data": ("SELECT 1 FROM pool_samples WHERE pool = ? LIMIT 1", name),
            "verify": ("SELECT 1 FROM verifier_scores WHERE pool = ? LIMIT 1", name.partition("@")[0]),
            "search": ("SELECT 1 FROM search_results WHERE search = ? LIMIT 1", name),
        }
        if kind not in queries:
            return True
        query, value = queries[kind]
        try:
            return bool(self.ledger.sql(query, [value]))
        except sqlite3.OperationalError:  # the table itself is gone
            return False

    def record(self, stage: str, key: str, status: StageState, *, seconds: float, error: str | None = None) -> None:
        with self.ledger.transaction() as db:
            db.execute(
                "INSERT INTO experiment_stages(stage, key, status, error, seconds, finished_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(stage) DO UPDATE SET key = excluded.key, status = excluded.status,"
                " error = excluded.error, seconds = excluded.seconds, finished_at = excluded.finished_at",
                (stage, key, status, error, seconds, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def all(self) -> list[StageRecord]:
        rows = self.ledger.sql("SELECT stage, key, status, error, seconds FROM experiment_stages ORDER BY finished_at")
        return [StageRecord(*r) for r in rows]


__all__ = ["StageCache", "StageRecord"]
