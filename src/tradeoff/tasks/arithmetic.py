"""Generated integer arithmetic: the built-in default task, unlimited and offline.

A problem is ``operands`` integers of ``digits`` digits each (1..9 for one digit) joined by operators drawn
from ``operators``, evaluated with the usual precedence (``*`` before ``+``/``-``, left to right otherwise),
so every answer is an exact integer. Phrasing: ``plain`` ("What is 12 + 34 * 5?"), ``word`` (operators
spelled out: "What is 12 plus 34 times 5?") or ``story`` (two-operand word problems: "Ava has 12 marbles
and finds 34 more. How many marbles does Ava have now?"). Its worked solution does one operation per line and ends with
"The answer is N.", so it is a fine-tuning target as it stands (the brief's CPU experiment: LoRA on such
solutions moves SmolLM2-135M from 4 % to ~25 % greedy accuracy).

Splits are disjoint by construction: an expression belongs to ``test`` when the first byte of its BLAKE2b
hash is even and to ``train`` otherwise, independently of seed and phrasing, so no test question is ever a
train question of any arithmetic task. Each split is an infinite stream from a numpy generator seeded with
``(seed, split)``, skipping repeats and questions of the other split; ``problems(split, limit=n)`` is its
first ``n`` items, so a prefix never changes with ``limit``. Without ``limit`` a split has ``size`` problems
(:data:`DEFAULT_SIZE`, 1000).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import ClassVar, Literal

import numpy as np

from tradeoff.errors import ConfigError
from tradeoff.tasks.prompts import PromptOptions, TemplateTask, answer_sentence
from tradeoff.types import AnswerType, Problem, Split

DEFAULT_SIZE = 1000
_SPLITS: dict[str, int] = {"train": 1, "test": 2}
_WORDS = {"+": "plus", "-": "minus", "*": "times"}
_STORIES = {  # two-operand word problems, one template per operator: (a, b) → question
    "+": "{name} has {a} marbles and finds {b} more. How many marbles does {name} have now?",
    "-": "{name} has {a} stickers and gives {b} of them away. How many stickers does {name} have left?",
    "*": "{name} packs {a} boxes with {b} pencils in each box. How many pencils does {name} pack?",
}
_NAMES = ("Ava", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivan", "Jun")
_MAX_MISSES = 20_000  # consecutive draws without a new problem before the split counts as exhausted


def split_of(expression: str) -> Split:
    """The split an expression belongs to, from its hash alone."""
    return "test" if hashlib.blake2b(expression.encode()).digest()[0] % 2 == 0 else "train"


def solve(numbers: list[int], operators: list[str]) -> tuple[int, list[str]]:
    """The value of the expression with precedence, and one line per operation ("34 * 5 = 170.")."""
    steps: list[str] = []
    terms, pending = [numbers[0]], []
    for op, number in zip(operators, numbers[1:], strict=True):
        if op == "*":
            steps.append(f"{terms[-1]} * {number} = {terms[-1] * number}.")
            terms[-1] *= number
        else:
            terms.append(number)
            pending.append(op)
    value = terms[0]
    for op, term in zip(pending, terms[1:], strict=True):
        result = value + term if op == "+" else value - term
        steps.append(f"{value} {op} {term} = {result}.")
        value = result
    return value, steps


class ArithmeticOptions(PromptOptions):
    """``operands`` integers of ``digits`` digits joined by ``operators``, phrased ``plain``, ``word`` or ``story``;
    the problems of a split are a stream seeded with ``seed``, ``size`` of them without a limit."""

    seed: int = 0
    operands: int = 2
    digits: int = 2
    operators: str = "+-*"
    phrasing: Literal["plain", "word", "story"] = "plain"
    size: int = DEFAULT_SIZE


class ArithmeticTask(TemplateTask):
    name: str = "arithmetic"
    answer_type: AnswerType = "integer"
    Options: ClassVar[type[ArithmeticOptions]] = ArithmeticOptions

    def __init__(self, options: ArithmeticOptions = ArithmeticOptions()) -> None:
        o = options
        super().__init__(
            few_shot=o.few_shot,
            few_shot_seed=o.few_shot_seed,
            answer_pattern=o.answer_pattern,
            prompt_format=o.prompt_format,
        )
        if o.operands < 2 or not 1 <= o.digits <= 9 or o.size < 0:
            raise ConfigError(
                f"need operands >= 2, 1 <= digits <= 9, size >= 0; got {o.operands}, {o.digits}, {o.size}"
            )
        if not o.operators or set(o.operators) - set(_WORDS):
            raise ConfigError(f"operators must be a non-empty subset of '+-*', got {o.operators!r}")
        if o.phrasing == "story" and o.operands != 2:
            raise ConfigError("phrasing='story' writes two-operand word problems; set operands=2 or phrasing='word'")
        self.seed, self.operands, self.digits, self.size = o.seed, o.operands, o.digits, o.size
        self.operators, self.phrasing = "".join(sorted(set(o.operators), key=o.operators.index)), o.phrasing
        self._streams: dict[str, tuple[Iterator[Problem], list[Problem]]] = {}

    def options(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "operands": self.operands,
            "digits": self.digits,
            "operators": self.operators,
            "phrasing": self.phrasing,
            "size": self.size,
        }

    def problems(self, split: Split = "test", *, limit: int | None = None) -> list[Problem]:
        if split not in _SPLITS:
            raise ConfigError(f"unknown split {split!r}; use 'train' or 'test'")
        count = self.size if limit is None else limit
        if count < 0:
            raise ConfigError(f"limit must be >= 0, got {limit}")
        stream, done = self._streams.setdefault(split, (self._generate(split), []))
        while len(done) < count:
            problem = next(stream, None)
            if problem is None:
                raise ConfigError(
                    f"the arithmetic {split} split has only {len(done)} distinct problems with operands="
                    f"{self.operands}, digits={self.digits}; raise digits or operands, or lower the limit"
                )
            done.append(problem)
        return done[:count]

    def _generate(self, split: Split) -> Iterator[Problem]:
        rng = np.random.default_rng([self.seed, _SPLITS[split]])
        low, high = (1, 9) if self.digits == 1 else (10 ** (self.digits - 1), 10**self.digits - 1)
        seen: set[str] = set()
        misses = 0
        while misses < _MAX_MISSES:
            numbers = [int(x) for x in rng.integers(low, high, size=self.operands, endpoint=True)]
            ops = [self.operators[int(i)] for i in rng.integers(len(self.operators), size=self.operands - 1)]
            expression = " ".join([str(numbers[0])] + [f"{o} {n}" for o, n in zip(ops, numbers[1:], strict=True)])
            if expression in seen or split_of(expression) != split:
                misses += 1
                continue
            seen.add(expression)
            misses = 0
            yield self._problem(split, len(seen) - 1, expression, numbers, ops)

    def _problem(self, split: Split, index: int, expression: str, numbers: list[int], ops: list[str]) -> Problem:
        value, steps = solve(numbers, ops)
        if self.phrasing == "story":
            name = _NAMES[hashlib.blake2b(expression.encode()).digest()[1] % len(_NAMES)]
            question = _STORIES[ops[0]].format(name=name, a=numbers[0], b=numbers[1])
        elif self.phrasing == "word":
            question = "What is " + " ".join(_WORDS.get(t, t) for t in expression.split()) + "?"
        else:
            question = f"What is {expression}?"
        return Problem(
            id=f"arith-{split}-{index:06d}",
            question=question,
            answer=str(value),
            solution="\n".join([*steps, answer_sentence(str(value))]),
            metadata={
                "expression": expression,
                "operands": self.operands,
                "digits": self.digits,
                "operators": "".join(ops),
                "difficulty": f"{self.operands}x{self.digits}d",
            },
        )
