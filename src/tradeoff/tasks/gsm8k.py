"""GSM8K: 8.5K grade-school math word problems (Cobbe et al. 2021, "Training Verifiers to Solve Math Word
Problems", arXiv:2110.14168; data: github.com/openai/grade-school-math, MIT).

Each record is ``{"question", "answer"}``; the answer is a worked solution with calculator annotations
``<<48/2=24>>`` and a last line ``#### <number>``. The gold answer is that number in canonical form
("1,000" → "1000"); the worked solution drops the annotations and ends with "The answer is N.", the
sentence the prompt asks for, so it serves as few-shot example and fine-tuning target alike.
Data: ``--data`` (a folder with ``train.jsonl``/``test.jsonl``, or one file used as the test split), else
``$TRADEOFF_DATA_DIR/gsm8k/``, else ``../shared/data/gsm8k/``, else ``openai/gsm8k`` through ``datasets``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tradeoff.errors import DataError
from tradeoff.tasks.jsonl import field, hub_records, locate, numeric_answer, read_jsonl
from tradeoff.tasks.prompts import PromptFormat, TemplateTask, answer_sentence, head
from tradeoff.types import AnswerType, Problem, Split

_ANNOTATION = re.compile(r"<<[^<>]*>>")
_FINAL = re.compile(r"\n?####\s*(?P<answer>[^\n]*)\s*$")


def parse_solution(text: str, where: str) -> tuple[str, str]:
    """``(gold answer, worked solution)`` from a GSM8K answer field."""
    match = _FINAL.search(text)
    if match is None:
        raise DataError(f"{where}: answer has no final '#### <number>' line; fix the record")
    gold = numeric_answer(match["answer"], where)
    steps = _ANNOTATION.sub("", text[: match.start()]).rstrip()
    return gold, f"{steps}\n{answer_sentence(gold)}".lstrip()


class GSM8KTask(TemplateTask):
    name: str = "gsm8k"
    answer_type: AnswerType = "number"

    def __init__(
        self,
        *,
        path: str | None = None,
        few_shot: int = 0,
        few_shot_seed: int = 0,
        answer_pattern: str | None = None,
        prompt_format: PromptFormat = "chat",
    ) -> None:
        super().__init__(
            few_shot=few_shot, few_shot_seed=few_shot_seed, answer_pattern=answer_pattern, prompt_format=prompt_format
        )
        self.path = path
        self._cache: dict[str, list[Problem]] = {}

    def options(self) -> dict[str, object]:
        return {"path": self.path}

    def problems(self, split: Split = "test", *, limit: int | None = None) -> list[Problem]:
        if split not in self._cache:
            self._cache[split] = self._load(split)
        return head(self._cache[split], limit)

    def _load(self, split: Split) -> list[Problem]:
        if split == "train" and self.path is not None and Path(self.path).is_file():
            raise DataError(f"{self.path} is the test split; pass --data a folder holding train.jsonl")
        file = locate("gsm8k", f"{split}.jsonl", self.path)
        source = str(file) if file is not None else "openai/gsm8k"
        records = read_jsonl(file) if file is not None else hub_records("openai/gsm8k", split, config="main")
        problems = []
        for index, (line, record) in enumerate(records):
            where = f"{source}:{line}"
            gold, solution = parse_solution(field(record, "answer", where), where)
            problems.append(
                Problem(
                    id=f"gsm8k-{split}-{index:05d}",
                    question=field(record, "question", where),
                    answer=gold,
                    solution=solution,
                    metadata={"line": line},
                )
            )
        return problems
