"""Kill tests that can fail.

1. "A kill loses at most the batch in flight", checked directly: the mock backend writes one line per batch it
   returns (``trace``), and the sampling process is frozen (SIGSTOP) after every new batch to compare what was
   generated with what the ledger holds — never more than one batch apart — before it is killed (SIGKILL).
   Committing every third batch instead of every batch fails this test.
2. ``tradeoff run`` killed the moment each stage kind starts (pool, verify, curves, plan, report), then re-run,
   gives the clean run's results, with no sample generated twice. Recording a stage as done before it has
   run fails this test for the stages that take long enough for the kill to land inside them (pool, curves,
   report): the re-run skips them and their outputs are missing. (A stage that finishes in milliseconds may
   be done before the signal arrives; then the re-run rightly finds it done.)
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from .specs import write

SRC = Path(__file__).resolve().parents[2] / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC), "OMP_NUM_THREADS": "1", "COLUMNS": "200"}
BATCH = 2


def tradeoff(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tradeoff", *args]
    return subprocess.Popen(command, env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stored(ledger: Path) -> int:
    if not ledger.exists():
        return 0
    with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM samples").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def traced(trace: Path) -> list[int]:
    return [int(x) for x in trace.read_text().split()] if trace.exists() else []


@pytest.mark.timeout(180)
def test_a_kill_loses_at_most_the_batch_in_flight(tmp_path: Path) -> None:
    trace, ledger = tmp_path / "trace.txt", tmp_path / "run" / "ledger.sqlite"
    args = ["sample", "--run", str(tmp_path / "run"), "--backend", "mock", "--model", "m", "--limit", "30"]
    args += ["-n", "2", "--temperature", "0.7", "--backend-option", f"batch_size={BATCH}"]
    args += ["--backend-option", "delay=0.03", "--backend-option", f"trace={trace}"]
    proc = tradeoff(*args)
    checks, seen, worst = 0, 0, 0
    deadline = time.monotonic() + 120
    while checks < 12 and time.monotonic() < deadline and proc.poll() is None:
        if len(traced(trace)) > seen:
            os.kill(proc.pid, signal.SIGSTOP)  # frozen: nothing moves while we count
            batches = traced(trace)
            seen, checks = len(batches), checks + 1
            worst = max(worst, sum(batches) - stored(ledger))
            os.kill(proc.pid, signal.SIGCONT)
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGSTOP)
    generated, kept = sum(traced(trace)), stored(ledger)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert checks >= 6, f"too few batches observed ({checks}); the run ended too early"
    assert max(worst, generated - kept) <= BATCH, f"{worst} samples generated but not committed at some point"
    rerun = tradeoff(*args)
    output, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, output
    with sqlite3.connect(ledger) as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM samples").fetchone() == (60, 60)


def _spec(tmp_path: Path, run: str) -> Path:
    path = write(tmp_path, name=f"{run}.yaml", run_dir=str(tmp_path / run))
    data = yaml.safe_load(path.read_text())
    for model in data["models"]:
        model["options"].update({"delay": 0.01, "batch_size": BATCH})
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _results(run: Path) -> tuple[object, object]:
    """What a report says, less wall-clock timings: curve figures and each plan's accuracies."""
    curves = json.loads((run / "curves.json").read_text())
    plans = json.loads((run / "experiment.json").read_text())["plans"]
    accuracy = [
        sorted((c["configuration"]["name"], c["configuration"]["accuracy"]["value"]) for c in p["configurations"])
        for p in plans
    ]
    return curves, accuracy


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    root = tmp_path_factory.mktemp("clean")
    proc = tradeoff("run", str(_spec(root, "clean")))
    output, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, output
    return _results(root / "clean")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("kind", ["pool", "verify", "curves", "plan", "report"])
def test_a_kill_as_any_stage_starts_then_a_rerun_gives_the_clean_results(
    tmp_path: Path, kind: str, clean: tuple[object, object]
) -> None:
    spec = _spec(tmp_path, "killed")
    proc = tradeoff("run", str(spec))
    assert proc.stdout is not None
    lines, stage = [], None
    for line in proc.stdout:  # "[3/10] verify small…" is printed as the stage starts
        lines.append(line)
        found = re.match(rf"\[\d+/\d+\] ({kind} \S+)", line)
        if found:
            stage = found.group(1)
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert stage is not None and proc.returncode == -signal.SIGKILL, "".join(lines)
    rerun = tradeoff("run", str(spec))
    output, _ = rerun.communicate(timeout=240)
    assert rerun.returncode == 0, output
    assert re.search(rf"\] {re.escape(stage)}\s*\n", output), (
        output
    )  # the stage is listed (run, or done before the kill)
    with sqlite3.connect(tmp_path / "killed" / "ledger.sqlite") as db:
        total, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM samples").fetchone()
        assert total == distinct and db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _results(tmp_path / "killed") == clean
