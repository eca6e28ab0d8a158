"""The CLI's last line of defence: every way out of a command is one scrubbed line and an exit code.

- a :class:`~tradeoff.errors.TradeoffError` (including a second writer refused its run directory): its
  message, exit 2;
- a command-line usage error (unknown option, a value of the wrong type): click's message and the command's
  ``--help``, exit 2;
- an ``sqlite3`` error met while reading or writing a ledger: the damaged file and how to recover, exit 2;
- Ctrl-C: what is kept and how to continue, exit 130;
- anything else is a bug: one line naming the exception and the file holding its full trace
  (``$TRADEOFF_CACHE/crash-*.txt``, by default ``~/.cache/tradeoff``), exit 1.

Every line goes through :func:`tradeoff.secrets.scrub`, so no secret given inline is printed.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from typer.exceptions import Abort, Exit, TyperException

from tradeoff.errors import TradeoffError
from tradeoff.ledger.health import explain
from tradeoff.secrets import scrub

# typer vendors click; its UsageError is not exported, but BadParameter derives from it
UsageError: type[TyperException] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def guarded(invoke: Callable[[], object]) -> int:
    """Run ``invoke`` (the click app in non-standalone mode); return the exit code."""
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    try:
        result = invoke()
        code = result if isinstance(result, int) else 0
    except Exit as exc:
        code = int(exc.exit_code)
    except UsageError as exc:
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "tradeoff"
        if not exc.format_message().strip():  # no arguments: the help was printed
            return 2
        _line(err, f"{_flat(exc.format_message())} (see `{command} --help`)")
        return 2
    except TyperException as exc:
        _line(err, exc.format_message())
        return int(getattr(exc, "exit_code", 1)) or 1
    except TradeoffError as exc:
        _line(err, str(exc))
        return 2
    except sqlite3.DatabaseError as exc:
        _line(err, str(explain(exc)))
        return 2
    except (KeyboardInterrupt, Abort):
        code = 130
    except Exception as exc:
        path = write_crash(exc)
        where = f"the full trace is in {path}" if path else "the trace could not be written"
        _line(err, f"internal error (a bug in tradeoff, please report it): {type(exc).__name__}: {exc}; {where}")
        return 1
    if code == 130:  # typer turns Ctrl-C into exit code 130
        err.print(
            "[yellow]interrupted:[/] every sample generated so far is stored; re-run the same command to continue"
        )
    return code


def write_crash(exc: BaseException) -> Path | None:
    """Write ``exc``'s trace (scrubbed) under the tradeoff cache; the file, or None when it cannot be written."""
    from tradeoff.backends.models import cache_root

    text = scrub("".join(traceback.format_exception(exc)))
    path = cache_root() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"tradeoff {' '.join(sys.argv[1:2])}\n{text}")
    except OSError:
        return None
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def _line(err: Console, message: str) -> None:
    err.print(f"[bold red]error:[/] {scrub(_flat(message))}", markup=True, highlight=False)
