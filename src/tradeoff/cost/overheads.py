"""Fixed overheads as explicit terms of the fixed cost ``F`` of ``Total(Q) = F + Q·c``.

A term is paid once per deployment, whatever the query volume, and is either dollars (a bill: synthetic
data from an API teacher, a billing minimum) or seconds of the deployment's hardware (training, set-up,
loading the model), priced at that hardware's rate:

    F = Σ_terms ( usd_t + seconds_t / 3600 × $/hour )

Kinds: ``training`` (the training record's measured seconds), ``synthetic_data`` (the cost a training
record's data carries: ``{"usd", "seconds", "source"}``), ``setup`` (provisioning, container start),
``model_load`` (reading weights before the first query), ``billing_minimum`` (a provider's minimum charge,
counted in full: an upper bound when usage would pass the minimum anyway).

On the command line a term is written ``KIND=VALUE`` with the unit: ``model_load=15s``, ``setup=$20``
(or ``setup=20usd``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from tradeoff.cost.prices import HardwarePrice, hardware_dollars
from tradeoff.errors import ConfigError, DataError

OverheadKind = Literal["training", "synthetic_data", "setup", "model_load", "billing_minimum"]
KINDS: tuple[str, ...] = get_args(OverheadKind)


@dataclass(frozen=True, slots=True, kw_only=True)
class Overhead:
    """One fixed term: ``usd`` paid as is plus ``seconds`` of the deployment's hardware."""

    kind: OverheadKind
    usd: float = 0.0
    seconds: float = 0.0
    source: str = ""

    def __post_init__(self) -> None:
        if not (self.usd >= 0 and self.seconds >= 0):  # also rejects NaN
            raise ConfigError(f"overhead {self.kind}: dollars and seconds must be >= 0")

    def dollars(self, price: HardwarePrice) -> float:
        """``usd + seconds / 3600 × $/hour``."""
        return self.usd + hardware_dollars(self.seconds, price)


def fixed_cost(terms: Sequence[Overhead], price: HardwarePrice) -> float:
    """``F = Σ (usd + seconds × rate)`` over the terms."""
    return sum(term.dollars(price) for term in terms)


def recorded_data_cost(data: Mapping[str, Any], *, where: str) -> Overhead | None:
    """The ``synthetic_data`` term of a training record's ``data`` dict (its optional ``"cost"`` entry)."""
    cost = data.get("cost")
    if cost is None:
        return None
    try:
        return Overhead(
            kind="synthetic_data",
            usd=float(cost.get("usd", 0.0)),
            seconds=float(cost.get("seconds", 0.0)),
            source=str(cost.get("source", where)),
        )
    except (AttributeError, TypeError, ValueError):
        raise DataError(f"{where}: data.cost must be {{usd: number, seconds: number, source: text}}") from None


_TERM = re.compile(r"^(?P<kind>[a-z_]+)=(?:\$(?P<usd>[\d.eE+]+)|(?P<usd2>[\d.eE+]+)usd|(?P<s>[\d.eE+]+)s)$")


def parse_overhead(text: str) -> Overhead:
    """``model_load=15s`` → 15 seconds; ``setup=$20`` or ``setup=20usd`` → 20 dollars."""
    match = _TERM.match(text.strip().replace(" ", ""))
    if match is None or match["kind"] not in KINDS:
        raise ConfigError(f"overhead {text!r}: write KIND=SECONDSs or KIND=$USD, KIND one of {', '.join(KINDS)}")
    try:
        usd = float(match["usd"] or match["usd2"] or 0.0)
        seconds = float(match["s"] or 0.0)
    except ValueError:
        raise ConfigError(f"overhead {text!r}: not a number") from None
    return Overhead(kind=match["kind"], usd=usd, seconds=seconds, source="given")  # type: ignore[arg-type]
