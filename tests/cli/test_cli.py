"""The CLI end to end on the mock backend: the commands, resumption, and one-line errors for bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

MOCK = ["--backend", "mock", "--model", "m"]


def test_sample_score_show_on_arithmetic(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("sample", "--run", str(tmp_path), *MOCK, "--limit", "10", "-n", "4", "--temperature", "0.7")
    assert code == 0, out
    assert "m-t0.7: 10 problems × 4 → 40 new samples" in out
    code, out = cli("score", str(tmp_path), "--force")
    assert code == 0 and "scored 40 samples" in out
    code, out = cli("show", str(tmp_path), "--json")
    summary = json.loads(out)[0]
    assert summary["problems"] == 10 and summary["samples_per_problem"] == 4
    assert set(summary["accuracies"]) == {"sampled@1", "majority@4", "pass@4"}
    code, out = cli("show", str(tmp_path), "--write")
    assert code == 0 and (tmp_path / "summary.md").read_text().startswith("# tradeoff")


def test_demo_twice_generates_nothing_the_second_time(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("demo", "--run", str(tmp_path), "--backend", "mock", "--limit", "6", "-n", "3")
    assert code == 0, out
    assert "greedy: 6 problems × 1 → 6 new samples" in out and "sampled: 6 problems × 3 → 18 new" in out
    assert "majority@3" in out and "wilson" in out
    assert "best-of-k" in out and "self_certainty" in out  # curves from the one pool, by self-certainty
    assert {p.name for p in tmp_path.iterdir()} >= {"summary.md", "summary.json", "curves.json", "curves.png"}
    code, out = cli("demo", "--run", str(tmp_path), "--backend", "mock", "--limit", "6", "-n", "3")
    assert out.count("→ 0 new samples") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sample", "--task", "arithmetc", *MOCK],
            "unknown task 'arithmetc'; known: arithmetic, gsm8k, jsonl, math500",
        ),
        (["sample", "--backend", "nope"], "unknown backend 'nope'; known: hf, llamacpp, mock, openai, vllm"),
        (["sample", *MOCK, "-n", "0", "--temperature", "1"], "n: Input should be greater than 0"),
        (["sample", *MOCK, "--max-tokens", "0"], "sampling.max_tokens: Input should be greater than 0"),
        (["sample", *MOCK, "-n", "4"], "greedy decoding (temperature 0) gives one answer per problem"),
        (["sample", *MOCK, "--task-option", "seed"], "--task-option expects key=value"),
        (["sample", *MOCK, "--config", "missing.yaml"], "config file not found: missing.yaml"),
        (["show", "no-such-run"], "no-such-run is not a run directory"),
        (["validate", "missing.jsonl"], "file not found: missing.jsonl"),
    ],
)
def test_bad_input_is_one_line_without_traceback(cli, tmp_path: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, out = cli(*args, *(["--run", str(tmp_path)] if args[0] == "sample" else []))
    assert code == 2
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), out
    assert message in lines[0]


def test_validate_reports_malformed_jsonl_with_its_line_number(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d.jsonl"
    data.write_text('{"question": "1+1?", "answer": "2"}\n{"question": oops}\n')
    code, out = cli("validate", str(data))
    assert code == 2 and "d.jsonl:2: malformed JSON" in out and "Traceback" not in out
    data.write_text('{"question": "1+1?", "answer": "2"}\n')
    code, out = cli("validate", str(data))
    assert code == 0 and "1 problems" in out


def test_validate_checks_a_pool_spec_without_running(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = tmp_path / "pool.yaml"
    spec.write_text("task: arithmetic\nbackend: mock\nn: 4\nsampling: {temperature: 0.7}\n")
    assert cli("validate", str(spec))[0] == 0
    spec.write_text("task: arithmetic\nbackend: mock\nn: 4\nsampling: {temprature: 0.7}\n")
    code, out = cli("validate", str(spec))
    assert code == 2 and "sampling.temprature" in out
    spec.write_text("task: arithmetic\nbackend: hff\n")
    code, out = cli("validate", str(spec))
    assert code == 2 and "Did you mean 'hf'?" in out


def test_a_malformed_config_is_one_line(tmp_path: Path, cli: Callable[..., tuple[int, str]]) -> None:
    bad = tmp_path / "pool.yaml"
    bad.write_text("n: [1, 2\n")
    for command in ("sample", "search"):
        code, out = cli(command, "--run", tmp_path / "run", "--config", bad)
        assert code == 2 and "not valid YAML" in out and "Traceback" not in out, out
