"""``tradeoff plan --law``: the compute-optimal plan of a fitted or published scaling law, with its reasons."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tradeoff.cli.common import console

if TYPE_CHECKING:
    from tradeoff.laws.plan_law import PlanRequest


class PlanLaw(StrEnum):
    chinchilla = "chinchilla"
    inference_aware = "inference-aware"
    t2 = "t2"


def law_command(law: PlanLaw, request: PlanRequest, *, points: Path | None, published: str, columns: str | None,
                bootstrap: int, seed: int, as_json: bool) -> None:  # fmt: skip
    """``--law``: the compute-optimal plan of a fitted or published scaling law, with its reasons."""
    from tradeoff.cli.fit import parse_columns, print_plan
    from tradeoff.laws.plan_law import plan_law

    plans = plan_law(law.value, request, points=points, published=published, columns=parse_columns(columns),
                     bootstrap=bootstrap, rng=np.random.default_rng(seed))  # fmt: skip
    if as_json:
        print(json.dumps([p.to_dict() for p in plans], indent=2))
        return
    for plan in plans:
        console.print(f"[bold]{plan.law}[/]: {plan.question} ({plan.source})", highlight=False)
        print_plan(plan)
