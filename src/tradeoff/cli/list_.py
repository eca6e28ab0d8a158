"""``tradeoff list tasks|backends|verifiers|strategies|hardware``: the names a command accepts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from tradeoff.cli.common import console


class What(StrEnum):
    tasks = "tasks"
    backends = "backends"
    verifiers = "verifiers"
    strategies = "strategies"
    hardware = "hardware"


def command(what: Annotated[What, typer.Argument(help="tasks, backends, verifiers, strategies or hardware.")]) -> None:
    """List the names of tasks, backends, verifiers, pool strategies or hardware price profiles."""
    if what is What.hardware:
        from tradeoff.cost.prices import load_prices

        table = Table("hardware", "$/hour", "source", "date", box=None)
        for name, price in sorted(load_prices([]).hardware.items()):
            table.add_row(name, f"{price.usd_per_hour:g}", price.source, str(price.date))
        console.print(table)
        return
    for name in _names(what):
        console.print(name, highlight=False)


def _names(what: What) -> list[str]:
    if what is What.tasks:
        from tradeoff.tasks import TASKS

        return TASKS.names()
    if what is What.backends:
        from tradeoff.backends import BACKENDS

        return BACKENDS.names()
    if what is What.verifiers:
        from tradeoff.verifiers import VERIFIERS

        return VERIFIERS.names()
    from tradeoff.strategies import STRATEGIES

    return list(STRATEGIES)
