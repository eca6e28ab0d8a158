"""GSM8K's published example solutions (Cobbe et al. 2021) read into a run as four one-sample pools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.dumps import EXAMPLE_CONFIGURATIONS, import_example_solutions
from tradeoff.run.ops import curves, open_ledger, summaries


@pytest.mark.shared_data
def test_four_scored_pools_reproduce_the_published_labels(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "gsm8k" / "example_model_solutions.jsonl"
    assert import_example_solutions(tmp_path, path=path) == list(EXAMPLE_CONFIGURATIONS)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with open_ledger(tmp_path) as ledger:
        assert sorted(ledger.pools()) == sorted(EXAMPLE_CONFIGURATIONS)
    by_pool = {s.pool: s for s in summaries(tmp_path)}
    for configuration in EXAMPLE_CONFIGURATIONS:
        labels = [row[configuration]["is_correct"] for row in rows]
        summary = by_pool[configuration]
        assert (summary.problems, summary.samples_per_problem) == (1319, 1)
        assert summary.accuracies["accuracy"].value == pytest.approx(sum(labels) / len(labels))
    (verified,) = curves(tmp_path, pools=["175b_verification"], strategies=["sampled", "pass"], resamples=200)
    assert [p.label for p in verified.points] == ["sampled@1", "pass@1"]
    assert verified.points[0].estimate.value == pytest.approx(
        sum(r["175b_verification"]["is_correct"] for r in rows) / 1319
    )
    import_example_solutions(tmp_path, path=path)  # a second import stores nothing new
    with open_ledger(tmp_path) as ledger:
        assert ledger.sql("SELECT COUNT(*) FROM samples") == [(4 * 1319,)]
