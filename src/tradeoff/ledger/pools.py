"""The ledger's ``pools`` and ``problems`` tables: a named pool's spec and the problems it was asked."""

from __future__ import annotations

import json
from collections.abc import Sequence

from tradeoff.ledger.health import stored_spec
from tradeoff.ledger.tables import LedgerConnection, now
from tradeoff.secrets import redact
from tradeoff.types import Problem


class PoolTables(LedgerConnection):
    """Pools and their problems (with gold answers, so later stages need no task re-load)."""

    def pool_spec(self, pool: str) -> dict[str, object] | None:
        row = self._db.execute("SELECT spec_json FROM pools WHERE name = ?", (pool,)).fetchone()
        return None if row is None else stored_spec(self.path, pool, row[0])

    def pools(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM pools ORDER BY created_at, name")]

    def save_pool(self, pool: str, spec: dict[str, object], problems: Sequence[Problem]) -> None:
        """Create or update a pool's spec and record its problems (existing problems are kept)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO pools(name, spec_json, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET spec_json = excluded.spec_json",
                (pool, json.dumps(redact(spec), sort_keys=True), now()),
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
