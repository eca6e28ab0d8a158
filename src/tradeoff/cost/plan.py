"""A plan: the priced configurations a user asked for at a query volume, and the decision over them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tradeoff.cost.prices import HardwarePrice
from tradeoff.cost.pricing import Priced
from tradeoff.frontier.decide import Decision


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What was priced (``asked``, in words), on which hardware at which price, and the decision."""

    hardware: str
    price: HardwarePrice
    asked: str
    configurations: tuple[Priced, ...]
    decision: Decision
    reasons: tuple[str, ...] = ()

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
            "configurations": [asdict(p) for p in self.configurations],
            "reasons": list(self.reasons),
            "totals": {p.configuration.name: p.configuration.total(d.queries) for p in self.configurations},
        }


__all__ = ["Plan"]
