"""Training from scratch: records, resume after an interruption, refusing another run's folder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tradeoff.errors import ConfigError
from tradeoff.pretrain import PretrainOptions, non_embedding_params, pretrain
from tradeoff.tasks import get_task

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

OPTIONS = PretrainOptions(d_model=16, layers=1, heads=2, steps=12, batch_size=8, held_out=16, checkpoint_every=5)


class Interrupt(Exception):
    pass


def task():  # type: ignore[no-untyped-def]
    return get_task("arithmetic", prompt_format="completion", digits=1, operands=2)


def stop_at(step: int):  # type: ignore[no-untyped-def]
    def on_step(done: int, total: int, loss: float) -> None:
        if done == step:
            raise Interrupt

    return on_step


def weights(folder: Path) -> dict[str, object]:
    from safetensors.torch import load_file

    return load_file(str(folder / "model" / "model.safetensors"))


def test_a_resumed_run_equals_an_uninterrupted_one(tmp_path: Path) -> None:
    with pytest.raises(Interrupt):
        pretrain(task(), tmp_path / "a", options=OPTIONS, on_step=stop_at(8))
    assert (tmp_path / "a" / "checkpoint" / "state.pt").is_file()
    resumed = pretrain(task(), tmp_path / "a", options=OPTIONS)
    straight = pretrain(task(), tmp_path / "b", options=OPTIONS)
    assert resumed.resumed_from_step == 5 and straight.resumed_from_step == 0
    assert resumed.losses == pytest.approx(straight.losses, abs=1e-4)
    assert resumed.tokens == straight.tokens and resumed.held_out_loss == pytest.approx(
        straight.held_out_loss, abs=1e-4
    )
    a, b = weights(tmp_path / "a"), weights(tmp_path / "b")
    assert a.keys() == b.keys() and all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)  # type: ignore[arg-type]
    assert not (tmp_path / "a" / "checkpoint").exists()


def test_the_record_counts_n_d_and_flops_and_a_finished_run_is_not_redone(tmp_path: Path) -> None:
    record = pretrain(task(), tmp_path, options=OPTIONS)
    assert record.params == non_embedding_params(OPTIONS) and record.params_total == record.params + 99 * 16
    assert record.flops == 6.0 * record.params * record.tokens and record.steps == 12 and len(record.losses) == 12
    assert record.seconds > 0 and record.cpu_seconds > 0 and record.held_out_documents == 16
    assert record.documents == 96 and record.epochs == pytest.approx(1.0)
    assert record.held_out_answer_loss > 0 and record.held_out_loss < record.losses[0]
    again = pretrain(task(), tmp_path, options=OPTIONS, on_step=stop_at(1))  # would raise if it trained
    assert again == record
    with pytest.raises(ConfigError, match="already holds a pretraining run with other settings"):
        pretrain(task(), tmp_path, options=replace(OPTIONS, steps=13))
