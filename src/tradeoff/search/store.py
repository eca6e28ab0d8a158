"""Search results in the run directory's ledger: tables of their own, created with ``IF NOT EXISTS``.

- ``searches``: a search's name and spec;
- ``search_results``: one row per (search, problem, strategy, budget): the chosen answer's text, the
  extracted answer, the gold answer and the verdict, the number of final paths or samples, and the cost
  (generated, prompt, prefill and verifier tokens, seconds, generations). A row exists only for a finished
  search, so a re-run skips it and recomputes only what is missing (resume after a kill);
- ``search_nodes``: every generation of that search (a step, an attempt or a sample) with its parent,
  depth, text, tokens, finish reason, seed, path score and the verifier tokens spent scoring it, and
  whether it was a final candidate or the chosen one, so the tree can be inspected with SQL.

A result and its nodes are written in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tradeoff.ledger import Ledger
from tradeoff.search.base import SearchOutcome
from tradeoff.secrets import redact
from tradeoff.types import Extraction, Problem


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored_search(ledger: Ledger, name: str) -> dict[str, Any] | None:
    rows = ledger.sql("SELECT spec_json FROM searches WHERE name = ?", (name,))
    return None if not rows else dict(json.loads(rows[0][0]))


def save_spec(ledger: Ledger, name: str, spec: dict[str, Any]) -> None:
    with ledger.transaction() as db:
        db.execute(
            "INSERT INTO searches(name, spec_json, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET spec_json = excluded.spec_json",
            (name, json.dumps(redact(spec), sort_keys=True), _now()),
        )


def finished(ledger: Ledger, name: str) -> set[tuple[str, str, int]]:
    """``(problem_id, strategy, budget)`` of every stored result of search ``name``."""
    rows = ledger.sql("SELECT problem_id, strategy, budget FROM search_results WHERE search = ?", (name,))
    return {(r[0], r[1], int(r[2])) for r in rows}


@dataclass(frozen=True, slots=True, kw_only=True)
class FinishedSearch:
    """One finished search as stored: which search, strategy and budget, the problem (and its position in
    the task), the outcome, and the chosen answer's extraction and verdict."""

    name: str
    strategy: str
    budget: int
    problem: Problem
    position: int
    outcome: SearchOutcome
    extraction: Extraction
    correct: bool

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.name, self.problem.id, self.strategy, self.budget)


def save_result(ledger: Ledger, result: FinishedSearch) -> None:
    """Store a finished search and every node of its tree in one transaction (re-saving replaces)."""
    with ledger.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO search_nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _node_rows(result),
        )
        db.execute(
            "INSERT OR REPLACE INTO search_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _result_row(result),
        )


def _node_rows(result: FinishedSearch) -> list[tuple[object, ...]]:
    outcome = result.outcome
    finals = set(outcome.finals)
    return [
        (
            *result.key,
            n.id,
            n.parent,
            n.depth,
            n.text,
            n.generation.completion_tokens,
            n.generation.prompt_tokens,
            n.generation.prefill_tokens,
            n.generation.seconds,
            n.generation.finish_reason.value,
            n.generation.seed,
            int(n.terminal),
            None if (s := outcome.scores.get(n.id)) is None else s.score,
            None if s is None else json.dumps(s.steps),
            0 if s is None else s.tokens,
            int(n.id in finals),
            int(n.id == outcome.chosen),
        )
        for n in outcome.nodes
    ]


def _result_row(result: FinishedSearch) -> tuple[object, ...]:
    cost = result.outcome.cost
    return (
        *result.key,
        result.position,
        result.outcome.text,
        result.extraction.answer,
        result.extraction.method.value,
        result.problem.answer,
        int(result.correct),
        result.outcome.samples,
        cost.completion_tokens,
        cost.prompt_tokens,
        cost.prefill_tokens,
        cost.verifier_tokens,
        cost.seconds,
        cost.verifier_seconds,
        cost.generations,
        _now(),
    )


def result_rows(ledger: Ledger, name: str | None = None, *, limit: int | None = None) -> list[tuple[Any, ...]]:
    """``(search, strategy, budget, correct, samples, completion, prompt, prefill, verifier tokens, seconds)``
    per stored result of the first ``limit`` problems, ordered by search, strategy, budget and position."""
    return ledger.sql(
        "SELECT search, strategy, budget, correct, samples, completion_tokens, prompt_tokens, prefill_tokens,"
        " verifier_tokens, seconds + verifier_seconds FROM search_results"
        " WHERE (? IS NULL OR search = ?) AND position < ?"
        " ORDER BY search, strategy, budget, position",
        (name, name, 2**62 if limit is None else limit),
    )
