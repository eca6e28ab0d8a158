"""``tradeoff score``: extract final answers and check them for every stored sample not yet scored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli.common import console
from tradeoff.run.ops import score


def command(
    run: Annotated[Path, typer.Argument(help="Run directory.")],
    pool: Annotated[list[str] | None, typer.Option(help="Pool(s) to score [default: all].")] = None,
    force: Annotated[bool, typer.Option(help="Re-score samples that already have a score.")] = False,
) -> None:
    """Score stored samples (extraction, equivalence, truncation)."""
    for name, count in score(run, pools=pool, force=force).items():
        console.print(f"{name}: scored {count} samples")
