"""Checkpoints: the adapter weights, optimizer and schedule come back, and a mismatched checkpoint is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeoff.errors import ConfigError
from tradeoff.train.checkpoint import load_checkpoint as _resume
from tradeoff.train.checkpoint import save_checkpoint as _checkpoint

torch = pytest.importorskip("torch")


def tiny() -> tuple[object, object, object]:
    net = torch.nn.Module()
    net.lora_A = torch.nn.Linear(3, 2, bias=False)
    net.frozen = torch.nn.Linear(2, 2)
    optimizer = torch.optim.AdamW(net.lora_A.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1.0 / (s + 1))
    return net, optimizer, scheduler


def test_a_resumed_run_gets_back_the_adapter_optimizer_schedule_and_counters(tmp_path: Path) -> None:
    net, optimizer, scheduler = tiny()
    net.lora_A(torch.ones(1, 3)).sum().backward()
    optimizer.step()
    scheduler.step()
    _checkpoint(torch, net, optimizer, scheduler, tmp_path, {"k": 1}, 3, [0.5, 0.4, 0.3], [(10, 12)] * 3, 7.5)
    assert (tmp_path / "checkpoint" / "state.pt").is_file()

    again, optimizer2, scheduler2 = tiny()
    state = _resume(torch, again, optimizer2, scheduler2, tmp_path, {"k": 1})
    assert (state["step"], state["losses"], state["seconds"]) == (3, [0.5, 0.4, 0.3], 7.5)
    assert torch.equal(again.lora_A.weight, net.lora_A.weight)
    assert scheduler2.last_epoch == 1 and optimizer2.state_dict()["state"]

    with pytest.raises(ConfigError, match="other settings"):
        _resume(torch, *tiny(), tmp_path, {"k": 2})


def test_without_a_checkpoint_training_starts_fresh(tmp_path: Path) -> None:
    assert _resume(torch, *tiny(), tmp_path, {})["step"] == 0
