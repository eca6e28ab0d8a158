"""``tradeoff synth`` then ``tradeoff train --data-run`` on a tiny model, in-process; and a SIGKILLed train resumes."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.train.tiny import tiny_model
from tradeoff.train import TrainingRecord

HAVE_HF = all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "peft"))
pytestmark = pytest.mark.skipif(not HAVE_HF, reason="torch/transformers/peft not installed: pip install 'tradeoff[hf]'")
Cli = Callable[..., tuple[int, str]]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model(tmp_path_factory.mktemp("tiny") / "model"))


def test_synth_then_train_on_the_accepted_samples_then_export(cli: Cli, model: str, tmp_path: Path) -> None:
    run, out = tmp_path / "run", tmp_path / "lora"
    teacher = ("--teacher-backend", "mock", "--teacher-model", "big", "--teacher-option", "accuracy=0.7")
    code, text = cli("synth", "--run", run, *teacher, "--examples", 10, "-n", 2, "--teacher-option", "fail_after=7")
    assert code == 2 and "samples already generated are kept" in text and "re-run the same command" in text
    code, text = cli("synth", "--run", run, *teacher, "--examples", 10, "-n", 2)
    assert code == 0, text
    assert (
        "16 new samples, 4 already stored" in text and "accepted " in text and "/20 (" in text and "synth-big" in text
    )

    train = ("train", "--out", out, "--model", model, "--data-run", run, "--data-pool", "synth-big", "--steps", 3)
    train += ("--batch-size", 2, "--device", "cpu", "--examples", 4)
    code, text = cli(*train, "--export-merged", tmp_path / "merged")
    assert code == 0, text
    assert "step 3/3" in text and "4 synthetic examples of synth-big" in text
    data = TrainingRecord.load(out).data
    assert (data["source"], data["pool"], data["examples"], data["teacher"]["model"]) == (
        "synthetic",
        "synth-big",
        4,
        "big",
    )
    assert data["cost"]["usd"] == 0 and data["cost"]["source"].startswith("measured")
    assert (tmp_path / "merged" / "config.json").is_file()

    before = (out / "training.json").read_text()
    code, text = cli(*train)  # the same command again: done already, nothing retrained
    assert code == 0 and "step 1/3" not in text and (out / "training.json").read_text() == before
    code, text = cli(*train[:-2], "--examples", 3)
    assert code == 2 and "already holds a training run with other settings" in text


def test_data_run_without_a_pool_is_a_one_line_error(cli: Cli, tmp_path: Path) -> None:
    code, text = cli("train", "--out", tmp_path, "--data-run", tmp_path)
    assert code == 2 and "--data-run and --data-pool go together" in text


def test_training_killed_half_way_resumes_from_the_last_checkpoint(cli: Cli, model: str, tmp_path: Path) -> None:
    args = ["train", "--model", model, "--examples", 8, "--steps", 40, "--batch-size", 2, "--device", "cpu"]
    args = [str(a) for a in [*args, "--checkpoint-every", 1, "--rank", 2]]
    killed = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"), "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen([sys.executable, "-m", "tradeoff", *args, "--out", str(killed)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    state = killed / "checkpoint" / "state.pt"
    deadline = time.monotonic() + 120
    while not state.is_file() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # a step or two more: the kill lands between checkpoints
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert state.is_file() and not (killed / "training.json").exists(), "the run ended before it could be killed"

    code, text = cli(*args, "--out", killed)
    assert code == 0, text
    resumed = TrainingRecord.load(killed)
    assert (
        0 < resumed.resumed_from_step < 40
        and f"resumed from the checkpoint at step {resumed.resumed_from_step}" in text
    )
    assert not state.exists()

    code, _ = cli(*args, "--out", tmp_path / "whole")
    whole = TrainingRecord.load(tmp_path / "whole")
    assert code == 0 and whole.resumed_from_step == 0
    assert len(resumed.losses) == 40 and resumed.losses == pytest.approx(whole.losses, abs=1e-4)
    assert json.loads((killed / "training.json").read_text())["real_tokens"] == whole.real_tokens
