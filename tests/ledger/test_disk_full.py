"""A full disk (SQLite's SQLITE_FULL, simulated on the third commit) is one line that says what is kept; the
batches committed before it are in the ledger, and a re-run after space is freed completes the pool."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tradeoff.cli.main import main
from tradeoff.ledger import Ledger

ARGS = ["sample", "--backend", "mock", "--model", "m", "--limit", "10", "--backend-option", "batch_size=2"]


def test_a_full_disk_is_one_line_and_keeps_what_was_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = Ledger.add_samples
    commits: list[int] = []

    def full_on_third(self: Ledger, pool: str, rows: Any, links: Any = ()) -> None:
        if rows:
            commits.append(len(rows))
            if len(commits) == 3:
                raise sqlite3.OperationalError("database or disk is full")
        real(self, pool, rows, links)

    monkeypatch.setattr(Ledger, "add_samples", full_on_third)
    code = main([*ARGS, "--run", str(tmp_path)])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "is full" in lines[0] and "ledger.sqlite" in lines[0], err
    with sqlite3.connect(tmp_path / "ledger.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM samples").fetchone() == (4,)  # two batches of two
    monkeypatch.setattr(Ledger, "add_samples", real)
    assert main([*ARGS, "--run", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "6 new samples" in out and "4 already stored" in out, out
