"""The record of which experiment stages are done, in the run's ledger (table ``experiment_stages``).

A stage is done when a row holds its name with the same content key and status ``done``. Failures are
recorded too (status ``failed`` with the one-line error), so a report can list them and a re-run retries
them. The table is created ``IF NOT EXISTS`` the first time an experiment opens the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from tradeoff.ledger import Ledger

_TABLE = """
CREATE TABLE IF NOT EXISTS experiment_stages (
    stage TEXT PRIMARY KEY,            -- kind:name, e.g. pool:base.arithmetic.t0.7
    key TEXT NOT NULL,                 -- sha256 of the stage's settings and of the stages it reads
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    error TEXT,
    seconds REAL NOT NULL,
    finished_at TEXT NOT NULL
)
"""

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
        self.ledger = ledger
        with ledger.transaction() as db:
            db.execute(_TABLE)

    def get(self, stage: str) -> StageRecord | None:
        rows = self.ledger.sql(
            "SELECT stage, key, status, error, seconds FROM experiment_stages WHERE stage = ?", [stage]
        )
        return None if not rows else StageRecord(*rows[0])

    def done(self, stage: str, key: str) -> bool:
        record = self.get(stage)
        return record is not None and record.status == "done" and record.key == key

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
