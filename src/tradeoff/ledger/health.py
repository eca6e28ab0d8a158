"""A damaged, foreign or unreachable ledger is one line naming the file and a way to recover.

:func:`check_openable` runs before SQLite opens the file: the run directory must be a writable folder, and a
zero-byte ``ledger.sqlite`` (truncated by a full disk or a failed copy) is refused rather than silently
re-created empty. :func:`explain` turns an ``sqlite3`` error met later — a corrupt page, a dropped table, a
full disk — into that line; the CLI applies it to any ``sqlite3.DatabaseError`` and names the ledger this
process opened last.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from tradeoff.errors import DataError

_OPENED: list[Path] = []
T = TypeVar("T")


def check_openable(path: Path) -> None:
    """Refuse a run directory that is a file or cannot be created, and a zero-byte ledger."""
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise DataError(f"run directory {parent} is a file, not a folder; choose another --run")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create run directory {parent}: {exc.strerror}") from None
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a ledger; move it away")
    if path.is_file() and path.stat().st_size == 0:
        raise DataError(
            f"{path} is empty (0 bytes), not a ledger: it was truncated (full disk, failed copy); "
            "restore it from a backup, or delete it to start the run over"
        )
    _OPENED.append(path)


CORE_TABLES = ("samples", "pools", "problems", "pool_samples", "scores")


def check_tables(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a ledger whose core tables are gone (dropped by hand, or a foreign SQLite file)."""
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in CORE_TABLES if t not in present]
    if missing:
        raise DataError(
            f"{path} lacks the table(s) {', '.join(missing)}: it was altered or is not a tradeoff ledger; "
            "restore it from a backup, or start a new run directory"
        )


def bad_row(path: Path, problem: str, table: str, column: str, value: object) -> DataError:
    """A row this tradeoff cannot have written, with the SQL that removes it (a re-run regenerates it)."""
    return DataError(
        f"{path}: {problem}; it was edited or written by another version. Remove the row to regenerate it: "
        f"sqlite3 {path} \"DELETE FROM {table} WHERE {column} = '{value}'\""
    )


def stored_spec(path: Path, pool: str, text: object) -> dict[str, object]:
    """A pool's stored ``spec_json``, which must be a JSON mapping."""
    try:
        spec = json.loads(str(text))
    except json.JSONDecodeError as exc:
        raise bad_row(path, f"the stored spec of pool {pool!r} is not JSON ({exc})", "pools", "name", pool) from None
    if not isinstance(spec, dict):
        raise bad_row(path, f"the stored spec of pool {pool!r} is not a mapping", "pools", "name", pool)
    return spec


def stored_rows(path: Path, rows: Iterable[tuple[Any, ...]], convert: Callable[[tuple[Any, ...]], T]) -> list[T]:
    """``convert`` each sample row; a value this tradeoff never writes (an unknown finish reason) is named."""
    out = []
    for row in rows:
        try:
            out.append(convert(row))
        except (TypeError, ValueError) as exc:
            raise bad_row(path, f"sample {row[0]} holds {exc}", "samples", "key", row[0]) from None
    return out


def unreadable(path: Path, exc: sqlite3.DatabaseError) -> str:
    """The one line for an sqlite3 error on the ledger at ``path``."""
    text = " ".join(str(exc).split())
    if "no such table" in text or "no such column" in text:
        return (
            f"{path} is not a complete tradeoff ledger ({text}): a table was dropped or the file belongs to "
            "something else; restore it from a backup, or start a new run directory"
        )
    if "full" in text:
        return (
            f"the disk holding {path} is full ({text}); every batch committed before is kept: "
            "free space and re-run the same command to continue"
        )
    if "readonly" in text or "unable to open" in text or "permission" in text.lower():
        return f"cannot write {path} ({text}); check the run directory's permissions"
    return (
        f"{path} is damaged or not a tradeoff ledger ({text}); salvage it with "
        f"`sqlite3 {path} .recover | sqlite3 recovered.sqlite`, or restore it from a backup"
    )


def explain(exc: sqlite3.DatabaseError) -> DataError:
    """``exc`` as a one-line :class:`DataError` naming the ledger opened last in this process."""
    path = _OPENED[-1] if _OPENED else Path("ledger.sqlite")
    return DataError(unreadable(path, exc))


__all__ = [
    "CORE_TABLES",
    "bad_row",
    "check_openable",
    "check_tables",
    "explain",
    "stored_rows",
    "stored_spec",
    "unreadable",
]
