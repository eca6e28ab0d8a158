"""Our scorer reproduces Cobbe et al.'s own correctness labels on their published sample solutions.

``example_model_solutions.jsonl`` holds, for each of the 1,319 GSM8K test questions, four model solutions
(6B/175B, fine-tuned sample or verifier-ranked) ending with ``A: <number>`` and an ``is_correct`` label;
the gold answer is the last line ``A: <number>`` of ``ground_truth``. With a pattern marker for that format,
extract + equivalence (the path every model sample takes) must agree with all 4 × 1,319 labels.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from tradeoff.tasks.gsm8k import GSM8KTask
from tradeoff.types import ExtractionMethod

CONFIGURATIONS = ("6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification")
A_PATTERN = r"^A:\s*(.+)$"


def score(task: GSM8KTask, texts: Sequence[str], golds: Sequence[str]) -> list[bool]:
    """As ``tradeoff.pools.score.score_pool`` does: extract, then check only the samples that have an answer."""
    extractions = [task.extract(text) for text in texts]
    answered = [i for i, e in enumerate(extractions) if e.answer is not None]
    verdicts = dict(
        zip(
            answered,
            task.equivalent([str(extractions[i].answer) for i in answered], [golds[i] for i in answered]),
            strict=True,
        )
    )
    return [e.method is not ExtractionMethod.NONE and verdicts.get(i, False) for i, e in enumerate(extractions)]


@pytest.mark.shared_data
def test_reproduces_every_is_correct_label(shared_data: Path) -> None:
    path = shared_data / "gsm8k" / "example_model_solutions.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    task = GSM8KTask(path=str(shared_data / "gsm8k"), answer_pattern=A_PATTERN)
    gold_extractions = [task.extract(row["ground_truth"]) for row in rows]
    assert {e.marker for e in gold_extractions} == {"pattern"}
    golds = [str(e.answer) for e in gold_extractions]
    assert golds == [p.answer for p in task.problems("test")]  # the same golds as test.jsonl's "#### N"

    mismatches = {}
    for configuration in CONFIGURATIONS:
        verdicts = score(task, [row[configuration]["solution"] for row in rows], golds)
        labels = [row[configuration]["is_correct"] for row in rows]
        mismatches[configuration] = [i for i, (v, label) in enumerate(zip(verdicts, labels, strict=True)) if v != label]
    assert len(rows) == 1319
    assert mismatches == {configuration: [] for configuration in CONFIGURATIONS}
