"""The steps of a solution and one score from step scores — the one home of both, read by process reward models,
search strategies and the its_hub reward adapter alike.

A step is a blank-line-separated paragraph (a line holding only spaces or tabs counts as blank), stripped; an
empty solution is one empty step, so every solution has a score. Aggregation (Lightman et al. 2023, "Let's
Verify Step by Step", use the product; Snell et al. 2024 find the last step's score works best for best-of-N
with their PRM):

    last: s_T      min: min_i s_i      product: Π_i s_i      mean: (1/T) Σ_i s_i
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Literal, get_args

from tradeoff.errors import ConfigError

Aggregation = Literal["last", "min", "product", "mean"]
STEP_SEPARATOR = "\n\n"  # what a stepwise search stops generation at and joins steps with
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_steps(text: str) -> list[str]:
    """The steps of a solution: its blank-line-separated paragraphs, stripped (one empty step for an empty
    text)."""
    return [s.strip() for s in _BLANK_LINE.split(text) if s.strip()] or [""]


def aggregate(scores: Sequence[float], how: Aggregation) -> float:
    """One score from step scores: ``last``, ``min``, ``product`` or ``mean`` (module docstring)."""
    if not scores:
        raise ConfigError("cannot aggregate zero step scores; a solution has at least one step")
    if how == "last":
        return float(scores[-1])
    if how == "min":
        return float(min(scores))
    if how == "product":
        return float(math.prod(scores))
    if how == "mean":
        return float(sum(scores) / len(scores))
    raise ConfigError(f"aggregate must be one of {', '.join(get_args(Aggregation))}, got {how!r}")


__all__ = ["STEP_SEPARATOR", "Aggregation", "aggregate", "split_steps"]
