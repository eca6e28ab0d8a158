"""The report library: gathered once from a mock run, rendered to JSON/Markdown/HTML without NaN or raw markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.errors import ConfigError
from tradeoff.pools.sample import PoolSpec
from tradeoff.reports.html import CSP, e, table
from tradeoff.reports.write import write_report
from tradeoff.run.handle import Run
from tradeoff.run.ops import sample
from tradeoff.run.plan import Pricing, Question
from tradeoff.run.report import build_report


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = tmp_path_factory.mktemp("report") / "run"
    spec = PoolSpec(name="base", backend="mock", model="m", limit=6, n=4, backend_options={"delay": 0.001},
                    sampling={"temperature": 0.7})  # type: ignore[arg-type]  # fmt: skip
    sample(spec, run)
    return run


def test_report_gathers_frontiers_phase_map_and_examples(run: Path, tmp_path: Path) -> None:
    with Run.open(run) as handle:
        report = build_report(handle, Pricing(), Question(queries=1e4), volumes=[1e2, 1e4], examples=2)
    assert [q for q, _ in report.frontiers] == [1e2, 1e4]
    assert report.phase.budgets.size == 0 and report.phase.choice.shape == (41,)  # one recommendation per volume
    assert len(report.examples) == 2 and report.examples[0].text.startswith("Let me compute it.")
    assert report.utilisation == ()  # the mock model has no local facts
    files = write_report(report, tmp_path / "out")
    data = json.loads(files.json.read_text())  # strict JSON: allow_nan=False on write
    assert data["plan"]["recommended"] == report.plan.recommended
    assert {f["queries"] for f in data["frontiers"]} == {100.0, 10000.0}
    md = files.markdown.read_text()
    assert f"Recommendation at 10,000 queries: {report.plan.recommended}" in md and "![cost](cost.png)" in md
    with Run.open(run) as handle, pytest.raises(ConfigError, match="volumes must be > 0"):
        build_report(handle, Pricing(), Question(queries=1e4), volumes=[0.0])


def test_escaping_covers_quotes_and_cells() -> None:
    assert e("<b a='1'>\"&") == "&lt;b a=&#x27;1&#x27;&gt;&quot;&amp;"
    cell = table(["h<"], [["<script>x</script>"]], text_columns=(0,))
    assert "<script>" not in cell and "&lt;script&gt;x&lt;/script&gt;" in cell and "h&lt;" in cell
    assert "script-src" not in CSP and "default-src 'none'" in CSP
