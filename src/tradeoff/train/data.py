"""Training examples from a task's train split, kept apart from its evaluation split.

An example is the prompt the task would send at evaluation time (``task.messages(problem)``: system
prompt, few-shot turns, question) and a target: the worked solution ending with the answer marker the
prompt asks for (``TemplateTask.worked``), so a fine-tuned model learns exactly the output format that the
scorer reads. Data-scale variants (e.g. 100, 500, all) are nested prefixes of one ordered list, so the
100-example model's data is contained in the 500-example model's and a scale curve varies one thing.

Hygiene (issue 5): every training question is compared with the evaluation split, exactly and after
normalisation (case, whitespace and closing punctuation folded, :func:`normalise_question`). Overlapping examples
are counted in :class:`Overlap`; training on them is refused unless ``force=True``, in which case they are
kept and the overlap is recorded, so a contaminated run is visible in ``training.json``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from tradeoff.errors import ConfigError, DataError
from tradeoff.tasks.base import Task
from tradeoff.types import Message, Problem

_AROUND_SYMBOL = re.compile(r"\s*([^\w\s])\s*")


@dataclass(frozen=True, slots=True)
class Example:
    """One supervised example: the evaluation prompt and the completion to learn."""

    id: str
    messages: tuple[Message, ...]
    target: str


@dataclass(frozen=True, slots=True)
class Overlap:
    """Training problems whose question also appears in the evaluation split."""

    exact: int = 0
    normalised: int = 0
    ids: tuple[str, ...] = ()
    eval_problems: int = 0

    @property
    def total(self) -> int:
        """Examples that overlap by either test (an exact match is also a normalised match)."""
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class TrainingData:
    """The examples to train on, with the overlap report that came with them."""

    examples: tuple[Example, ...]
    overlap: Overlap = field(default_factory=Overlap)

    def head(self, count: int | None) -> TrainingData:
        """The first ``count`` examples (a nested data-scale variant); ``None`` keeps all."""
        if count is None:
            return self
        if count <= 0 or count > len(self.examples):
            raise ConfigError(f"asked for {count} training examples but {len(self.examples)} are available")
        return TrainingData(self.examples[:count], self.overlap)


def normalise_question(text: str) -> str:
    """Fold Unicode (NFKC), case, whitespace and closing punctuation: ``"What is 2 + 3 ?"`` → ``"what is 2+3"``.

    Symbols are kept (``2 + 3`` and ``2 - 3`` are different questions); only the spaces around them and a
    trailing ``.?!`` go.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return _AROUND_SYMBOL.sub(r"\1", folded).rstrip(".?!")


def overlap(train: Sequence[Problem], evaluation: Sequence[Problem]) -> Overlap:
    """Count training problems whose question equals an evaluation question, exactly or normalised."""
    exact_set = {p.question.strip() for p in evaluation}
    normal_set = {normalise_question(p.question) for p in evaluation}
    exact = [p.id for p in train if p.question.strip() in exact_set]
    hits = [p.id for p in train if normalise_question(p.question) in normal_set]
    return Overlap(exact=len(exact), normalised=len(hits), ids=tuple(hits), eval_problems=len(evaluation))


def target_of(task: Task, problem: Problem) -> str:
    """The worked solution ending with the task's answer marker; a problem without a solution is an error."""
    if not (problem.solution or "").strip():
        raise DataError(f"training problem {problem.id!r} has no worked solution; use a task split with solutions")
    worked = getattr(task, "worked", None)
    return str(worked(problem)) if callable(worked) else str(problem.solution).strip()


def training_data(
    task: Task,
    *,
    examples: int | None = None,
    eval_limit: int | None = None,
    force: bool = False,
) -> TrainingData:
    """The first ``examples`` problems of ``task``'s train split as examples, checked against its test split.

    ``eval_limit`` bounds the evaluation problems compared with (default: the whole test split). With
    overlap and ``force=False`` this raises :class:`~tradeoff.errors.ConfigError`; with ``force=True`` the
    overlapping examples are kept and counted.
    """
    if examples is not None and examples <= 0:
        raise ConfigError(f"--examples must be positive, got {examples}")
    train = task.problems("train", limit=examples)
    if not train:
        raise DataError(f"task {task.name!r} has no training problems")
    if examples is not None and len(train) < examples:
        raise ConfigError(f"task {task.name!r} has only {len(train)} training problems; lower --examples")
    report = overlap(train, task.problems("test", limit=eval_limit))
    if report.total and not force:
        shown = ", ".join(report.ids[:3])
        raise ConfigError(
            f"{report.total} training problems ({report.exact} exact, {report.normalised} normalised) also appear "
            f"in the evaluation split (e.g. {shown}); remove them or pass --force to train on them anyway"
        )
    built = tuple(Example(id=p.id, messages=task.messages(p), target=target_of(task, p)) for p in train)
    return TrainingData(built, report)


def split_provenance(task: Task, data: TrainingData, *, forced: bool = False) -> dict[str, object]:
    """The ``data`` section of a training record for examples from a task's train split: the task, how many
    examples, and their overlap with the evaluated problems."""
    from dataclasses import asdict

    return {
        "source": "train-split",
        "task": dict(task.spec()),
        "split": "train",
        "examples": len(data.examples),
        "overlap": {**asdict(data.overlap), "ids": list(data.overlap.ids)},
        "forced": forced,
    }


__all__ = [
    "Example", "Overlap", "TrainingData", "normalise_question", "overlap", "split_provenance", "target_of",
    "training_data",
]  # fmt: skip
