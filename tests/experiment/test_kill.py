"""``tradeoff run`` killed with SIGKILL mid-grid, then re-run: the same final results, no sample generated twice."""

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

TOTAL = 2 * 12 * (1 + 4)  # two models × 12 problems × (greedy + 4 sampled)


def _spec(tmp_path: Path, run: str) -> Path:
    path = write(tmp_path, name=f"{run}.yaml", run_dir=str(tmp_path / run))
    data = yaml.safe_load(path.read_text())
    for model in data["models"]:
        model["options"].update({"delay": 0.02, "batch_size": 2})
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _tradeoff(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    cmd = [sys.executable, "-m", "tradeoff", *args]
    return subprocess.Popen(cmd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _stored(ledger: Path) -> int:
    if not ledger.exists():
        return 0
    with sqlite3.connect(ledger) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM samples").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def _results(run: Path) -> tuple[object, object]:
    """What a report says, less wall-clock timings: curve figures and each plan's accuracies."""
    curves = json.loads((run / "curves.json").read_text())
    plans = json.loads((run / "experiment.json").read_text())["plans"]
    accuracy = [
        sorted((c["configuration"]["name"], c["configuration"]["accuracy"]["value"]) for c in p["configurations"])
        for p in plans
    ]
    return curves, accuracy


@pytest.mark.timeout(300)
def test_sigkill_mid_run_then_rerun_gives_the_same_report_and_no_duplicate_samples(tmp_path: Path) -> None:
    clean = _tradeoff("run", str(_spec(tmp_path, "clean")))
    output, _ = clean.communicate(timeout=240)
    assert clean.returncode == 0, output

    spec = _spec(tmp_path, "killed")
    ledger = tmp_path / "killed" / "ledger.sqlite"
    proc = _tradeoff("run", str(spec))
    deadline = time.monotonic() + 120
    while _stored(ledger) < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _stored(ledger)
    assert 30 <= before < TOTAL, f"the kill should land mid-grid, found {before} samples"

    rerun = _tradeoff("run", str(spec))
    output, _ = rerun.communicate(timeout=240)
    assert rerun.returncode == 0, output
    generated = sum(int(n) for n in re.findall(r": (\d+) new samples", output))
    assert generated == TOTAL - before, output
    with sqlite3.connect(ledger) as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM samples").fetchone() == (TOTAL, TOTAL)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _results(tmp_path / "killed") == _results(tmp_path / "clean")
