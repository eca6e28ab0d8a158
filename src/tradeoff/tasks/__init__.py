"""Tasks, looked up by name: ``arithmetic`` (the built-in default), ``gsm8k``, ``math500``, ``jsonl``."""

from __future__ import annotations

from typing import Any

from tradeoff.registry import Registry
from tradeoff.tasks.base import Task

TASKS: Registry[type[Task]] = Registry(
    "task",
    {
        "arithmetic": "tradeoff.tasks.arithmetic:ArithmeticTask",
        "gsm8k": "tradeoff.tasks.gsm8k:GSM8KTask",
        "math500": "tradeoff.tasks.math500:Math500Task",
        "jsonl": "tradeoff.tasks.jsonl:JsonlTask",
    },
)


def get_task(name: str, **options: Any) -> Task:
    """Build task ``name`` from its settings (an unknown or wrong one is a one-line :class:`ConfigError`)."""
    task: Task = TASKS.build(name, options)
    return task


__all__ = ["TASKS", "Task", "get_task"]
