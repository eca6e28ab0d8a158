"""``tradeoff curves``: accuracy vs budget for every pool strategy, with 95 % CIs, from stored pools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

import typer

from tradeoff.cli.common import console, parse_options
from tradeoff.errors import ConfigError
from tradeoff.limits import MAX_RESAMPLES
from tradeoff.reports.curves import curves_table, plot_curves
from tradeoff.reports.difficulty import difficulty_tables
from tradeoff.run.difficulty import SOURCES, difficulty_studies, write_studies
from tradeoff.run.handle import Run, VerifierChoice
from tradeoff.run.ops import curves, write_curves
from tradeoff.strategies import STRATEGIES, Strategy
from tradeoff.strategies.compute_optimal import StudyOptions


def parse_ks(text: str | None) -> list[int] | None:
    """``"1,2,4,8"`` → ``[1, 2, 4, 8]``; ``None`` → the default budgets (1, 2, 4, … up to N, and N)."""
    if text is None:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(f"--k expects comma-separated integers such as 1,2,4,8, got {text!r}") from None


def parse_strategies(text: str | None) -> list[Strategy] | None:
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in STRATEGIES:
            raise ConfigError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}")
    return [cast(Strategy, name) for name in names]


def command(
    run: Annotated[Path, typer.Argument(help="Run directory.")],
    pool: Annotated[list[str] | None, typer.Option(help="Pool(s) [default: every sampled pool].")] = None,
    k: Annotated[str | None, typer.Option("--k", help="Budgets, e.g. 1,2,4,8 [default: 1, 2, 4, … N].")] = None,
    strategy: Annotated[
        str | None,
        typer.Option(help=f"Strategies, comma-separated: {', '.join(STRATEGIES)} [default: all that apply]."),
    ] = None,
    verifier: Annotated[str | None, typer.Option(help="Verifier for best-of-k and weighted voting.")] = None,
    verifier_option: Annotated[list[str] | None, typer.Option(help="Verifier setting key=value.")] = None,
    png: Annotated[Path | None, typer.Option(help="Also plot the curves into this PNG file.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap and of Monte Carlo estimators.")] = 0,
    resamples: Annotated[int, typer.Option(help="Bootstrap resamples.", min=1, max=MAX_RESAMPLES)] = 1000,
    by_difficulty: Annotated[
        bool, typer.Option("--by-difficulty", help="Compute-optimal strategy per difficulty level (Snell et al. 2024).")
    ] = False,
    bins: Annotated[int, typer.Option(help="Difficulty levels for --by-difficulty.", min=2)] = 5,
    difficulty_from: Annotated[
        str, typer.Option(help=f"Difficulty from: {', '.join(SOURCES)} (the last two need no gold answers).")
    ] = "oracle",
) -> None:
    """Accuracy vs budget per strategy from stored pools (writes RUN/curves.json, or RUN/difficulty.json)."""
    common: dict[str, Any] = {
        "pools": pool,
        "ks": parse_ks(k),
        "strategies": parse_strategies(strategy),
        "verifier": verifier,
        "verifier_options": parse_options(verifier_option, flag="--verifier-option"),
        "seed": seed,
        "resamples": resamples,
    }
    if by_difficulty:
        ks, chosen = common["ks"], common["strategies"]
        options = StudyOptions(source=difficulty_from, bins=bins, ks=None if ks is None else tuple(ks),  # type: ignore[arg-type]
                               strategies=None if chosen is None else tuple(chosen), resamples=resamples)  # fmt: skip
        judge = None if verifier is None else VerifierChoice.of(verifier, common["verifier_options"])
        with Run.open(run) as handle:
            studies = difficulty_studies(handle, options=options, pools=pool, verifier=judge, seed=seed)
        console.print(difficulty_tables(studies))
        console.print(f"wrote {write_studies(run, studies)}")
        return
    items = curves(run, **common)
    console.print(curves_table(items))
    console.print(f"wrote {write_curves(run, items)}")
    if png is not None:
        console.print(f"wrote {plot_curves(items, png)}")
