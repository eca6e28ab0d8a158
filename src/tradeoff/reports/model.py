"""The report as one value: everything the renderers draw, gathered by :mod:`tradeoff.run.report`.

Renderers (figures, HTML, Markdown, JSON) read these fields and compute nothing.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tradeoff.cost.plan import Plan
from tradeoff.cost.utilisation import Utilisation
from tradeoff.frontier import BreakEven, PhaseMap
from tradeoff.strategies import PoolCurves


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """One stored sample as shown in the report; ``text`` is the raw model output."""

    pool: str
    problem_id: str
    sample_index: int
    question: str
    gold: str
    text: str
    extracted: str | None
    correct: bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Crossing:
    """Two configurations shown in the report whose total costs cross at ``even.queries``."""

    first: str
    second: str
    even: BreakEven


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """``plan``: the plan at the report's volume; ``decisions``: the plan at each of ``volumes`` (same priced
    configurations); ``frontiers``: the frontier at each volume; ``crossings``: break-evens between every two
    configurations on some frontier (or recommended)."""

    run: str
    plan: Plan
    decisions: tuple[Plan, ...]
    volumes: tuple[float, ...]
    frontiers: tuple[tuple[float, tuple[str, ...]], ...]
    crossings: tuple[Crossing, ...]
    phase: PhaseMap
    curves: tuple[PoolCurves, ...]
    utilisation: tuple[Utilisation, ...]
    examples: tuple[Example, ...]

    def shown(self) -> list[str]:
        """Configurations on the frontier at some report volume, and the recommendation."""
        names = [n for _, front in self.frontiers for n in front] + [self.plan.recommended]
        return list(dict.fromkeys(names))

    def to_dict(self) -> dict[str, Any]:
        phase = self.phase
        return finite(
            {
                "run": self.run,
                "plan": self.plan.to_dict(),
                "decisions": [
                    {"queries": p.queries, "recommended": p.recommended, "frontier": list(p.frontier)}
                    for p in self.decisions
                ],
                "frontiers": [{"queries": q, "frontier": list(names)} for q, names in self.frontiers],
                "crossings": [asdict(c) for c in self.crossings],
                "phase_map": {
                    "names": phase.names,
                    "queries": phase.queries.tolist(),
                    "budgets": phase.budgets.tolist(),
                    "choice": phase.choice.tolist(),
                },
                "curves": [c.to_dict() for c in self.curves],
                "utilisation": [{**asdict(u), "flops_per_dollar": u.flops_per_dollar} for u in self.utilisation],
                "examples": [asdict(e) for e in self.examples],
            }
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFiles:
    html: Path
    markdown: Path
    json: Path
    figures: dict[str, Path]


def finite(value: Any) -> Any:
    """JSON has no NaN: NaN and ±inf become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


__all__ = ["Crossing", "Example", "Report", "ReportFiles", "finite"]
