"""``tradeoff run SPEC``: run an experiment grid (or ``--dry-run`` it), with running token and dollar counters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tradeoff.cli.common import SamplingProgress, console
from tradeoff.cost.money import usd
from tradeoff.cost.prices import HardwarePrice, hardware_dollars, load_prices
from tradeoff.experiment import Outcome, Stage, dry_run, load_spec, run_dir, run_experiment
from tradeoff.experiment.executors import get_executor
from tradeoff.types import Usage

_MARK = {"ran": "[green]✓[/]", "cached": "[dim]·[/]", "failed": "[red]✗[/]", "blocked": "[yellow]–[/]"}


class RunMonitor:
    """Prints each stage; pool stages get a progress bar; keeps the run's generated tokens and dollars."""

    def __init__(self, price: HardwarePrice) -> None:
        self.price = price
        self.tokens = 0
        self.seconds = 0.0

    def started(self, stage: Stage, index: int, total: int) -> None:
        console.print(f"[bold][{index + 1}/{total}][/] {escape(stage.describe())}", highlight=False)

    def finished(self, outcome: Outcome) -> None:
        if outcome.stage.kind == "train" and outcome.status == "ran":
            self.seconds += outcome.seconds  # training time is paid for too
        took = f" ({outcome.seconds:.1f} s)" if outcome.status == "ran" else ""
        detail = outcome.detail or outcome.status
        console.print(f"   {_MARK[outcome.status]} {escape(detail)}{took} · {self.counters()}", highlight=False)

    def sampling(self, stage: Stage) -> SamplingProgress:
        return SamplingProgress(stage.name, on_usage=self._count)

    def training(self, stage: Stage) -> Callable[[int, int, float], None]:
        def step(done: int, steps: int, loss: float) -> None:
            if done == 1 or done == steps or done % 10 == 0:
                console.print(f"     step {done}/{steps} · loss {loss:.3f}", highlight=False)

        return step

    def counters(self) -> str:
        spent = usd(hardware_dollars(self.seconds, self.price))
        return f"Σ {self.tokens:,} tokens generated, {spent} of compute (training and generation)"

    def _count(self, usage: Usage) -> str:
        self.tokens += usage.completion_tokens
        self.seconds += usage.seconds
        return f"· {usd(hardware_dollars(self.seconds, self.price))}"


def _dry(spec_path: Path, limit: int | None) -> None:
    spec = load_spec(spec_path)
    estimates = dry_run(spec, limit=limit)
    table = Table(title=f"{spec.name}: {len(estimates)} stages in {run_dir(spec)}", box=box.SIMPLE_HEAD)
    for column in ("stage", "would do", "tokens", "source", "cost"):
        table.add_column(column, justify="right" if column in ("tokens", "cost") else "left")
    for e in estimates:
        tokens = "" if e.tokens is None else f"{e.tokens:,.0f}"
        cost = "unmeasured" if e.dollars is None and e.tokens else ("" if e.dollars is None else usd(e.dollars))
        table.add_row(e.stage.describe(), e.work, tokens, e.tokens_source, cost)
    console.print(table)
    if spec.hardware_notes:
        console.print(f"hardware: {spec.hardware_notes}", highlight=False)
    todo = sum(1 for e in estimates if not e.cached)
    total = sum(e.tokens or 0 for e in estimates)
    console.print(f"{todo} of {len(estimates)} stages would run; ≈ {total:,.0f} tokens to generate or train on")


def command(
    spec_path: Annotated[Path, typer.Argument(metavar="SPEC", help="An experiment spec (YAML).")],
    dry_run_: Annotated[bool, typer.Option("--dry-run", help="List what would run, with estimates.")] = False,
    limit: Annotated[int | None, typer.Option(help="Smoke mode: at most N problems per task.")] = None,
    executor: Annotated[str, typer.Option(help="local or ray.")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address [default: start a local one].")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Ray: backend replicas per model [default: GPUs or CPUs].")
    ] = None,
) -> None:
    """Run an experiment grid: train, sample, score, price and report — only what is not done yet."""
    if limit is not None and limit <= 0:
        raise typer.BadParameter("--limit must be positive")
    if dry_run_:
        _dry(spec_path, limit)
        return
    spec = load_spec(spec_path)
    price = load_prices([Path(p) for p in spec.cost.prices]).hardware_price(spec.cost.hardware)
    monitor = RunMonitor(price)
    runner = get_executor(executor, address=address, workers=workers)
    try:
        result = run_experiment(spec, limit=limit, executor=runner, monitor=monitor)
    finally:
        runner.close()
    counts = {s: sum(1 for o in result.outcomes if o.status == s) for s in _MARK}
    console.print(
        f"[bold]{spec.name}[/]: {counts['ran']} ran, {counts['cached']} already done, {counts['failed']} failed, "
        f"{counts['blocked']} blocked · {monitor.counters()} · {result.run}",
        highlight=False,
    )
    for outcome in result.failed:
        console.print(
            f"  [red]{outcome.status}[/] {escape(outcome.stage.describe())}: {escape(outcome.detail)}", highlight=False
        )
    if result.failed:
        raise typer.Exit(1)
