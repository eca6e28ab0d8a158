"""``tradeoff plan``: the configurations asked for, priced at a query volume, the frontier and the recommended
configuration with its reasons; or, with ``--law``, a scaling law's compute-optimal plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli import checks
from tradeoff.cli.common import console
from tradeoff.cli.curves import parse_ks, parse_strategies
from tradeoff.cli.plan_law import PlanLaw, law_command
from tradeoff.errors import ConfigError
from tradeoff.reports.plan_table import frontier_table
from tradeoff.run.plan import Pricing, Question, plan_run
from tradeoff.strategies.selection import selection_from


def command(
    run: Annotated[Path | None, typer.Argument(help="Run directory (not with --law).")] = None,
    queries: Annotated[float | None, typer.Option("--queries", help="Query volume Q, e.g. 1e6.")] = None,
    budget: Annotated[float | None, typer.Option(help="Total budget in dollars at Q.")] = None,
    target_accuracy: Annotated[float | None, typer.Option(help="Accuracy to reach, 0–1 (e.g. 0.3).")] = None,
    hardware: Annotated[str, typer.Option(help="Hardware price profile, e.g. cpu-core, h100-80gb.")] = "cpu-core",
    prices: Annotated[list[Path] | None, typer.Option(help="Price YAML merged over the built-in table.")] = None,
    strategy: Annotated[
        str | None,
        typer.Option(
            help="Strategies to price, comma-separated: greedy, sampled, majority, weighted, best_of "
            "[default: every one the run's pools support; the ranked ones with --verifier]."
        ),
    ] = None,
    k: Annotated[str | None, typer.Option("--k", help="Budgets to price, e.g. 2,4,8 [default: every budget].")] = None,
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
    checks.positive(queries, "--queries")
    checks.non_negative(budget, "--budget")
    checks.fraction(target_accuracy, "--target-accuracy")
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
    selection = selection_from(parse_strategies(strategy), ks=parse_ks(k), verifier=verifier)
    pricing = Pricing(hardware=hardware, prices=tuple(prices or ()), selection=selection)
    plan = plan_run(run, pricing, Question(queries=queries, budget=budget, target=target_accuracy, seed=seed))
    if as_json:
        print(json.dumps(plan.to_dict(), indent=2, default=str))
        return
    console.print(frontier_table(plan))
    console.print(f"[bold]recommended:[/] {plan.recommended}")
    for reason in plan.reasons:
        console.print(f"  - {reason}", highlight=False)
