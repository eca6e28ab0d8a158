"""Step verifiers by name: ``self_certainty`` (built in, free) or any registered verifier that scores steps.

A process reward model implements :class:`~tradeoff.verifiers.base.StepVerifier` (``score_steps`` over
``(problem, steps)`` pairs) and is registered in :data:`tradeoff.verifiers.VERIFIERS`;
:class:`StepVerifierScorer` adapts it to the search's :class:`~tradeoff.search.base.PathScorer`: a path's
steps are its nodes' texts, each split on blank lines (a revision attempt may hold several steps), and the
verifier re-reads the whole path each time it scores it (its tokens are what it reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tradeoff.errors import ConfigError
from tradeoff.search.base import Node, PathScorer
from tradeoff.search.self_certainty import StepSelfCertainty
from tradeoff.types import Problem
from tradeoff.verifiers.base import StepScores, StepVerifier
from tradeoff.verifiers.steps import split_steps


class StepVerifierScorer:
    logprobs = False

    def __init__(self, verifier: StepVerifier) -> None:
        self.verifier = verifier
        self.identity = verifier.identity
        self.log_scale = bool(getattr(verifier, "log_scale", False))

    def score_paths(self, problem: Problem, paths: Sequence[Sequence[Node]]) -> list[StepScores]:
        items = [(problem, [s for node in path for s in split_steps(node.text) if s] or [""]) for path in paths]
        return self.verifier.score_steps(items)


def get_step_scorer(name: str, **options: Any) -> PathScorer:
    """``self_certainty`` (no options) or a registered verifier with ``score_steps``, built with ``options``."""
    if name == "self_certainty":
        if options:
            raise ConfigError(f"step verifier self_certainty takes no options, got {', '.join(options)}")
        return StepSelfCertainty()
    from tradeoff.verifiers import VERIFIERS, Verifier

    verifier: Verifier = VERIFIERS.build(
        name, options, what=f"step verifier {name!r}", hint="; check --step-verifier-option"
    )
    if not callable(getattr(verifier, "score_steps", None)):
        raise ConfigError(
            f"verifier {name!r} scores whole samples, not steps; use --step-verifier self_certainty "
            "or a process reward model"
        )
    return StepVerifierScorer(verifier)  # type: ignore[arg-type]
