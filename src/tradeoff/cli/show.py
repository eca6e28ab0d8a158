"""``tradeoff show``: accuracy with 95 % CIs, format diagnostics, tokens and seconds for each pool."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli.common import console
from tradeoff.reports import summary_markdown, summary_table
from tradeoff.run.ops import summaries, write_summaries


def command(
    run: Annotated[Path, typer.Argument(help="Run directory.")],
    pool: Annotated[list[str] | None, typer.Option(help="Pool(s) to show [default: all].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    write: Annotated[bool, typer.Option(help="Also write summary.md and summary.json into RUN.")] = False,
) -> None:
    """Summarise the pools of a run."""
    items = summaries(run, pools=pool)
    if as_json:
        print(json.dumps([asdict(s) for s in items], indent=2, default=str))
    else:
        console.print(summary_table(items, title=str(run)))
    if write:
        for path in write_summaries(run, items, summary_markdown(items, title=f"tradeoff: {run}")):
            console.print(f"wrote {path}")
