"""The ``tradeoff`` command: a thin shell over the library; one file per command, no logic here."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from tradeoff.cli import curves, demo, fit, plan, sample, score, show, synth, train, validate
from tradeoff.cli import import_ as import_cmd
from tradeoff.cli import report as report_cmd
from tradeoff.cli import run as run_cmd
from tradeoff.cli import search as search_cmd
from tradeoff.cli import serve as serve_cmd
from tradeoff.errors import TradeoffError

app = typer.Typer(
    name="tradeoff",
    help="Measure how to split a compute budget between training a model and inference-time compute.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("sample")(sample.command)
app.command("score")(score.command)
app.command("show")(show.command)
app.command("demo")(demo.command)
app.command("validate")(validate.command)
app.command("curves")(curves.command)
app.command("import")(import_cmd.command)
app.command("fit")(fit.command)
app.command("train")(train.command)
app.command("synth")(synth.command)
app.command("plan")(plan.command)
app.command("run")(run_cmd.command)
app.command("report")(report_cmd.command)
app.command("search")(search_cmd.command)
app.command("serve")(serve_cmd.command)


def run() -> None:
    """Console-script entry: user errors print one line and exit 2; an interrupt keeps what is stored."""
    err = Console(stderr=True)
    try:
        app()
    except TradeoffError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print(
            "[yellow]interrupted:[/] every sample generated so far is stored; re-run the same command to continue"
        )
        sys.exit(130)
