"""One writer per run directory: an advisory lock on ``RUN/.lock`` holding the writer's pid and command.

The ledger takes it on its first write (:meth:`tradeoff.ledger.Ledger.transaction`, and when it creates the
schema) and keeps it until it is closed, so every command that writes a run — ``sample``, ``run``, ``score``,
``search``, ``synth``, ``train``, ``import``, ``curves --verifier`` — is covered without knowing it, and a
command that only reads never waits. A second writer refuses at once with one line naming the holder's pid
(:class:`~tradeoff.errors.RunLockedError`, exit 2), or waits for it with ``tradeoff --wait``.

``fcntl.flock`` locks belong to an open file, so the lock is released by the kernel when its holder exits,
even on SIGKILL: a stale ``.lock`` file never blocks anyone. Within one process the lock is re-entrant
(an experiment's stages open the ledger again while the runner holds it).
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tradeoff.errors import DataError, RunLockedError

LOCK_FILE = ".lock"
_GUARD = threading.Lock()
_WAIT: list[float] = [0.0]  # seconds a writer waits for the lock; 0 refuses at once


@dataclass(slots=True)
class _Held:
    fd: int
    count: int


_HELD: dict[Path, _Held] = {}


def set_wait(seconds: float) -> None:
    """How long :func:`acquire` waits for another writer (``float('inf')``: as long as it takes)."""
    _WAIT[0] = max(float(seconds), 0.0)


def acquire(run: Path) -> Path:
    """Take the write lock of run directory ``run`` (re-entrant within a process); returns the lock's path."""
    path = Path(run).resolve() / LOCK_FILE
    with _GUARD:
        held = _HELD.get(path)
        if held is not None:
            held.count += 1
            return path
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DataError(f"cannot write run directory {run}: {exc.strerror} ({path})") from None
        try:
            _lock(fd, run)
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} tradeoff {_command()}\n".encode())
        _HELD[path] = _Held(fd, 1)
        return path


def release(path: Path) -> None:
    """Give back one hold of the lock at ``path``; the last one unlocks (and empties the file)."""
    with _GUARD:
        held = _HELD.get(path)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _HELD[path]
        try:
            os.ftruncate(held.fd, 0)
            fcntl.flock(held.fd, fcntl.LOCK_UN)
        finally:
            os.close(held.fd)


def holder(run: Path) -> str | None:
    """What the lock file of ``run`` says about its holder (pid and command), if anything."""
    try:
        text = (Path(run) / LOCK_FILE).read_text(errors="replace").strip()
    except OSError:
        return None
    return text or None


def _command() -> str:
    """The subcommand only: the rest of the command line may hold a secret."""
    words = [a for a in sys.argv[1:] if not a.startswith("-")]
    return words[0] if words and words[0].isidentifier() else "?"


def _lock(fd: int, run: Path) -> None:
    deadline = time.monotonic() + _WAIT[0]
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
    who = holder(run) or "unknown"
    pid, _, command = who.partition(" ")
    waited = f" (waited {_WAIT[0]:g} s)" if _WAIT[0] else ""
    raise RunLockedError(
        f"run directory {run} is being written by another process (pid {pid}: {command or '?'}){waited}; "
        "wait for it to finish, or re-run with `tradeoff --wait ...`"
    )


__all__ = ["LOCK_FILE", "acquire", "holder", "release", "set_wait"]
