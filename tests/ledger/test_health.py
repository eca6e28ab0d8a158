"""A corrupt, altered or foreign ledger is one line naming the file and a recovery, never a traceback; a
zero-byte ledger is not silently re-created; ``tradeoff run`` re-runs stages whose ledger rows are gone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.experiment.specs import write
from tradeoff.cli.main import main


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "run"
    args = ["sample", "--run", str(root), "--backend", "mock", "--model", "mock", "--limit", "40", "--pool", "p"]
    assert main([*args, "--temperature", "0.7", "-n", "8"]) == 0
    capsys.readouterr()
    return root


def one_error(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    assert all(w in lines[0] for w in words), lines[0]


def edit(run: Path, sql: str) -> None:
    with sqlite3.connect(run / "ledger.sqlite") as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("PRAGMA ignore_check_constraints=ON")  # write what this tradeoff never would
        db.execute(sql)


def test_a_corrupt_page_names_the_file_and_a_recovery(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = run / "ledger.sqlite"
    with sqlite3.connect(ledger) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(ledger.read_bytes())
    assert len(data) > 4 * page
    data[2 * page : len(data) - page] = b"\xa5" * (len(data) - 3 * page)  # every page but the first and last
    ledger.write_bytes(bytes(data))
    code, _, err = cli(["show", str(run)], capsys)
    assert code == 2
    one_error(err, str(ledger), ".recover")


def test_a_dropped_table_is_named(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run, "DROP TABLE pool_samples")
    for command in (["show", str(run)], ["sample", "--run", str(run), "--backend", "mock", "--pool", "q"]):
        code, _, err = cli(command, capsys)
        assert code == 2
        one_error(err, "pool_samples", "ledger.sqlite")
    with sqlite3.connect(run / "ledger.sqlite") as db:  # not silently re-created
        assert "pool_samples" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}


def test_bad_json_in_a_stored_spec_is_named(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run, "UPDATE pools SET spec_json = '{oops' WHERE name = 'p'")
    code, _, err = cli(["show", str(run)], capsys)
    assert code == 2
    one_error(err, "pool 'p'", "not JSON", "DELETE FROM pools")


def test_an_unknown_finish_reason_is_named(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run, "UPDATE samples SET finish_reason = 'exploded' WHERE rowid = 3")
    code, _, err = cli(["show", str(run)], capsys)
    assert code == 2
    one_error(err, "'exploded'", "DELETE FROM samples WHERE key")


def test_a_zero_byte_ledger_is_not_recreated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ledger.sqlite").write_bytes(b"")
    code, _, err = cli(["sample", "--run", str(tmp_path), "--backend", "mock", "--limit", "2"], capsys)
    assert code == 2 and (tmp_path / "ledger.sqlite").stat().st_size == 0
    one_error(err, "0 bytes", "backup")


def test_run_redoes_a_stage_whose_rows_are_gone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path)
    assert main(["run", str(spec)]) == 0
    capsys.readouterr()
    run = next(p.parent for p in tmp_path.rglob("ledger.sqlite"))
    with sqlite3.connect(run / "ledger.sqlite") as db:
        pool = db.execute("SELECT name FROM pools WHERE name LIKE 'small%' AND name NOT LIKE '%greedy' LIMIT 1")
        name = pool.fetchone()[0]
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("DELETE FROM pool_samples WHERE pool = ?", (name,))
    code, out, _ = cli(["run", str(spec)], capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if f"pool {name}" in line)
    following = out.splitlines()[out.splitlines().index(line) + 1]
    assert "✓" in following and "cached" not in following, out  # run again, not reported as done
    with sqlite3.connect(run / "ledger.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM pool_samples WHERE pool = ?", (name,)).fetchone()[0] > 0
