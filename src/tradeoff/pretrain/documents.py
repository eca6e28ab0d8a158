"""Training and held-out documents from a task's train split, and the batch schedule over them.

A document is the task's completion prompt followed by its worked solution and the end token:
``"Q: What is 12 + 34?\\nA: 12 + 34 = 46.\\nThe answer is 46.<eos>"`` — exactly what the ``hf`` backend shows
the trained model at sampling time (the task in ``prompt_format="completion"``), so no chat template is
needed. Training uses the first ``documents`` problems of the train split; the held-out documents are the
``held_out`` problems after them (same split and distribution, never trained on, and never test problems).
Every token is a training target (plain language modelling); ``answer_start`` marks where the solution
begins so the held-out loss is also reported on answer tokens alone.

Batches: step s takes rows s·B … s·B + B − 1 of the concatenated epochs, each epoch a permutation seeded by
(seed, epoch), so the schedule is a pure function of the seed and a resumed run continues with the batches
it would have had.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from tradeoff.backends.hf_generate import plain_prompt
from tradeoff.errors import ConfigError
from tradeoff.tasks.base import Task
from tradeoff.tasks.prompts import TemplateTask


@dataclass(frozen=True, slots=True)
class Document:
    """Token ids (ending with the end token) and the index of the first solution token."""

    ids: tuple[int, ...]
    answer_start: int


def document_texts(task: Task, count: int, *, skip: int = 0) -> list[tuple[str, str]]:
    """(prompt, solution) texts of train problems ``skip`` … ``skip + count − 1``."""
    if not isinstance(task, TemplateTask) or task.prompt_format != "completion":
        raise ConfigError("pretraining needs a built-in task with the option prompt_format=completion")
    try:
        problems = task.problems("train", limit=skip + count)[skip:]
    except ConfigError as exc:  # the split ran out: say how to repeat documents instead
        raise ConfigError(f"{exc} (pretraining: or set --examples below it, so documents repeat in epochs)") from None
    return [(plain_prompt(task.messages(p)), task.worked(p)) for p in problems]


def steps_for_tokens(task: Task, tokens: float, *, batch_size: int, sample: int = 1000) -> int:
    """Steps of ``batch_size`` documents that pass about ``tokens`` training tokens: the character tokenizer
    spends one token per character, so a document costs ``len(prompt) + len(solution) + 1``; the mean is taken
    over the first ``sample`` train documents (no torch needed, so a dry run can size a grid)."""
    texts = document_texts(task, sample)
    mean = sum(len(p) + len(s) + 1 for p, s in texts) / len(texts)
    return max(1, round(tokens / (batch_size * mean)))


def encode(tokenizer: Any, texts: Sequence[tuple[str, str]], *, context: int) -> list[Document]:
    """Tokenize each (prompt, solution), append the end token, cut at ``context`` tokens."""
    if not texts:
        return []
    prompts = tokenizer([p for p, _ in texts], add_special_tokens=False)["input_ids"]
    solutions = tokenizer([s for _, s in texts], add_special_tokens=False)["input_ids"]
    eos = int(tokenizer.eos_token_id)
    return [
        Document(tuple([*p, *s, eos][:context]), min(len(p), context)) for p, s in zip(prompts, solutions, strict=True)
    ]


def batch_rows(step: int, *, batch_size: int, documents: int, seed: int) -> list[int]:
    """The document indices of ``step``'s batch (see the module doc)."""
    start, end = step * batch_size, (step + 1) * batch_size
    rows: list[int] = []
    for epoch in range(start // documents, (end - 1) // documents + 1):
        base = epoch * documents
        rows += _order(seed, epoch, documents)[max(start, base) - base : min(end, base + documents) - base]
    return rows


@lru_cache(maxsize=4)
def _order(seed: int, epoch: int, documents: int) -> tuple[int, ...]:
    return tuple(int(i) for i in np.random.default_rng([seed, epoch]).permutation(documents))


def collate(docs: Sequence[Document], *, pad_id: int) -> dict[str, list[list[int]]]:
    """Right-padded ``input_ids``, ``attention_mask`` and ``labels`` (−100 on padding), as lists."""
    width = max(len(d.ids) for d in docs)
    ids = [[*d.ids, *[pad_id] * (width - len(d.ids))] for d in docs]
    mask = [[1] * len(d.ids) + [0] * (width - len(d.ids)) for d in docs]
    labels = [[*d.ids, *[-100] * (width - len(d.ids))] for d in docs]
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


__all__ = ["Document", "batch_rows", "collate", "document_texts", "encode", "steps_for_tokens"]
