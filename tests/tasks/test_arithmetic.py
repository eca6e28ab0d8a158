"""Generated arithmetic: deterministic, disjoint splits, exact answers, stable prefixes, worked solutions."""

from __future__ import annotations

import ast
import json
import operator

import pytest

from tradeoff.errors import ConfigError
from tradeoff.tasks import get_task
from tradeoff.tasks.arithmetic import DEFAULT_SIZE, ArithmeticTask, solve, split_of
from tradeoff.tasks.base import Task
from tradeoff.types import ExtractionMethod

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def evaluate(node: ast.AST) -> int:
    """An independent evaluator: Python's own parser applies the precedence."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    assert isinstance(node, ast.BinOp)
    return int(_OPS[type(node.op)](evaluate(node.left), evaluate(node.right)))


def test_satisfies_the_task_protocol_and_is_registered() -> None:
    task = get_task("arithmetic", seed=3)
    assert isinstance(task, Task) and isinstance(task, ArithmeticTask)
    assert task.answer_type == "integer"
    assert json.loads(json.dumps(task.spec()))["seed"] == 3


def test_same_options_give_the_same_problems() -> None:
    one, again, two = (ArithmeticTask.from_options(seed=seed).problems(limit=50) for seed in (1, 1, 2))
    assert one == again and one != two


def test_prefixes_do_not_change_with_limit() -> None:
    task = ArithmeticTask.from_options(seed=5, operands=3)
    assert ArithmeticTask.from_options(seed=5, operands=3).problems(limit=10) == task.problems(limit=20)[:10]
    assert task.problems(limit=5) == task.problems(limit=20)[:5]


@pytest.mark.parametrize(("operands", "digits"), [(2, 1), (2, 2), (4, 3)])
def test_train_and_test_are_disjoint(operands: int, digits: int) -> None:
    task = ArithmeticTask.from_options(operands=operands, digits=digits)
    limit = 40 if digits == 1 else 500
    test = {p.metadata["expression"] for p in task.problems("test", limit=limit)}
    other_seed_train = ArithmeticTask.from_options(seed=9, operands=operands, digits=digits).problems(
        "train", limit=limit
    )
    train = {p.metadata["expression"] for p in task.problems("train", limit=limit) + other_seed_train}
    assert len(test) == limit  # no repeats within a split either
    assert not test & train
    assert {split_of(e) for e in test} == {"test"}


@pytest.mark.parametrize("operators", ["+", "-", "*", "+-*"])
def test_answers_follow_operator_precedence(operators: str) -> None:
    for problem in ArithmeticTask.from_options(operands=4, operators=operators).problems(limit=200):
        expression = str(problem.metadata["expression"])
        assert problem.answer == str(evaluate(ast.parse(expression, mode="eval").body))
        assert expression in problem.question


def test_solutions_are_step_by_step_and_end_with_the_answer() -> None:
    task = ArithmeticTask.from_options(operands=3)
    for problem in task.problems("train", limit=100):
        assert problem.solution is not None
        assert problem.solution.endswith(f"The answer is {problem.answer}.")
        assert len(problem.solution.splitlines()) == 3  # two operations, then the answer
        assert task.extract(problem.solution).answer == problem.answer


def test_solve_does_multiplication_first() -> None:
    assert solve([2, 3, 4], ["+", "*"]) == (14, ["3 * 4 = 12.", "2 + 12 = 14."])
    assert solve([10, 3, 4], ["-", "-"]) == (3, ["10 - 3 = 7.", "7 - 4 = 3."])


def test_ids_metadata_and_default_size() -> None:
    task = ArithmeticTask.from_options(digits=3, size=30)
    problems = task.problems("test")
    assert len(problems) == 30 and DEFAULT_SIZE == 1000
    assert problems[17].id == "arith-test-000017"
    assert problems[0].metadata["difficulty"] == "2x3d"
    assert all(abs(int(n)) >= 100 for n in str(problems[0].metadata["expression"]).split()[::2])
    json.dumps(dict(problems[0].metadata))


def test_word_phrasing_spells_operators_but_keeps_the_problems() -> None:
    plain = ArithmeticTask.from_options(phrasing="plain").problems(limit=20)
    word = ArithmeticTask.from_options(phrasing="word").problems(limit=20)
    assert [p.answer for p in plain] == [p.answer for p in word]
    assert all(not any(op in p.question for op in "+*") for p in word)
    assert any(" times " in p.question or " plus " in p.question for p in word)


def test_few_shot_turns_come_from_train_and_end_with_the_marker() -> None:
    task = ArithmeticTask.from_options(few_shot=3, few_shot_seed=1)
    problem = task.problems(limit=1)[0]
    messages = task.messages(problem)
    assert [m.role for m in messages] == ["system", *["user", "assistant"] * 3, "user"]
    assert "The answer is N." in messages[0].content
    assert messages[-1].content == problem.question
    train = {p.question for p in task.problems("train", limit=256)}
    assert all(m.content in train for m in messages[1:-1:2])
    assert all(m.content.endswith(".") and "The answer is" in m.content for m in messages[2:-1:2])
    assert task.messages(task.problems(limit=2)[1])[:-1] == messages[:-1]  # a shared prefix


def test_extraction_and_equivalence() -> None:
    task = ArithmeticTask()
    extraction = task.extract("12 * 3 = 36. The answer is 36.")
    assert extraction.answer == "36" and extraction.method is ExtractionMethod.MARKER
    assert task.equivalent(["36", "36.0", "35"], ["36", "36", "36"]) == [True, True, False]


@pytest.mark.parametrize(
    "options",
    [
        {"operands": 1},
        {"digits": 0},
        {"operators": "/"},
        {"operators": ""},
        {"phrasing": "poem"},
        {"few_shot": -1},
    ],
)
def test_bad_options_are_config_errors(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        ArithmeticTask.from_options(**options)


def test_an_exhausted_split_says_what_to_change() -> None:
    with pytest.raises(ConfigError, match="raise digits"):
        ArithmeticTask.from_options(digits=1, operators="+").problems(limit=100)


def test_story_phrasing_writes_word_problems_with_the_same_answers() -> None:
    plain = ArithmeticTask().problems(limit=30)
    story = ArithmeticTask.from_options(phrasing="story").problems(limit=30)
    assert [p.answer for p in plain] == [p.answer for p in story]
    for p in story:
        a, b = (int(x) for x in p.metadata["expression"].split()[::2])  # type: ignore[union-attr]
        assert f" {a} " in p.question and f" {b} " in p.question and p.question.endswith("?")
    assert {"marbles", "stickers", "pencils"} <= {w for p in story for w in p.question.split()}


def test_story_phrasing_needs_two_operands() -> None:
    with pytest.raises(ConfigError, match="operands=2"):
        ArithmeticTask.from_options(phrasing="story", operands=3)


def test_unknown_or_mistyped_task_options_are_one_line_errors() -> None:
    unknown = r"^bad option for task 'arithmetic' \(bogus: Extra inputs are not permitted\)$"
    with pytest.raises(ConfigError, match=unknown):
        get_task("arithmetic", bogus=1)
    with pytest.raises(ConfigError, match=r"^bad option for task 'arithmetic' \(digits: Input should be a valid int"):
        get_task("arithmetic", digits="x")
    with pytest.raises(ConfigError, match=r"^bad option for task 'gsm8k' \(.*'bogus'\)$"):
        get_task("gsm8k", bogus=1)  # a task with keyword settings
