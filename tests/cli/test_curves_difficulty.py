"""``tradeoff curves --by-difficulty`` and ``tradeoff import`` end to end, in-process, on mock and dumped pools."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.dumps.test_lm_eval import dump
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import sample

Cli = Callable[..., tuple[int, str]]


def mock_run(run: Path) -> Path:
    spec = {"name": "p", "backend": "mock", "model": "m", "limit": 24, "n": 8, "sampling": {"temperature": 0.7}}
    sample(PoolSpec.parse(spec), run, backend=None)
    return run


def test_by_difficulty_prints_choices_per_level_and_writes_json(cli: Cli, tmp_path: Path) -> None:
    run = mock_run(tmp_path)
    code, out = cli("curves", run, "--by-difficulty", "--bins", "3", "--k", "1,2,4,8", "--resamples", "100")
    assert code == 0, out
    assert "p: compute-optimal per difficulty (3 levels by oracle; 12 problems choose, 12 evaluate" in out
    assert "every fixed strategy on half B" in out and "majority@8" in out
    (study,) = json.loads((run / "difficulty.json").read_text())
    assert study["pool"] == "p" and study["bins"] == 3 and study["unit"] == "tokens"
    assert [len(point["choices"]) for point in study["optimal"]] == [3] * len(study["optimal"])
    again = cli("curves", run, "--by-difficulty", "--bins", "3", "--k", "1,2,4,8", "--resamples", "100")
    assert again == (code, out)  # seeded


def test_by_difficulty_with_a_verifier_and_without_gold(cli: Cli, tmp_path: Path) -> None:
    run = mock_run(tmp_path)
    code, out = cli(
        "curves", run, "--by-difficulty", "--bins", "2", "--verifier", "oracle", "--difficulty-from", "agreement"
    )
    assert code == 0, out
    assert "2 levels by agreement" in out and "best-of-" in out


def test_missing_verifiers_and_bad_sources_are_one_line_errors(cli: Cli, tmp_path: Path) -> None:
    run = mock_run(tmp_path)
    code, out = cli("curves", run, "--by-difficulty", "--strategy", "best_of")
    assert code == 2 and "strategy 'best_of' needs a verifier; add --verifier" in out
    code, out = cli("curves", run, "--by-difficulty", "--difficulty-from", "verifier")
    assert code == 2 and "difficulty from verifier scores needs a verifier; add --verifier NAME" in out
    code, out = cli("curves", run, "--by-difficulty", "--difficulty-from", "gold")
    assert code == 2 and "--difficulty-from must be one of oracle, verifier, agreement" in out
    code, out = cli("curves", run, "--by-difficulty", "--bins", "20")
    assert code == 2 and "24 problems are too few for 20 difficulty bins; use --bins 12 or fewer" in out


def test_import_an_lm_eval_dump_then_curves(cli: Cli, tmp_path: Path) -> None:
    run = tmp_path / "run"
    code, out = cli("import", run, dump(tmp_path))
    assert code == 0, out
    assert "imported pool 'lm-eval-gsm8k_cot_self_consistency'" in out and "3 problems × 4 samples" in out
    code, out = cli("curves", run, "--k", "1,4", "--resamples", "50")
    assert code == 0 and "majority@k" in out and "pass@k" in out
    (tmp_path / "other.jsonl").write_text("{}\n")
    code, out = cli("import", run, tmp_path / "other.jsonl")
    assert code == 2 and "cannot tell the format of other.jsonl; pass --format lm-eval or gsm8k-examples" in out


@pytest.mark.shared_data
def test_import_detects_the_gsm8k_example_solutions(cli: Cli, shared_data: Path, tmp_path: Path) -> None:
    code, out = cli("import", tmp_path, shared_data / "gsm8k" / "example_model_solutions.jsonl")
    assert code == 0 and "imported 4 pools" in out and "175b_verification" in out
