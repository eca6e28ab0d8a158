"""Fan work out over daemon threads that never hold the process open (Ctrl-C returns at once)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


class Cancelled(Exception):
    """The caller gave up (Ctrl-C) before this item ran."""


def fan_out(work: Callable[[Any], Any], items: Sequence[Any], concurrency: int, cancel: threading.Event) -> list[Any]:
    """``work(item)`` for every item on at most ``concurrency`` daemon threads; each result or the exception
    it raised, in order. Ctrl-C (or any exception in the caller) sets ``cancel`` and returns at once: daemon
    threads never hold the process open."""
    results: list[Any] = [None] * len(items)
    queue = list(enumerate(items))
    lock, done = threading.Lock(), threading.Event()
    remaining = [len(items)]

    def worker() -> None:
        while True:
            with lock:
                if not queue or cancel.is_set():
                    return
                k, item = queue.pop(0)
            try:
                results[k] = work(item)
            except BaseException as exc:  # handed to the caller, never lost in a thread
                results[k] = exc
            with lock:
                remaining[0] -= 1
                if remaining[0] == 0:
                    done.set()

    if not items:
        return results
    for _ in range(min(concurrency, len(items))):
        threading.Thread(target=worker, daemon=True).start()
    try:
        done.wait()
    except BaseException:
        cancel.set()
        raise
    return [Cancelled() if r is None and cancel.is_set() else r for r in results]
