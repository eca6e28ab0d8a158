"""Every error tradeoff raises on purpose.

::

    TradeoffError                 base; the CLI prints its message on one line, no traceback
    ├── UserError                 something the user can fix
    │   ├── ConfigError           impossible or contradictory settings (n <= 0, greedy with n > 1, …)
    │   ├── DataError             malformed data file, with the file and line number
    │   ├── UnknownNameError      unknown task / backend / model name; lists the known ones
    │   └── MissingDependencyError  an optional extra is not installed; names the pip command
    ├── BackendError              the engine or server failed
    │   ├── BackendTimeoutError   the engine or server did not answer in time
    │   └── BatchIncompleteError  some requests of a batch failed; carries the answers that did arrive
    ├── RunLockedError            another process is writing the same run directory
    └── InternalError             a bug: the message says where the full trace was written

A ``BackendError`` raised in the middle of a run leaves every sample already stored in the ledger; a
re-run resumes from there.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


class TradeoffError(Exception):
    """Base class: its message is complete and fits on one line."""


class UserError(TradeoffError):
    pass


class ConfigError(UserError):
    pass


class DataError(UserError):
    pass


class UnknownNameError(UserError):
    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        known = sorted(known)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(known)}.{hint}")
        self.kind, self.name, self.known = kind, name, known


class MissingDependencyError(UserError):
    """An optional package is missing; the message names the command that installs it."""

    def __init__(self, module: str, extra: str, *, install: str | None = None) -> None:
        command = install or f"pip install 'tradeoff[{extra}]'"
        super().__init__(f"{module!r} is not installed; install it with: {command}")
        self.module, self.extra = module, extra


class BackendError(TradeoffError):
    pass


class BackendTimeoutError(BackendError):
    pass


class BatchIncompleteError(BackendError):
    """Part of a ``generate()`` batch failed. ``partial[slot]`` maps the sample indices of request ``slot`` that
    did arrive to their generations, so the caller can store what was paid for before it reports the error."""

    def __init__(self, message: str, *, partial: list[dict[int, Any]]) -> None:  # index → Generation
        super().__init__(message)
        self.partial = partial


class RunLockedError(TradeoffError):
    """Another process holds the run directory's write lock."""


class InternalError(TradeoffError):
    """An unexpected exception, reported on one line with the file holding its full trace."""
