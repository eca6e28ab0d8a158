"""``tradeoff search``: a table of accuracy [CI] and tokens per budget; a re-run generates nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Cli = Callable[..., tuple[int, str]]
ARGS = ["--backend", "mock", "--model", "mock", "--strategy", "beam", "--step-verifier", "self_certainty"]


def test_search_prints_a_table_per_budget_and_a_rerun_generates_nothing(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("search", "--run", tmp_path, *ARGS, "--budgets", "2,4", "--beam-width", "2", "--limit", "3")
    assert code == 0, out
    assert "beam-mock" in out and "6 searches computed" in out and "0 already stored" in out
    assert out.count("beam-mock ") >= 2 and "[" in out  # one row per budget, accuracy with its interval
    code, out = cli("search", "--run", tmp_path, *ARGS, "--budgets", "2,4", "--beam-width", "2", "--limit", "3")
    assert code == 0 and "nothing new generated: all 6 searches were already stored" in out


def test_bad_input_is_one_line_that_says_what_to_do(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("search", "--run", tmp_path, *ARGS, "--budgets", "3", "--beam-width", "2")
    assert code == 2 and "use 4 (budgets must be multiples of --beam-width)" in out
    assert len(out.strip().splitlines()) == 1
    code, out = cli("search", "--run", tmp_path, "--backend", "mock", "--strategy", "dvts", "--budgets", "4")
    assert code == 2 and "--step-verifier self_certainty" in out
    code, out = cli("search", "--run", tmp_path, *ARGS, "--budgets", "4,x")
    assert code == 2 and "--budgets expects comma-separated integers" in out


def test_strategy_options_reach_the_strategy(cli: Cli, tmp_path: Path) -> None:
    args = ["--backend", "mock", "--model", "mock", "--strategy", "adaptive", "--budgets", "8", "--limit", "2"]
    code, out = cli("search", "--run", tmp_path, *args, "--strategy-option", "threshold=0.5")
    assert code == 0, out
    code, out = cli("search", "--run", tmp_path, *args, "--strategy-option", "threshhold=0.5", "--name", "x")
    assert code == 2 and "threshhold" in out
