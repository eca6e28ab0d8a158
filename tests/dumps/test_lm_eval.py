"""lm-evaluation-harness ``samples_*.jsonl`` (``--log_samples``, ``repeats: N``) read as a scored pool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tradeoff.dumps.lm_eval import TOKENS_UNKNOWN, import_lm_eval
from tradeoff.errors import ConfigError, DataError
from tradeoff.run.ops import curves, open_ledger

DOCS = [  # (target as the harness's gsm8k task writes it, the 4 repeats, correct per repeat)
    (
        "Half of 144 is <<144/2=72>>72.\n#### 72",
        ["So 72.\nThe answer is 72.", "The answer is 72.", "The answer is 70."],
    ),
    ("#### 5", ["The answer is 4.", "The answer is 4.", "The answer is 5."]),
    ("#### 1,000", ["The answer is 1000."] * 3),
]
RESPONSES = [
    [*r, last] for (_, r), last in zip(DOCS, ["I am not sure.", "The answer is 6.", "The answer is 1000."], strict=True)
]


def record(doc_id: int, *, filter_name: str, first_correct: bool, **overrides: Any) -> dict[str, Any]:
    """One line as lm_eval/evaluator.py logs it (one per document per filter)."""
    target = DOCS[doc_id][0]
    question = f"Question {doc_id}?"
    line = {
        "doc_id": doc_id,
        "doc": {"question": question, "answer": target},
        "target": target,
        "arguments": {
            "gen_args_0": {
                "arg_0": f"Q: {question}\nA:",
                "arg_1": {"until": ["Q:"], "do_sample": True, "temperature": 0.2, "max_gen_toks": 256},
            }
        },
        "resps": [RESPONSES[doc_id]],
        "filtered_resps": ["72"],
        "filter": filter_name,
        "metrics": ["exact_match"],
        "doc_hash": "x",
        "prompt_hash": "y",
        "target_hash": "z",
        "exact_match": 1.0 if first_correct else 0.0,
    }
    return {**line, **overrides}


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def dump(tmp_path: Path) -> Path:
    firsts = [True, False, True]
    records = [record(d, filter_name=f, first_correct=firsts[d]) for f in ("score-first", "maj@4") for d in range(3)]
    return write(tmp_path / "samples_gsm8k_cot_self_consistency_2025-01-31T10-20-30.123456.jsonl", records)


def test_repeats_become_one_scored_pool_with_unknown_tokens(tmp_path: Path) -> None:
    run = tmp_path / "run"
    imported = import_lm_eval(run, path=dump(tmp_path))
    assert (imported.pool, imported.problems, imported.samples_per_problem) == (
        "lm-eval-gsm8k_cot_self_consistency",
        3,
        4,
    )
    with open_ledger(run) as ledger:
        spec = ledger.pool_spec(imported.pool)
        assert spec is not None
        assert spec["backend_options"]["tokens"] == TOKENS_UNKNOWN  # type: ignore[index]
        assert spec["sampling"]["temperature"] == 0.2 and spec["sampling"]["max_tokens"] == 256  # type: ignore[index]
        problems = ledger.problems(imported.pool)
        assert [p.answer for p in problems] == ["72", "5", "1000"]  # the task projects the gold out of target
        assert problems[0].metadata["lm_eval"] == {"score-first": {"exact_match": 1.0}, "maj@4": {"exact_match": 1.0}}
        samples = ledger.samples(imported.pool, scorer="gsm8k")
        assert [s.score.correct for s in samples if s.score] == [True, True, False, False] + [
            False,
            False,
            True,
            False,
        ] + [True] * 4
        assert all(s.generation.completion_tokens == 0 for s in samples)
        for problem in problems:  # the harness's first-response exact_match is our sample 0's verdict
            first = next(s for s in samples if s.problem_id == problem.id and s.sample_index == 0)
            assert first.score is not None
            assert first.score.correct == bool(problem.metadata["lm_eval"]["score-first"]["exact_match"])  # type: ignore[index]
    (pool,) = curves(run, ks=[1, 2, 4], strategies=["sampled", "majority", "pass"], resamples=200)
    values = {p.label: p.estimate.value for p in pool.points}
    assert values["sampled@1"] == pytest.approx((2 / 4 + 1 / 4 + 1) / 3)
    assert values["majority@4"] == pytest.approx(2 / 3)  # doc 1 votes 4 twice
    assert values["pass@4"] == pytest.approx(1.0)
    assert all(p.tokens == 0 for p in pool.points)


def test_a_second_import_stores_nothing_new_and_other_contents_need_another_pool(tmp_path: Path) -> None:
    path = dump(tmp_path)
    import_lm_eval(tmp_path / "run", path=path)
    import_lm_eval(tmp_path / "run", path=path)
    with open_ledger(tmp_path / "run") as ledger:
        assert ledger.sql("SELECT COUNT(*) FROM samples") == [(12,)]
    with pytest.raises(ConfigError, match=r"already exists .* with other contents; pass another pool name"):
        import_lm_eval(tmp_path / "run", path=path, temperature=0.9)
    assert import_lm_eval(tmp_path / "run", path=path, temperature=0.9, pool="hot").pool == "hot"


def test_bad_dumps_are_one_line_errors(tmp_path: Path) -> None:
    no_temperature = record(0, filter_name="none", first_correct=True, arguments=[["Q: 1?", {"until": ["Q:"]}]])
    with pytest.raises(DataError, match="4 responses per doc but no sampling temperature recorded; pass temperature"):
        import_lm_eval(tmp_path, path=write(tmp_path / "samples_a_2025-01-01T00-00-00.jsonl", [no_temperature]))
    assert import_lm_eval(tmp_path, path=tmp_path / "samples_a_2025-01-01T00-00-00.jsonl", temperature=0.7).pool
    multiple_choice = record(0, filter_name="none", first_correct=True, resps=[[["-1.5", "False"]], [["-0.5", "True"]]])
    with pytest.raises(DataError, match="'resps' holds 2 requests; only generation tasks"):
        import_lm_eval(tmp_path, path=write(tmp_path / "samples_mc.jsonl", [multiple_choice]))
    uneven = [record(0, filter_name="none", first_correct=True), record(1, filter_name="none", first_correct=False)]
    uneven[1]["resps"] = [RESPONSES[1][:2]]
    with pytest.raises(DataError, match=r"documents have 2\.\.4 responses; every doc needs the same repeats"):
        import_lm_eval(tmp_path, path=write(tmp_path / "samples_uneven.jsonl", uneven))
    (tmp_path / "samples_bad.jsonl").write_text("{not json\n")
    with pytest.raises(DataError, match=r"samples_bad.jsonl:1: malformed JSON"):
        import_lm_eval(tmp_path, path=tmp_path / "samples_bad.jsonl")
    with pytest.raises(DataError, match="file not found"):
        import_lm_eval(tmp_path, path=tmp_path / "missing.jsonl")
