"""Any JSON-lines file as a task, through a field mapping; and the JSONL reading the benchmarks share.

Answer types: ``integer``/``number`` (exact numeric equality), ``latex`` (Math-Verify, answers in
``\\boxed{}``), ``text`` (normalised exact string). Without ``split_field`` every record is in the ``test``
split and the ``train`` split is empty (so ``few_shot`` needs a ``split_field``).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import ClassVar, TextIO

from tradeoff.answers.normalize import normalize_number, parse_number
from tradeoff.errors import DataError
from tradeoff.tasks.prompts import PromptOptions, TemplateTask, head
from tradeoff.types import AnswerType, Problem, Split

Record = Mapping[str, object]


def read_jsonl(path: Path) -> Iterator[tuple[int, Record]]:
    """``(line number, record)`` per non-blank line; a malformed line is a :class:`DataError` naming it."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}; check the --data path") from None
    with handle:
        for line_number, line in _lines(handle, path):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{line_number}: malformed JSON ({exc.msg}); fix or remove the line") from None
            if not isinstance(record, dict):
                raise DataError(f"{path}:{line_number}: expected a JSON object, got {type(record).__name__}")
            yield line_number, record


def _lines(handle: TextIO, path: Path) -> Iterator[tuple[int, str]]:
    line_number = 0
    try:
        for line_number, line in enumerate(handle, 1):
            yield line_number, line
    except UnicodeDecodeError:
        raise DataError(f"{path}:{line_number + 1}: not UTF-8 text; save the file as UTF-8") from None


def text_field(record: Record, name: str, where: str) -> str:
    """``record[name]``, which must be a string (a question that is a number or a list is a mistake)."""
    value = field(record, name, where)  # a missing field is named as such
    if not isinstance(record.get(name), str):
        got = type(record.get(name)).__name__
        raise DataError(f"{where}: field {name!r} must be a string, got a {got}; fix the record or map another field")
    return value


def unique_ids(problems: list[Problem], path: Path | str) -> list[Problem]:
    """``problems``, refusing two with the same id (one would silently hide the other in a pool)."""
    seen: set[str] = set()
    for problem in problems:
        if problem.id in seen:
            raise DataError(f"{path}: problem id {problem.id!r} appears twice; ids must be unique")
        seen.add(problem.id)
    return problems


def field(record: Record, name: str, where: str) -> str:
    """``record[name]`` as a string; a missing or null field is a :class:`DataError` naming the field."""
    value = record.get(name)
    if value is None:
        raise DataError(f"{where}: missing field {name!r}; fix the record or map another field to it")
    return value if isinstance(value, str) else json.dumps(value)


def numeric_answer(text: str, where: str, *, integer: bool = False) -> str:
    """The canonical gold number ("1,000" → "1000"); a gold that is not one is a :class:`DataError`."""
    canonical = normalize_number(text)
    value = parse_number(text)
    if canonical is None or value is None or (integer and value.denominator != 1):
        kind = "an integer" if integer else "a number"
        raise DataError(f"{where}: gold answer {text!r} is not {kind}; fix it or use --answer-type text")
    return canonical


def locate(benchmark: str, filename: str, path: str | None) -> Path | None:
    """``path`` (a folder holding ``filename``, or the file), else ``$TRADEOFF_DATA_DIR/<benchmark>/``, else
    ``../shared/data/<benchmark>/`` from the working directory; ``None`` when none of them has the file."""
    if path is not None:
        given = Path(path)
        found = given / filename if given.is_dir() else given
        if not found.is_file():
            raise DataError(f"{found} not found; pass --data a folder holding {filename} or the file itself")
        return found
    roots = [Path(os.environ["TRADEOFF_DATA_DIR"])] if os.environ.get("TRADEOFF_DATA_DIR") else []
    for root in [*roots, Path("..") / "shared" / "data"]:
        if (root / benchmark / filename).is_file():
            return root / benchmark / filename
    return None


def hub_records(dataset: str, split: Split, *, config: str | None = None) -> Iterator[tuple[int, Record]]:
    """``(row number, record)`` from the Hugging Face hub (needs ``datasets`` and a reachable hub)."""
    hint = f"pass --data with a local JSONL copy of {dataset}"
    if importlib.util.find_spec("datasets") is None:
        raise DataError(f"no local {dataset} data found and 'datasets' is not installed; {hint}")
    try:
        rows = importlib.import_module("datasets").load_dataset(dataset, config, split=split)
    except Exception as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise DataError(f"no local data and {dataset} could not be loaded from the hub ({reason}); {hint}") from None
    return ((row_number, row) for row_number, row in enumerate(rows, 1))


class JsonlOptions(PromptOptions):
    """The file and its field mapping: which field holds the question, the gold answer (of ``answer_type``) and,
    optionally, the problem id, a worked solution and the split (without one every record is a test problem)."""

    path: str
    question_field: str = "question"
    answer_field: str = "answer"
    answer_type: AnswerType = "number"
    id_field: str | None = None
    solution_field: str | None = None
    split_field: str | None = None


class JsonlTask(TemplateTask):
    name: str = "jsonl"
    Options: ClassVar[type[JsonlOptions]] = JsonlOptions

    def __init__(self, options: JsonlOptions) -> None:
        o = options
        super().__init__(
            few_shot=o.few_shot,
            few_shot_seed=o.few_shot_seed,
            answer_pattern=o.answer_pattern,
            prompt_format=o.prompt_format,
        )
        self.path, self.answer_type = o.path, o.answer_type
        self.fields = {"question": o.question_field, "answer": o.answer_field}
        self.id_field, self.solution_field, self.split_field = o.id_field, o.solution_field, o.split_field
        self._cache: dict[str, list[Problem]] = {}

    def options(self) -> dict[str, object]:
        return {
            "path": self.path,
            **{f"{key}_field": value for key, value in self.fields.items()},
            "id_field": self.id_field,
            "solution_field": self.solution_field,
            "split_field": self.split_field,
        }

    def problems(self, split: Split = "test", *, limit: int | None = None) -> list[Problem]:
        if split not in self._cache:
            records = list(read_jsonl(Path(self.path)))
            if not records:
                raise DataError(f"{self.path}: no records (an empty file?); expected one JSON object per line")
            problems = [self._problem(n, r) for n, r in records if self._in(split, r)]
            self._cache[split] = unique_ids(problems, self.path)
        return head(self._cache[split], limit)

    def _in(self, split: Split, record: Record) -> bool:
        return split == "test" if self.split_field is None else record.get(self.split_field) == split

    def _problem(self, line: int, record: Record) -> Problem:
        where = f"{self.path}:{line}"
        answer = field(record, self.fields["answer"], where)
        if self.answer_type in ("integer", "number"):
            answer = numeric_answer(answer, where, integer=self.answer_type == "integer")
        return Problem(
            id=field(record, self.id_field, where) if self.id_field else f"{Path(self.path).stem}-{line:06d}",
            question=text_field(record, self.fields["question"], where),
            answer=answer,
            solution=field(record, self.solution_field, where) if self.solution_field else None,
            metadata={"line": line},
        )
