"""Tasks in completion mode: one plain-text prompt (worked examples, then the question), no system prompt."""

from __future__ import annotations

import pytest

from tradeoff.errors import ConfigError
from tradeoff.tasks import get_task
from tradeoff.types import Message


def test_a_completion_prompt_is_one_user_message_with_the_shots_inline() -> None:
    task = get_task("arithmetic", prompt_format="completion", few_shot=2)
    problem = task.problems("test", limit=1)[0]
    (message,) = task.messages(problem)
    shots = task.shots()  # type: ignore[attr-defined]
    expected = "".join(f"Q: {q}\nA: {s}\n\n" for q, s in shots) + f"Q: {problem.question}\nA: "
    assert message == Message("user", expected) and len(shots) == 2 and "The answer is" in expected


def test_the_spec_names_the_format_only_when_it_is_not_chat() -> None:
    assert "prompt_format" not in get_task("arithmetic").spec()
    assert get_task("gsm8k", prompt_format="completion").spec()["prompt_format"] == "completion"
    with pytest.raises(ConfigError, match="prompt_format"):
        get_task("arithmetic", prompt_format="plain")
