"""The CI-sized pretraining study: three tiny models trained from scratch, sampled through the ``hf`` backend,
scored, and read back as law inputs. Checks the plumbing end to end and that a larger model trained
longer reaches a lower held-out loss. About 30 s with one torch thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tradeoff.laws.study import loss_table, pass_points, pretrain_records
from tradeoff.pretrain import PretrainOptions, PretrainRecord, pretrain
from tradeoff.run.ops import open_ledger
from tradeoff.tasks import get_task

pytest.importorskip("torch")
pytest.importorskip("transformers")

Cli = Callable[..., tuple[int, str]]
TASK = {"operands": 2, "digits": 2}
SHAPES = {  # name: (d_model, layers, heads, steps); each larger model also trains longer
    "tiny": (16, 1, 2, 50),
    "small": (32, 2, 4, 100),
    "medium": (64, 2, 4, 150),
}


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = tmp_path_factory.mktemp("study")
    task = get_task("arithmetic", prompt_format="completion", **TASK)
    for name, (d, layers, heads, steps) in SHAPES.items():
        options = PretrainOptions(d_model=d, layers=layers, heads=heads, steps=steps, batch_size=16, held_out=128)
        pretrain(task, run / "models" / name, options=options)
    return run


def test_a_larger_model_trained_longer_has_a_lower_held_out_loss(study: Path) -> None:
    records = {Path(r.model).parent.name: r for r in pretrain_records(study)}
    tiny, small, medium = (records[name] for name in SHAPES)
    assert tiny.params < small.params < medium.params and tiny.tokens < small.tokens < medium.tokens
    assert medium.held_out_loss < small.held_out_loss < tiny.held_out_loss
    assert medium.held_out_answer_loss < tiny.held_out_answer_loss
    table = loss_table(study)
    assert sorted(table.values["loss"]) == sorted(r.held_out_loss for r in records.values())


def test_the_model_folder_loads_as_a_normal_model(study: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = study / "models" / "tiny" / "model"
    tokenizer, model = AutoTokenizer.from_pretrained(str(folder)), AutoModelForCausalLM.from_pretrained(str(folder))
    assert tokenizer.chat_template is None and model.config.model_type == "llama"
    assert model.config.tie_word_embeddings and model.generation_config.eos_token_id == tokenizer.eos_token_id


def test_sample_and_score_through_the_hf_backend_then_read_pass_at_k(study: Path, cli: Cli, tmp_path: Path) -> None:
    for name in SHAPES:
        code, out = cli(
            "sample", "--run", study, "--pool", name, "--model", study / "models" / name / "model",
            "--task", "arithmetic", "--task-option", "prompt_format=completion", "--task-option", "digits=2",
            "--limit", 12, "-n", 4, "--temperature", 1.0, "--max-tokens", 48,
        )  # fmt: skip
        assert code == 0, out
    code, out = cli("score", study)
    assert code == 0, out
    code, out = cli("sample", "--run", tmp_path, "--model", study / "models" / "tiny" / "model", "--limit", 1)
    assert code == 2 and "give the task the option prompt_format=completion" in out, out
    with open_ledger(study) as ledger:
        samples = ledger.samples("medium", scorer="arithmetic")
    assert len(samples) == 48 and all(s.generation.completion_tokens > 0 and s.score is not None for s in samples)
    assert any("=" in s.generation.text for s in samples)  # it learned the shape of a worked solution
    points = pass_points(study)
    assert {(p.pool, p.k) for p in points} == {(name, k) for name in SHAPES for k in (1, 2, 4)}
    medium = PretrainRecord.load(study / "models" / "medium")
    assert all((p.params, p.tokens) == (medium.params, medium.tokens) for p in points if p.pool == "medium")


def test_the_command_trains_and_prints_n_d_and_the_loss(cli: Cli, tmp_path: Path) -> None:
    args = ["pretrain", "--out", tmp_path, "--d-model", 16, "--layers", 1, "--heads", 2, "--steps", 10]
    code, out = cli(*args, "--batch-size", 8, "--held-out", 16, "--task-option", "digits=1", "--quiet")
    assert code == 0, out
    record = json.loads((tmp_path / "training.json").read_text())
    assert f"N = {record['params']:,}" in out and "held-out loss" in out and "prompt_format=completion" in out
    code, out = cli(*args, "--task-option", "prompt_format=chat")
    assert code == 2 and "no chat template" in out and len(out.strip().splitlines()) == 1
