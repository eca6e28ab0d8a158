"""The verifier protocol: score a batch of (problem, sample) pairs, report the tokens spent doing it.

A verifier's scores are stored in the ledger under its ``identity`` (name and settings), with the tokens
it spent per sample, so a strategy's budget counts verification as well as generation. Higher scores are
better. ``log_scale`` says the scores are log-probabilities, so a vote weight is ``exp(score)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tradeoff.ledger import StoredSample
from tradeoff.types import Problem


@dataclass(frozen=True, slots=True)
class VerifierScore:
    """One sample's score (higher is better) and the tokens the verifier spent on it."""

    score: float
    tokens: int = 0


class Verifier(Protocol):
    identity: str
    log_scale: bool

    def score(self, items: Sequence[tuple[Problem, StoredSample]]) -> list[VerifierScore]:
        """One score per (problem, sample) pair, in order."""
        ...


@dataclass(frozen=True, slots=True)
class StepScores:
    """A process reward model's verdict on one partial solution: one score per step (higher is better),
    and the tokens the verifier read to produce them."""

    scores: tuple[float, ...]
    tokens: int = 0


class StepVerifier(Protocol):
    """Scores every step of partial solutions; search strategies (beam, DVTS, REBASE) rank paths with it.

    ``steps`` are the solution so far split into steps (tradeoff splits on blank lines); the last one is
    the newest.
    """

    identity: str

    def score_steps(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
        """One :class:`StepScores` per (problem, steps) pair, in order, with one score per step."""
        ...
