"""One writer per run directory: a second writer process refuses with one line naming the holder (or waits
with ``--wait``), readers never wait, and a killed holder leaves no stale lock."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tradeoff.errors import RunLockedError
from tradeoff.ledger import Ledger, lock

SRC = Path(__file__).resolve().parents[2] / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC), "OMP_NUM_THREADS": "1", "COLUMNS": "200"}


def tradeoff(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tradeoff", *args]
    return subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def slow_sample(run: Path, *extra: str) -> list[str]:
    options = ["--backend-option", "delay=0.4", "--backend-option", "batch_size=1"]
    return [*extra, "sample", "--run", str(run), "--backend", "mock", "--model", "mock", "--limit", "24", *options]


def wait_for_holder(run: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while lock.holder(run) is None:
        assert proc.poll() is None and time.monotonic() < deadline, "the first writer never took the lock"
        time.sleep(0.05)


def test_a_second_writer_refuses_then_waits(tmp_path: Path) -> None:
    run = tmp_path / "run"
    first = tradeoff(*slow_sample(run))
    wait_for_holder(run, first)
    second = tradeoff(*slow_sample(run))
    _, err = second.communicate(timeout=60)
    assert first.poll() is None, "the first writer finished too early for this test"
    assert second.returncode == 2 and err.count("\n") == 1 and f"pid {first.pid}" in err and "--wait" in err, err
    reader = tradeoff("show", str(run))
    assert reader.wait(timeout=60) == 0  # reading never waits
    waiter = tradeoff(*slow_sample(run, "--wait", "120"))
    out, err = waiter.communicate(timeout=120)
    assert first.wait(timeout=60) == 0 and waiter.returncode == 0, err
    assert "0 new samples" in out  # it waited for the first writer, then found everything stored
    with sqlite3.connect(run / "ledger.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM samples").fetchone() == (24,)


def test_a_killed_writer_leaves_no_stale_lock(tmp_path: Path) -> None:
    run = tmp_path / "run"
    first = tradeoff(*slow_sample(run))
    wait_for_holder(run, first)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    again = tradeoff(*slow_sample(run))
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err


def test_the_lock_is_reentrant_within_a_process_and_released_on_close(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.sqlite") as outer:
        with Ledger.open(tmp_path / "ledger.sqlite") as inner, inner.transaction():
            pass
        with outer.transaction():
            pass
        assert lock.holder(tmp_path) is not None and lock.holder(tmp_path).startswith(str(os.getpid()))
    assert lock.holder(tmp_path) is None


def test_a_lock_held_elsewhere_refuses(tmp_path: Path) -> None:
    code = "import sys, time; from tradeoff.ledger import lock; lock.acquire(sys.argv[1]); print('held', flush=True)"
    code += "; time.sleep(30)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with Ledger.open(tmp_path / "ledger.sqlite") as ledger:  # a new ledger takes the lock to create its schema
            pytest.fail(f"opened {ledger.path} while another process held the lock")
    except RunLockedError as exc:
        assert f"pid {holder.pid}" in str(exc)
    finally:
        holder.kill()
        holder.wait()
