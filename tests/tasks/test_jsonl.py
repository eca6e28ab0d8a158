"""Any JSONL file through a field mapping; malformed data is reported with its file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.errors import ConfigError, DataError
from tradeoff.tasks import get_task
from tradeoff.tasks.base import Task
from tradeoff.tasks.jsonl import JsonlTask, read_jsonl


def write(tmp_path: Path, records: list[object | str]) -> str:
    path = tmp_path / "items.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_numeric_answers_with_default_fields(tmp_path: Path) -> None:
    task = JsonlTask.from_options(
        path=write(tmp_path, [{"question": "2+2?", "answer": "4"}, {"question": "q", "answer": 1500}])
    )
    first, second = task.problems()
    assert isinstance(task, Task)
    assert (first.id, first.answer, second.answer) == ("items-000001", "4", "1500")
    assert task.equivalent(["4.0", "1,500"], ["4", "1500"]) == [True, True]
    assert task.problems("train") == []


def test_field_mapping_ids_solutions_and_splits(tmp_path: Path) -> None:
    records = [
        {"q": "a?", "a": "7", "key": "k1", "why": "3 + 4 = 7", "part": "train"},
        {"q": "b?", "a": "8", "key": "k2", "why": "4 * 2 = 8", "part": "train"},
        {"q": "c?", "a": "9", "key": "k3", "why": "no", "part": "test"},
    ]
    task = JsonlTask.from_options(
        path=write(tmp_path, records),
        question_field="q",
        answer_field="a",
        answer_type="integer",
        id_field="key",
        solution_field="why",
        split_field="part",
        few_shot=2,
    )
    assert [p.id for p in task.problems("train")] == ["k1", "k2"]
    (test,) = task.problems("test")
    messages = task.messages(test)
    assert [m.role for m in messages] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert {messages[2].content, messages[4].content} == {
        "3 + 4 = 7\nThe answer is 7.",
        "4 * 2 = 8\nThe answer is 8.",
    }


def test_text_and_latex_answer_types(tmp_path: Path) -> None:
    path = write(tmp_path, [{"question": "Capital of France?", "answer": "Paris"}])
    text = JsonlTask.from_options(path=path, answer_type="text")
    assert text.problems()[0].answer == "Paris"
    assert text.equivalent(['"paris".', "Lyon", ""], ["Paris", "Paris", ""]) == [True, False, False]
    latex = JsonlTask.from_options(path=path, answer_type="latex")
    assert "\\boxed{}" in latex.messages(latex.problems()[0])[0].content
    assert latex.equivalent(["\\dfrac{1}{2}"], ["\\frac{1}{2}"]) == [True]


def test_malformed_lines_report_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, [{"question": "a", "answer": "1"}, "", "{not json", {"question": "b", "answer": "2"}])
    with pytest.raises(DataError, match=r"items.jsonl:3: malformed JSON"):
        JsonlTask.from_options(path=path).problems()
    with pytest.raises(DataError, match=r"items.jsonl:1: expected a JSON object, got list"):
        list(read_jsonl(Path(write(tmp_path, [[1, 2]]))))


def test_missing_fields_name_the_field_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, [{"question": "a", "answer": "1"}, {"question": "b", "solution": "x"}])
    with pytest.raises(DataError, match=r"items.jsonl:2: missing field 'answer'"):
        JsonlTask.from_options(path=path).problems()
    with pytest.raises(DataError, match=r"items.jsonl:1: missing field 'prompt'"):
        JsonlTask.from_options(path=path, question_field="prompt").problems()


def test_non_numeric_gold_for_a_numeric_task(tmp_path: Path) -> None:
    path = write(tmp_path, [{"question": "a", "answer": "1.5"}, {"question": "b", "answer": "lots"}])
    with pytest.raises(DataError, match=r"items.jsonl:1: gold answer '1.5' is not an integer"):
        JsonlTask.from_options(path=path, answer_type="integer").problems()
    with pytest.raises(DataError, match=r"items.jsonl:2: .*--answer-type text"):
        JsonlTask.from_options(path=path).problems()


def test_missing_file_and_bad_options(tmp_path: Path) -> None:
    task = JsonlTask.from_options(path=str(tmp_path / "nope.jsonl"))  # no I/O yet
    with pytest.raises(DataError, match="cannot read"):
        task.problems()
    with pytest.raises(ConfigError, match="answer_type"):
        JsonlTask.from_options(path="x", answer_type="float")
    with pytest.raises(ConfigError, match="answer-pattern"):
        JsonlTask.from_options(path="x", answer_pattern="(unclosed")
    with pytest.raises(ConfigError, match="limit"):
        JsonlTask.from_options(path=write(tmp_path, [{"question": "a", "answer": "1"}])).problems(limit=-1)


def test_few_shot_without_a_train_split_says_so(tmp_path: Path) -> None:
    task = JsonlTask.from_options(path=write(tmp_path, [{"question": "a", "answer": "1"}]), few_shot=1)
    with pytest.raises(ConfigError, match="train split has only 0 problems"):
        task.messages(task.problems()[0])


def test_answer_pattern_and_registry(tmp_path: Path) -> None:
    task = get_task("jsonl", path=write(tmp_path, [{"question": "a", "answer": "1"}]), answer_pattern=r"^A:\s*(.+)$")
    assert isinstance(task, JsonlTask)
    extraction = task.extract("work 5\nA: 12")
    assert (extraction.answer, extraction.marker) == ("12", "pattern")
