"""Verifier scores in the ledger: stored with the verifier's identity and tokens; older ledgers gain the table."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import LEDGER, sample, verify
from tradeoff.verifiers import get_verifier


def mock_pool(run: Path) -> None:
    spec = {"name": "p", "backend": "mock", "model": "m", "limit": 3, "n": 2, "sampling": {"temperature": 0.7}}
    sample(PoolSpec.parse(spec), run)


def test_scores_round_trip_and_rescoring_replaces(tmp_path: Path) -> None:
    mock_pool(tmp_path)
    with Ledger.open(tmp_path / LEDGER) as ledger:
        pid = ledger.problems("p")[0].id
        ledger.add_verifier_scores("p", "self_certainty:mean", [(pid, 0, -0.5, 0), (pid, 1, -1.5, 0)])
        ledger.add_verifier_scores("p", "self_certainty:mean", [(pid, 1, -0.75, 2)])
        ledger.add_verifier_scores("p", "oracle", [(pid, 0, 1.0, 0)])
        assert ledger.verifier_scores("p", "self_certainty:mean") == {(pid, 0): (-0.5, 0), (pid, 1): (-0.75, 2)}
        assert ledger.verifiers("p") == ["oracle", "self_certainty:mean"]
        assert ledger.verifier_scores("q", "oracle") == {}


def test_a_ledger_made_before_the_table_existed_still_opens_and_gains_it(tmp_path: Path) -> None:
    schema = resources.files("tradeoff.ledger").joinpath("schema.sql").read_text()
    before = schema.split("CREATE TABLE IF NOT EXISTS verifier_scores")[0]
    db = sqlite3.connect(tmp_path / LEDGER)
    db.executescript(before)
    db.execute("PRAGMA user_version=1")
    assert "verifier_scores" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    mock_pool(tmp_path)  # the old ledger opens, takes samples, and now holds the table
    assert verify(tmp_path, pool="p", verifier=get_verifier("oracle")) == 6
    with Ledger.open(tmp_path / LEDGER) as ledger:
        assert ledger.verifiers("p") == ["oracle"]


def test_verify_stores_only_what_is_missing(tmp_path: Path) -> None:
    mock_pool(tmp_path)
    assert verify(tmp_path, pool="p", verifier=get_verifier("oracle")) == 6
    assert verify(tmp_path, pool="p", verifier=get_verifier("oracle")) == 0
    assert verify(tmp_path, pool="p", verifier=get_verifier("oracle"), force=True) == 6
