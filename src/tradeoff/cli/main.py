"""The ``tradeoff`` command: a thin shell over the library; one file per command, no logic here."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tradeoff.cli import curves, demo, fit, plan, pretrain, sample, score, show, synth, train, validate
from tradeoff.cli import import_ as import_cmd
from tradeoff.cli import list_ as list_cmd
from tradeoff.cli import report as report_cmd
from tradeoff.cli import run as run_cmd
from tradeoff.cli import search as search_cmd
from tradeoff.cli import serve as serve_cmd
from tradeoff.cli.defence import guarded
from tradeoff.ledger import lock

app = typer.Typer(
    name="tradeoff",
    help="Measure how to split a compute budget between training a model and inference-time compute.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # help text is plain: "[default: …]" in a help string is shown, not eaten as markup
)


def _version(value: bool) -> None:
    if value:
        from tradeoff import __version__

        print(f"tradeoff {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait",
            help="When another process is writing the run directory, wait up to this many seconds for it.",
            min=0,
        ),
    ] = None,
) -> None:
    """Measure how to split a compute budget between training a model and inference-time compute."""
    lock.set_wait(wait or 0.0)


app.command("sample")(sample.command)
app.command("score")(score.command)
app.command("show")(show.command)
app.command("demo")(demo.command)
app.command("validate")(validate.command)
app.command("curves")(curves.command)
app.command("import")(import_cmd.command)
app.command("fit")(fit.command)
app.command("train")(train.command)
app.command("pretrain")(pretrain.command)
app.command("synth")(synth.command)
app.command("plan")(plan.command)
app.command("run")(run_cmd.command)
app.command("report")(report_cmd.command)
app.command("search")(search_cmd.command)
app.command("serve")(serve_cmd.command)
app.command("list")(list_cmd.command)


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's) through the last line of defence; the exit code."""
    return guarded(lambda: app(args=argv, prog_name="tradeoff", standalone_mode=False))


def run() -> None:
    """Console-script entry: user errors print one line and exit 2; a bug prints one line and where its trace is."""
    sys.exit(main())
