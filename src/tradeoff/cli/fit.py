"""``tradeoff fit``: fit a scaling law to a points file or a run directory; print it with intervals and its plan."""

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
from tradeoff.stats import Estimate

if TYPE_CHECKING:
    from tradeoff.laws.planner import LawPlan, PlanRow
    from tradeoff.laws.report import Budgets, LawReport


class Law(StrEnum):
    chinchilla = "chinchilla"
    t2 = "t2"
    t2_pass = "t2-pass"
    coverage = "coverage"
    inference_scaling = "inference-scaling"


class Grid(StrEnum):
    besiroglu = "besiroglu"  # the published 4,500 starts
    coarse = "coarse"  # 108 starts


def parse_columns(text: str | None) -> dict[str, str] | None:
    """``"N=Model Size,C=Training FLOP,loss=loss"`` → ``{"N": "Model Size", ...}``."""
    if not text:
        return None
    pairs = [part.partition("=") for part in text.split(",")]
    if any(not sep or not role.strip() or not name.strip() for role, sep, name in pairs):
        raise ConfigError(f"--columns expects ROLE=COLUMN pairs separated by commas, got {text!r}")
    return {role.strip(): name.strip() for role, _, name in pairs}


def parse_params(pairs: list[str] | None) -> dict[str, float]:
    """``["m=1.35e8"]`` → ``{"m": 1.35e8}``: model sizes in parameters."""
    out = {}
    for pair in pairs or []:
        model, _, value = pair.rpartition("=")
        try:
            size = float(value)
        except ValueError:
            size = float("nan")
        if not model or not size > 0:
            raise ConfigError(f"--params expects MODEL=PARAMETERS with a positive number, got {pair!r}")
        out[model] = size
    return out


def budgets(
    train: float | None, inference: float | None, queries: float | None, tokens: float | None
) -> Budgets | None:
    from tradeoff.laws.report import Budgets

    given = {
        "--train-budget": train,
        "--inference-budget": inference,
        "--queries": queries,
        "--tokens-per-answer": tokens,
    }
    if all(v is None for v in given.values()):
        return None
    missing = [name for name, v in given.items() if v is None]
    if missing:
        raise ConfigError(f"the joint (N, D, k) optimum needs {', '.join(missing)} as well")
    return Budgets(train or 0.0, inference or 0.0, queries or 0.0, tokens or 0.0)


def cell(estimate: Estimate, spec: str) -> str:
    if np.isnan(estimate.low):
        return format(estimate.value, spec)
    return f"{estimate.value:{spec}} [{estimate.low:{spec}}, {estimate.high:{spec}}]"


