"""``tradeoff fit --run`` on a pretraining study: (N, D, loss) from training.json records, (N, D, k, pass@k)
from the pools sampled from those models. Synthetic: records written from a known law, pools from the mock
backend answering with the pass rate the T² pass@k law gives each model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tradeoff.laws import ChinchillaLaw, StartGrid
from tradeoff.laws.study import loss_table, pass_points, pass_table, pretrain_records
from tradeoff.pretrain import PretrainRecord

Cli = Callable[..., tuple[int, str]]
LAW = ChinchillaLaw(E=1.0, A=40.0, B=300.0, alpha=0.4, beta=0.4)
GRID = [(n, d) for n in (3e4, 1e5, 3e5, 1e6) for d in (1e5, 1e6, 1e7)]


def link(loss: float) -> float:
    return float(1 / (1 + np.exp(-(9.0 - 5.0 * loss))))


def record(folder: Path, n: float, d: float, loss: float) -> None:
    (folder / "model").mkdir(parents=True)
    PretrainRecord(
        model=str((folder / "model").resolve()), fingerprint={}, params=int(n), params_total=int(n) + 99, tokens=int(d),
        flops=6 * n * d, steps=1, documents=1, epochs=1.0, seconds=1.0, cpu_seconds=1.0, eval_seconds=0.0,
        tokens_per_second=1.0, threads=1, held_out_loss=loss, held_out_answer_loss=loss, held_out_documents=1,
    ).save(folder)  # fmt: skip


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import run_cli

    run = tmp_path_factory.mktemp("study")
    noise = np.random.default_rng(5).normal(0, 0.005, len(GRID))
    with pytest.MonkeyPatch.context() as mp:
        for i, ((n, d), eps) in enumerate(zip(GRID, noise, strict=True)):
            loss = float(LAW.loss(n, d)) * (1 + eps)
            record(run / "models" / f"m{i}", n, d, loss)
            args = ["sample", "--run", str(run), "--pool", f"m{i}", "--backend", "mock", "--model",
                    str(run / "models" / f"m{i}" / "model"), "--limit", "40", "-n", "8", "--temperature", "0.7",
                    "--backend-option", f"accuracy={link(loss):.4f}"]  # fmt: skip
            code, out = run_cli(args, _Capture(), mp)
            assert code == 0, out
        code, out = run_cli(["score", str(run)], _Capture(), mp)
        assert code == 0, out
    return run


class _Capture:
    """A stand-in for capsys in a module-scoped fixture: output goes to the terminal, nothing is read back."""

    def readouterr(self) -> object:
        return type("Out", (), {"out": "", "err": ""})()


def test_points_come_from_the_records_and_the_pools_of_their_models(study: Path) -> None:
    losses = loss_table(study)
    assert len(losses) == 12 and set(losses.values["N"]) == {3e4, 1e5, 3e5, 1e6}
    passes = pass_table(study, as_loss=False)
    assert len(passes) == 12 * 4 and set(passes.values["k"]) == {1.0, 2.0, 4.0, 8.0}
    best = passes.values["pass"][(passes.values["N"] == 1e6) & (passes.values["D"] == 1e7) & (passes.values["k"] == 1)]
    worst = passes.values["pass"][(passes.values["N"] == 3e4) & (passes.values["D"] == 1e5) & (passes.values["k"] == 1)]
    assert best[0] > worst[0]
    as_loss = pass_table(study, as_loss=True)
    inside = (passes.values["pass"] > 0) & (passes.values["pass"] < 1)
    assert np.allclose(as_loss.values["loss"], -np.log(passes.values["pass"][inside]))


def test_fit_run_chinchilla_recovers_the_law_with_intervals(study: Path, cli: Cli) -> None:
    code, out = cli("fit", "--run", study, "--law", "chinchilla", "--grid", "coarse", "--bootstrap", "20", "--json")
    assert code == 0, out
    (section,) = json.loads(out)["sections"]
    assert section["goodness"]["r2"] > 0.95
    e = section["parameters"]["E"]
    assert e["low"] <= e["value"] <= e["high"] and abs(e["value"] - LAW.E) < 0.2


def test_fit_run_t2_pass_uses_the_runs_own_loss_law(study: Path, cli: Cli) -> None:
    code, out = cli("fit", "--run", study, "--law", "t2-pass", "--grid", "coarse", "--bootstrap", "20", "--json")
    assert code == 0, out
    (section,) = json.loads(out)["sections"]
    slope = section["parameters"]["slope"]
    assert slope["high"] < 0 and "pretraining records" in json.dumps(section)
    code, out = cli("fit", "--run", study, "--law", "t2", "--bootstrap", "10")
    assert code == 0 and "gamma" in out and "goodness of fit" in out, out


def test_a_fit_that_does_not_converge_says_so_and_prints_no_numbers(
    study: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tradeoff.laws.T2_GRID", StartGrid(coefficients=(np.inf,), constants=(0.0,), exponents=(1.0,)))
    code, out = cli("fit", "--run", study, "--law", "t2", "--bootstrap", "10")
    assert code == 2 and "did not converge" in out and "gamma" not in out and len(out.strip().splitlines()) == 1


def test_records_beside_the_models_a_runs_pools_name_count_too(study: Path, cli: Cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "run"
    model = study / "models" / "m3" / "model"
    code, out = cli("sample", "--run", elsewhere, "--backend", "mock", "--model", model, "--limit", 10, "-n", 2,
                    "--temperature", 0.7)  # fmt: skip
    assert code == 0, out
    (record,) = pretrain_records(elsewhere)
    assert Path(record.model) == model.resolve() and len(loss_table(elsewhere)) == 1
    assert {p.k for p in pass_points(elsewhere)} == {1, 2}
