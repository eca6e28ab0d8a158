"""``tradeoff plan``: the frontier at a query volume and the recommended configuration, with its reasons."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
import typer
from rich.table import Table

from tradeoff.cli.common import console
from tradeoff.errors import ConfigError
from tradeoff.run.plan import Plan, plan_run
from tradeoff.reports.plan_text import usd

if TYPE_CHECKING:
    from tradeoff.laws.plan_law import PlanRequest


def frontier_table(plan: Plan) -> Table:
    """The frontier at Q: configuration, accuracy [95 % CI], fixed $, $/query, total $ at Q."""
    table = Table(title=f"Pareto frontier at {plan.queries:,.0f} queries ({plan.hardware})", box=None)
    for name in ("configuration", "accuracy [95 % CI]", "fixed $", "$/query", "total $ at Q"):
        table.add_column(name, justify="left" if name == "configuration" else "right")
    by_name = {p.configuration.name: p.configuration for p in plan.configurations}
    for name in plan.frontier:
        c = by_name[name]
        mark = " *" if name == plan.recommended else ""
        table.add_row(
            name + mark, c.accuracy.format(), usd(c.fixed_cost), usd(c.per_query_cost), usd(c.total(plan.queries))
        )
    return table


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


def command(
    run: Annotated[Path | None, typer.Argument(help="Run directory (not with --law).")] = None,
    queries: Annotated[float | None, typer.Option("--queries", help="Query volume Q, e.g. 1e6.")] = None,
    budget: Annotated[float | None, typer.Option(help="Total budget in dollars at Q.")] = None,
    target_accuracy: Annotated[float | None, typer.Option(help="Accuracy to reach, 0–1 (e.g. 0.3).")] = None,
    hardware: Annotated[str, typer.Option(help="Hardware price profile, e.g. cpu-core, h100-80gb.")] = "cpu-core",
    prices: Annotated[list[Path] | None, typer.Option(help="Price YAML merged over the built-in table.")] = None,
    verifier: Annotated[str | None, typer.Option(help="Verifier for best-of-k and weighted voting.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    law: Annotated[PlanLaw | None, typer.Option(help="Plan from a scaling law instead of a run.")] = None,
    points: Annotated[Path | None, typer.Option(help="--law: fit the law to this CSV/JSON.")] = None,
    published: Annotated[str, typer.Option(help="--law: published constants.")] = "besiroglu-2024",
    columns: Annotated[str | None, typer.Option(help="--law: ROLE=COLUMN pairs of --points.")] = None,
    compute: Annotated[list[float] | None, typer.Option(help="--law chinchilla: training FLOPs.")] = None,
    target_loss: Annotated[float | None, typer.Option(help="--law inference-aware: loss to reach.")] = None,
    inference_tokens: Annotated[float | None, typer.Option(help="--law inference-aware: lifetime tokens.")] = None,
    train_budget: Annotated[float | None, typer.Option(help="--law t2: training FLOPs.")] = None,
    inference_budget: Annotated[float | None, typer.Option(help="--law t2: inference FLOPs.")] = None,
    tokens_per_answer: Annotated[float | None, typer.Option(help="--law t2: tokens per sample.")] = None,
    bootstrap: Annotated[int, typer.Option(min=0, help="--law: bootstrap refits for intervals.")] = 200,
) -> None:
    """Price every configuration of a run at Q queries (measured seconds × $/hour) and recommend one;
    or, with --law, the compute-optimal plan of a scaling law."""
    if law is not None and run is not None:
        raise ConfigError("--law plans from a scaling law, not from a run: drop the run directory (or --law)")
    if law is not None:
        from tradeoff.laws.plan_law import PlanRequest  # scipy loads only for a law

        request = PlanRequest(tuple(compute or ()), target_loss, inference_tokens, train_budget, inference_budget,
                              queries, tokens_per_answer)  # fmt: skip
        law_command(law, request, points=points, published=published, columns=columns, bootstrap=bootstrap,
                    seed=seed, as_json=as_json)  # fmt: skip
        return
    if run is None or queries is None:
        raise ConfigError("tradeoff plan needs a run directory and --queries (or --law for a scaling-law plan)")
    plan = plan_run(
        run,
        queries=queries,
        hardware=hardware,
        prices=prices or [],
        budget=budget,
        target=target_accuracy,
        verifier=verifier,
        seed=seed,
    )
    if as_json:
        print(json.dumps(plan.to_dict(), indent=2, default=str))
        return
    console.print(frontier_table(plan))
    console.print(f"[bold]recommended:[/] {plan.recommended}")
    for reason in plan.reasons:
        console.print(f"  - {reason}", highlight=False)
