"""The ledger's ``scores`` (the task's verdict per sample, per scorer) and ``verifier_scores`` (a verifier's
score per sample, with the tokens it spent) tables. Re-scoring replaces a row."""

from __future__ import annotations

from collections.abc import Sequence

from tradeoff.ledger.tables import LedgerConnection, now
from tradeoff.types import Score


class ScoreTables(LedgerConnection):
    """Task scores and verifier scores, both keyed by (pool, problem, sample index, scorer/verifier)."""

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
                        now(),
                    )
                    for pid, idx, s in rows
                ],
            )

    def add_verifier_scores(self, pool: str, verifier: str, rows: Sequence[tuple[str, int, float, int]]) -> None:
        """Store ``(problem_id, sample_index, score, tokens)`` rows under ``verifier`` (re-scoring replaces)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO verifier_scores(pool, problem_id, sample_index, verifier, score, tokens,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(pool, pid, idx, verifier, float(score), int(tokens), now()) for pid, idx, score, tokens in rows],
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
