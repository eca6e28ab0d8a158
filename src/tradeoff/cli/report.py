"""``tradeoff report``: figures, a self-contained HTML page, Markdown and JSON for a run directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli import checks
from tradeoff.cli.common import console
from tradeoff.cli.curves import parse_ks, parse_strategies
from tradeoff.cost.overheads import parse_overhead
from tradeoff.reports.write import write_report
from tradeoff.run.handle import Run
from tradeoff.run.plan import Pricing, Question
from tradeoff.run.report import VOLUMES, build_report
from tradeoff.strategies.selection import selection_from


def command(
    run: Annotated[Path, typer.Argument(help="Run directory.")],
    queries: Annotated[float, typer.Option("--queries", help="Query volume Q of the recommendation.")] = 1e6,
    volume: Annotated[list[float] | None, typer.Option(help="Volumes of the frontier figure (repeat).")] = None,
    budget: Annotated[float | None, typer.Option(help="Total budget in dollars at Q.")] = None,
    target_accuracy: Annotated[float | None, typer.Option(help="Accuracy to reach, 0–1.")] = None,
    hardware: Annotated[str, typer.Option(help="Hardware price profile, e.g. cpu-core, h100-80gb.")] = "cpu-core",
    prices: Annotated[list[Path] | None, typer.Option(help="Price YAML merged over the built-in tables.")] = None,
    overhead: Annotated[
        list[str] | None, typer.Option(help="Fixed term for every configuration: model_load=15s, setup=$20.")
    ] = None,
    strategy: Annotated[
        str | None, typer.Option(help="Strategies to price, comma-separated [default: every one that applies].")
    ] = None,
    k: Annotated[str | None, typer.Option("--k", help="Budgets to price, e.g. 2,4,8 [default: every budget].")] = None,
    verifier: Annotated[str | None, typer.Option(help="Verifier for best-of-k and weighted voting.")] = None,
    examples: Annotated[int, typer.Option(help="Example samples shown per pool.")] = 3,
    out: Annotated[Path | None, typer.Option(help="Output folder (default RUN/report).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap and Monte Carlo draws.")] = 0,
) -> None:
    """Write RUN/report/: report.html (self-contained), report.md, report.json and four PNG figures."""
    checks.positive(queries, "--queries")
    checks.all_positive(volume, "--volume")
    checks.non_negative(budget, "--budget")
    checks.fraction(target_accuracy, "--target-accuracy")
    checks.non_negative(examples, "--examples")
    checks.folder(out, "--out")
    selection = selection_from(parse_strategies(strategy), ks=parse_ks(k), verifier=verifier)
    pricing = Pricing(hardware=hardware, prices=tuple(prices or ()), selection=selection,
                      overheads=tuple(parse_overhead(o) for o in overhead or []))  # fmt: skip
    question = Question(queries=queries, budget=budget, target=target_accuracy, seed=seed)
    with Run.open(run, ks=selection.budgets(), seed=seed) as handle:
        report = build_report(handle, pricing, question, volumes=volume or VOLUMES, examples=examples)
    files = write_report(report, out or run / "report")
    console.print(f"recommended at {queries:,.0f} queries: [bold]{report.plan.recommended}[/]")
    for path in (files.html, files.markdown, files.json, *files.figures.values()):
        console.print(f"wrote {path}", highlight=False)