def estimate_table(title: str, rows: tuple[PlanRow, ...], heading: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(heading)
    table.add_column("estimate [95 % CI]", justify="right")
    for row in rows:
        table.add_row(row.name, cell(row.estimate, row.spec))
    return table


def print_plan(plan: LawPlan) -> None:
    if not plan.rows:
        console.print(f"plan: {plan.question}", highlight=False)
    else:
        console.print(estimate_table(f"plan: {plan.question}", plan.rows, "quantity"))
    for reason in plan.reasons:
        console.print(f"  - {reason}", highlight=False)


def print_report(report: LawReport) -> None:
    console.print(f"[bold]{report.law}[/] from {report.source}", highlight=False)
    for section in report.sections:
        console.print(f"[bold]{section.title}[/]: {section.reason}", highlight=False)
        if section.parameters:
            console.print(estimate_table("parameters", section.parameters, "parameter"))
        if section.goodness:
            console.print("goodness of fit: " + ", ".join(f"{k} {v:.4g}" for k, v in section.goodness.items()))
        for note in section.notes:
            console.print(f"  {note}", highlight=False)
        for plan in section.plans:
            print_plan(plan)


def command(
    points: Annotated[Path | None, typer.Argument(help="CSV or JSON of measured points, one per row.")] = None,
    law: Annotated[Law, typer.Option(help="The law to fit.")] = Law.chinchilla,
    run: Annotated[
        Path | None,
        typer.Option(help="A run directory: its pools, and for chinchilla/t2/t2-pass its pretraining records."),
    ] = None,
    pool: Annotated[list[str] | None, typer.Option(help="Pools of --run to fit (coverage; default all).")] = None,
    columns: Annotated[str | None, typer.Option(help="ROLE=COLUMN pairs [default: recognised names].")] = None,
    drop_highest: Annotated[int, typer.Option(min=0, help="chinchilla: drop the N highest-loss points.")] = 0,
    bootstrap: Annotated[int, typer.Option(min=0, help="Bootstrap resamples for the 95 % intervals.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    compute: Annotated[list[float] | None, typer.Option(help="chinchilla: training FLOPs to plan for.")] = None,
    huber_delta: Annotated[float, typer.Option(help="Huber threshold on log-loss residuals.")] = 1e-3,
    grid: Annotated[Grid, typer.Option(help="chinchilla starts: besiroglu (4,500) or coarse (108).")] = Grid.besiroglu,
    train_budget: Annotated[float | None, typer.Option(help="t2, t2-pass: training FLOPs.")] = None,
    inference_budget: Annotated[float | None, typer.Option(help="t2, t2-pass: inference FLOPs.")] = None,
    queries: Annotated[float | None, typer.Option(help="t2, t2-pass: queries to serve.")] = None,
    tokens_per_answer: Annotated[float | None, typer.Option(help="t2, t2-pass: tokens per sample.")] = None,
    base: Annotated[
        str, typer.Option(help="t2-pass: published L(N, D) inside the link (without --run).")
    ] = "besiroglu-2024",
    base_points: Annotated[
        Path | None, typer.Option(help="t2-pass: fit L(N, D) to these loss points [--run: its records].")
    ] = None,
    extrapolate: Annotated[list[float] | None, typer.Option(help="coverage: k to extrapolate to.")] = None,
    params: Annotated[list[str] | None, typer.Option(help="inference-scaling: MODEL=PARAMETERS.")] = None,
    verifier: Annotated[str | None, typer.Option(help="inference-scaling: verifier for weighted/best-of.")] = None,
    budget: Annotated[list[float] | None, typer.Option(help="inference-scaling: FLOPs per problem.")] = None,
    figure: Annotated[Path | None, typer.Option(help="Write the law's figure to this PNG.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Fit a scaling law with bootstrap intervals and print its planner's answer (a fit that did not
    converge prints one error line and no numbers)."""
    from tradeoff.laws import report, report_sampling, runs, study, tables
    from tradeoff.laws.planner import published_law

    if (points is None) == (run is None):
        raise ConfigError("give a points file or --run DIR (not both)")
    rng = np.random.default_rng(seed)
    draw = figure is not None
    ks = extrapolate or [1000.0]
    table = None if points is None else tables.read_points(points, law.value, columns=parse_columns(columns))
    if run is not None and law in (Law.chinchilla, Law.t2, Law.t2_pass):
        table = study.loss_table(run) if law is Law.chinchilla else study.pass_table(run, as_loss=law is Law.t2)
    result: LawReport
    if law is Law.chinchilla and table is not None:
        import tradeoff.laws as laws

        start = laws.StartGrid() if grid is Grid.besiroglu else laws.COARSE_GRID
        result = report.report_chinchilla(
            table, drop_highest=drop_highest, grid=start, huber_delta=huber_delta, bootstrap=bootstrap, rng=rng,
            compute=compute or [1e22, 1e24, 1e26], figure=draw,
        )  # fmt: skip
    elif law is Law.t2 and table is not None:
        import tradeoff.laws as laws

        plan = budgets(train_budget, inference_budget, queries, tokens_per_answer)
        result = report.report_t2(
            table, budgets=plan, grid=laws.T2_GRID, huber_delta=huber_delta, bootstrap=bootstrap, rng=rng, figure=draw
        )
    elif law is Law.t2_pass and table is not None:
        plan = budgets(train_budget, inference_budget, queries, tokens_per_answer)
        if base_points is not None or run is not None:
            import tradeoff.laws as laws

            losses = tables.read_points(base_points, "chinchilla") if base_points else study.loss_table(Path(str(run)))
            v, start = losses.values, laws.StartGrid() if grid is Grid.besiroglu else laws.COARSE_GRID
            fitted = laws.fit_chinchilla(
                laws.LossPoints(v["N"], v["D"], v["loss"]), grid=start, huber_delta=huber_delta
            )
            chinchilla, source = fitted.law, f"fitted to {losses.source}"
        else:
            chinchilla, source = published_law(base), f"published: {base}"
        result = report.report_t2_pass(
            table, base=chinchilla, base_source=source, budgets=plan, bootstrap=bootstrap, rng=rng, figure=draw
        )
    elif law is Law.coverage and table is not None:
        result = report_sampling.report_coverage_points(
            table, bootstrap=bootstrap, rng=rng, extrapolate=ks, figure=draw
        )
    elif law is Law.coverage and run is not None:
        fits = runs.coverage_from_run(run, pools=pool, bootstrap=bootstrap, rng=rng)
        result = report_sampling.report_coverage_run(str(run), fits, extrapolate=ks, figure=draw)
    elif table is not None:
        result = report_sampling.report_inference_table(table, budgets=budget, figure=draw)
    else:
        assert run is not None
        found = runs.inference_points_from_run(run, params=parse_params(params), verifier=verifier, seed=seed)
        result = report_sampling.report_inference(
            str(run), found.points, estimates=found.estimates, budgets=budget, figure=draw
        )
    if figure is not None and result.figure is not None:
        from tradeoff.reports.law_figures import plot_law

        plot_law(result.figure, figure)
    if as_json:
        print(json.dumps(result.to_dict() | ({"figure": str(figure)} if figure else {}), indent=2))
        return
    print_report(result)
    if figure is not None:
        console.print(f"figure: {figure}", highlight=False)
