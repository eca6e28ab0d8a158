"""Every strategy's stored totals equal what the backend and the verifier reported, token for token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.search.fakes import Counting, FakePRM, StepBackend
from tradeoff.backends import get_backend
from tradeoff.ledger import Ledger
from tradeoff.search import SearchSpec, run_search

CASES: list[dict[str, Any]] = [
    {"strategy": "beam", "step_verifier": "fake_prm"},
    {"strategy": "beam", "step_verifier": "self_certainty"},
    {"strategy": "dvts", "step_verifier": "fake_prm"},
    {"strategy": "rebase", "step_verifier": "fake_prm"},
    {"strategy": "rebase", "step_verifier": "self_certainty", "aggregate": "mean"},
    {"strategy": "revisions"},
    {"strategy": "revisions", "step_verifier": "fake_prm", "strategy_options": {"select": "best"}},
    {"strategy": "adaptive"},
]


def totals(run: Path, table: str) -> tuple[float, ...]:
    with Ledger.open(run / "ledger.sqlite") as ledger:
        row = ledger.sql(
            f"SELECT SUM(completion_tokens), SUM(prompt_tokens), SUM(prefill_tokens), SUM(seconds),"
            f" SUM(verifier_tokens), COUNT(*) FROM {table}"
        )[0]
    return tuple(row)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['strategy']}-{c.get('step_verifier')}")
@pytest.mark.parametrize("backend_name", ["steps", "mock"])
def test_stored_totals_equal_what_the_backend_and_verifier_reported(
    tmp_path: Path, case: dict[str, Any], backend_name: str
) -> None:
    inner = StepBackend() if backend_name == "steps" else get_backend("mock", "mock", accuracy=0.5)
    backend = Counting(inner)
    before = FakePRM.read
    spec = SearchSpec.parse({"name": "s", "limit": 4, "budgets": [2, 4], "beam_width": 2, "max_tokens": 64, **case})
    report = run_search(tmp_path, spec, backend=backend)

    completion, prompt, prefill, seconds, verifier, results = totals(tmp_path, "search_results")
    assert results == 8
    assert (completion, prompt, prefill) == (
        backend.usage.completion_tokens,
        backend.usage.prompt_tokens,
        backend.usage.prefill_tokens,
    )
    assert seconds == pytest.approx(backend.usage.seconds)
    assert verifier == (FakePRM.read - before if case.get("step_verifier") == "fake_prm" else 0)
    assert totals(tmp_path, "search_nodes")[:5] == (completion, prompt, prefill, pytest.approx(seconds), verifier)
    assert totals(tmp_path, "search_nodes")[5] == backend.usage.samples == report.cost.generations
    assert report.cost.completion_tokens == completion and report.computed == 8
