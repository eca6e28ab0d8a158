"""A plan: the priced configurations a user asked for at a query volume, and the decision over them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tradeoff.cost.prices import HardwarePrice
from tradeoff.cost.pricing import Priced
from tradeoff.frontier.decide import Decision
from tradeoff.frontier.paired import PairedDecision


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What was priced (``asked``, in words), on which hardware at which price, and the decision."""

    hardware: str
    price: HardwarePrice
    asked: str
    configurations: tuple[Priced, ...]
    decision: Decision
    reasons: tuple[str, ...] = ()
    paired: PairedDecision | None = None  # problem-level paired uncertainty of the decision (None: not measurable)
    independent: PairedDecision | None = None  # the same decision under the independent approximation, beside it

    @property
    def queries(self) -> float:
        return self.decision.queries

    @property
    def recommended(self) -> str:
        return self.decision.recommended

    @property
    def frontier(self) -> tuple[str, ...]:
        return self.decision.frontier

    def chosen(self) -> Priced:
        return next(p for p in self.configurations if p.configuration.name == self.decision.recommended)

    def to_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            **asdict(d),
            "hardware": self.hardware,
            "price": self.price.model_dump(mode="json"),
            "asked": self.asked,
            "configurations": [p.to_dict() for p in self.configurations],
            "reasons": list(self.reasons),
            "paired": None if self.paired is None else _paired(self.paired),
            "independent": None if self.independent is None else _paired(self.independent),
            "totals": {p.configuration.name: p.configuration.total(d.queries) for p in self.configurations},
        }


def _paired(decision: PairedDecision) -> dict[str, Any]:
    return {
        "method": decision.method,
        "rule": decision.rule.describe(),
        "problems": decision.problems,
        "draws": decision.draws,
        "choices": [asdict(c) for c in decision.choices],
        "crossings": [asdict(c) for c in decision.crossings],
        "notices": [asdict(n) for n in decision.notices],
    }


__all__ = ["Plan"]
