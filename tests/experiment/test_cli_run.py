"""``tradeoff run`` and ``tradeoff validate`` on experiment specs, and every recipe in recipes/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .specs import write

RECIPES = sorted((Path(__file__).resolve().parents[2] / "recipes").glob("*.yaml"))


def test_run_prints_stages_counters_and_a_summary(tmp_path: Path, cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("run", str(write(tmp_path)))
    assert code == 0, out
    assert "[1/10] pool small.arithmetic.greedy" in out
    assert "tokens generated" in out and "$" in out
    assert "mockgrid: 10 ran, 0 already done, 0 failed, 0 blocked" in out
    code, out = cli("run", str(write(tmp_path)))
    assert "0 ran, 10 already done" in out


def test_dry_run_lists_stages_with_estimates(tmp_path: Path, cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("run", str(write(tmp_path)), "--dry-run", "--limit", "2")
    assert code == 0, out
    assert "8 new samples" in out and "≤ max_tokens" in out
    assert "10 of 10 stages would run" in out
    assert not (tmp_path / "run").exists()


def test_a_failed_cell_exits_non_zero_after_the_rest(tmp_path: Path, cli: Callable[..., tuple[int, str]]) -> None:
    models = [
        {"name": "ok", "backend": "mock", "model": "m"},
        {"name": "bad", "backend": "mock", "model": "b", "options": {"fail_after": 3}},
    ]
    code, out = cli("run", str(write(tmp_path, models=models)))
    assert code == 1
    assert "failed pool bad.arithmetic.greedy" in out.replace("\n", " ")


def test_validate_checks_an_experiment_spec(tmp_path: Path, cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("validate", str(write(tmp_path)))
    assert code == 0 and "experiment ok: mockgrid" in out and "10 stages" in out
    bad = write(tmp_path, name="bad.yaml", models=[{"name": "x", "backend": "mokc", "model": "m"}])
    code, out = cli("validate", str(bad))
    assert code == 2 and "unknown backend 'mokc'" in out and "Did you mean 'mock'" in out


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.stem for r in RECIPES])
def test_every_recipe_validates_and_dry_runs(recipe: Path, cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("validate", str(recipe))
    assert code == 0, out
    code, out = cli("run", str(recipe), "--dry-run")
    assert code == 0, out
    assert "stages would run" in out


def test_stage_details_with_brackets_are_printed_as_written() -> None:
    """A failure such as "pip install 'tradeoff[plot]'" must not lose "[plot]" to rich markup."""
    from rich.console import Console

    from tradeoff.cli import run as run_cli
    from tradeoff.experiment.jobs import CurvesJob
    from tradeoff.experiment.stage import Outcome, Stage

    monitor = run_cli.RunMonitor(
        price=__import__("tradeoff.cost.prices", fromlist=["x"]).load_prices([]).hardware_price("cpu-core")
    )
    console = Console(record=True, width=200)
    original, run_cli.console = run_cli.console, console
    try:
        stage = Stage("curves", "k", (), CurvesJob())
        monitor.finished(Outcome(stage, "failed", 0.0, "needs matplotlib: pip install 'tradeoff[plot]'"))
    finally:
        run_cli.console = original
    assert "pip install 'tradeoff[plot]'" in console.export_text()
