"""Prompt templates as chat messages, and :class:`TemplateTask`, the machinery every built-in task shares.

A prompt is a short system message naming the final-answer marker (short, because the default model is
SmolLM2-135M-Instruct), then ``few_shot`` worked examples from the task's *train* split as user/assistant
turns, then the question. The examples are the same for every problem of a run (chosen by
``few_shot_seed``), so engines that cache a shared prompt prefix compute them once. Each assistant turn ends
with the marker the system prompt asks for, as in the few-shot chain-of-thought prompts of Wei et al. 2022.

``prompt_format="completion"`` is for models without a chat template (the ones ``tradeoff pretrain`` trains):
the prompt is one plain text, ``"Q: <question>\nA: "`` after each worked example as ``"Q: …\nA: <solution>\n\n"``,
carried as a single user message that the ``hf`` backend renders verbatim (:func:`completion_prompt`). There is
no system prompt: such a model learns the answer format from its training documents, which are exactly this
prompt followed by the worked solution.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self

import numpy as np
from pydantic import BaseModel, ConfigDict

from tradeoff.answers.extract import BOXED, DEFAULT_MARKERS, Marker, extract_answer, pattern_marker
from tradeoff.answers.mathverify import default_verifier, fast_verdict
from tradeoff.answers.normalize import normalize_text, numbers_equal
from tradeoff.errors import ConfigError
from tradeoff.registry import build
from tradeoff.types import AnswerType, Extraction, ExtractionMethod, Message, Problem, Split

ANSWER_IS_PROMPT = "Solve the problem step by step. End your response with 'The answer is N.' where N is the answer."
BOXED_PROMPT = "Solve the problem step by step. Put your final answer in \\boxed{}."
SHOT_POOL = 256
"""Few-shot examples are drawn from the first ``SHOT_POOL`` problems of the train split."""

Style = Literal["answer_is", "boxed"]
PromptFormat = Literal["chat", "completion"]


def answer_sentence(answer: str, style: Style = "answer_is") -> str:
    """The closing sentence a worked solution ends with, in the form the system prompt asks for."""
    return f"The answer is {answer}." if style == "answer_is" else f"The final answer is $\\boxed{{{answer}}}$."


def pick_shots(pool: Sequence[Problem], k: int, *, seed: int) -> list[Problem]:
    """``k`` distinct problems of ``pool``, the same ones for the same seed."""
    if k > len(pool):
        raise ConfigError(f"few_shot={k} but the train split has only {len(pool)} problems; lower --few-shot")
    chosen = np.random.default_rng(seed).choice(len(pool), size=k, replace=False)
    return [pool[int(i)] for i in chosen]


def head(problems: list[Problem], limit: int | None) -> list[Problem]:
    """The first ``limit`` problems (all of them for ``None``)."""
    if limit is not None and limit < 0:
        raise ConfigError(f"limit must be >= 0, got {limit}")
    return problems[:limit]


def render(system: str, shots: Sequence[tuple[str, str]], question: str) -> tuple[Message, ...]:
    """System prompt, then a user/assistant pair per worked example, then the question."""
    turns = [Message("system", system)]
    for shot_question, shot_solution in shots:
        turns += [Message("user", shot_question), Message("assistant", shot_solution)]
    return (*turns, Message("user", question))


def completion_prompt(shots: Sequence[tuple[str, str]], question: str) -> tuple[Message, ...]:
    """One plain-text prompt: ``"Q: …\nA: <solution>\n\n"`` per worked example, then ``"Q: <question>\nA: "``."""
    examples = "".join(f"Q: {shot_question}\nA: {shot_solution}\n\n" for shot_question, shot_solution in shots)
    return (Message("user", f"{examples}Q: {question}\nA: "),)


class PromptOptions(BaseModel):
    """The prompt settings of a template task: ``few_shot`` worked examples from the train split (drawn with
    ``few_shot_seed``) and an ``answer_pattern`` that marks the final answer besides the default markers.
    Tasks with many settings extend it into their ``Options`` (see :meth:`tradeoff.registry.Registry.build`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    few_shot: int = 0
    few_shot_seed: int = 0
    answer_pattern: str | None = None
    prompt_format: PromptFormat = "chat"


class TemplateTask:
    """Prompts, extraction and equivalence from ``name`` and ``answer_type``; subclasses add ``problems``."""

    name: str
    answer_type: AnswerType = "number"

    @classmethod
    def from_options(cls, **options: Any) -> Self:
        """The task from user-style settings, as ``get_task(name, **options)`` builds it (a mistake is one line)."""
        task: Self = build(cls, options, what=f"task {cls.name!r}")
        return task

    def __init__(
        self,
        *,
        few_shot: int = 0,
        few_shot_seed: int = 0,
        answer_pattern: str | None = None,
        prompt_format: PromptFormat = "chat",
    ) -> None:
        if prompt_format not in ("chat", "completion"):
            raise ConfigError(f"prompt_format must be 'chat' or 'completion', got {prompt_format!r}")
        if few_shot < 0:
            raise ConfigError(f"few_shot must be >= 0, got {few_shot}")
        if answer_pattern is not None:
            try:
                re.compile(answer_pattern)
            except re.error as exc:
                raise ConfigError(f"invalid --answer-pattern {answer_pattern!r}: {exc}") from None
        self.few_shot, self.few_shot_seed, self.answer_pattern = few_shot, few_shot_seed, answer_pattern
        self.prompt_format: PromptFormat = prompt_format
        self._shots: list[tuple[str, str]] | None = None

    @property
    def style(self) -> Style:
        """LaTeX answers go in ``\\boxed{}`` (as in MATH's solutions), others end "The answer is N."."""
        return "boxed" if self.answer_type == "latex" else "answer_is"

    @property
    def system_prompt(self) -> str:
        return ANSWER_IS_PROMPT if self.style == "answer_is" else BOXED_PROMPT

    @property
    def markers(self) -> tuple[Marker, ...]:
        """The default markers and the user's ``answer_pattern``; the last occurrence of any of them wins."""
        extra = () if self.answer_pattern is None else (pattern_marker(self.answer_pattern),)
        return (*DEFAULT_MARKERS, *extra)

    def options(self) -> dict[str, object]:
        """The subclass's own settings for :meth:`spec`."""
        return {}

    def spec(self) -> Mapping[str, object]:
        completion = {"prompt_format": "completion"} if self.prompt_format == "completion" else {}
        return completion | {
            "task": self.name,
            **self.options(),
            "answer_type": self.answer_type,
            "few_shot": self.few_shot,
            "few_shot_seed": self.few_shot_seed,
            "answer_pattern": self.answer_pattern,
            "system_prompt": self.system_prompt,
        }

    def problems(self, split: Split = "test", *, limit: int | None = None) -> list[Problem]:
        raise NotImplementedError

    def shots(self) -> list[tuple[str, str]]:
        """The few-shot ``(question, worked solution)`` pairs (read from the train split on first use)."""
        if self._shots is None:
            pool = self.problems("train", limit=SHOT_POOL) if self.few_shot else []
            chosen = pick_shots(pool, self.few_shot, seed=self.few_shot_seed)
            self._shots = [(shot.question, self.worked(shot)) for shot in chosen]
        return self._shots

    def worked(self, problem: Problem) -> str:
        """``problem``'s solution ending with the marker the prompt asks for (few-shot or training target)."""
        solution = (problem.solution or "").rstrip()
        found = self.extract(solution)
        marked = found.method is ExtractionMethod.MARKER and found.answer is not None
        if marked and self._cheaply_equal(str(found.answer), problem.answer):
            return solution
        return f"{solution}\n{answer_sentence(problem.answer, self.style)}".lstrip()

    def _cheaply_equal(self, prediction: str, gold: str) -> bool:
        if self.answer_type == "latex":
            return fast_verdict(prediction, gold) is True
        return self.equivalent([prediction], [gold]) == [True]

    def messages(self, problem: Problem) -> tuple[Message, ...]:
        if self.prompt_format == "completion":
            return completion_prompt(self.shots(), problem.question)
        return render(self.system_prompt, self.shots(), problem.question)

    def extract(self, text: str) -> Extraction:
        numeric = self.answer_type in ("integer", "number")
        if self.style == "boxed":
            boxed = extract_answer(text, markers=(BOXED,), fallback=False, numeric=numeric)
            if boxed.answer is not None:
                return boxed
        return extract_answer(text, markers=self.markers, numeric=numeric)

    def equivalent(self, predictions: Sequence[str], golds: Sequence[str]) -> list[bool]:
        if len(predictions) != len(golds):
            raise ValueError(f"{len(predictions)} predictions but {len(golds)} gold answers")
        pairs = zip(predictions, golds, strict=True)
        if self.answer_type == "latex":
            return default_verifier().equivalent(predictions, golds)
        if self.answer_type == "text":
            return [bool(p.strip()) and normalize_text(p) == normalize_text(g) for p, g in pairs]
        return [numbers_equal(p, g) for p, g in pairs]
