"""Out of memory in a training step: a one-line error that suggests half the batch (the error is injected)."""

from __future__ import annotations

from typing import Any

import pytest

from tradeoff.errors import ConfigError
from tradeoff.train.batches import collate, join
from tradeoff.train.lora import _Trainer
from tradeoff.train.options import LoraOptions

torch = pytest.importorskip("torch")


class Exhausted(torch.nn.Module):
    """A model whose forward pass fails the way an allocator does."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(1))
        self.error = error

    def forward(self, **_: Any) -> Any:
        raise self.error


def step(error: BaseException, size: int = 16) -> float:
    net = Exhausted(error)
    optimizer = torch.optim.AdamW(net.parameters())
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1.0)
    batch = collate([join([1, 2], [3], max_length=8)], pad_id=0)
    trainer = _Trainer(
        torch=torch,
        net=net,
        optimizer=optimizer,
        scheduler=scheduler,
        trainable=list(net.parameters()),
        params=1,
        device="cpu",
        options=LoraOptions(batch_size=size),
    )
    return trainer.step(batch)


@pytest.mark.parametrize(
    "error",
    [
        torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"),
        RuntimeError("DefaultCPUAllocator: not enough memory: you tried to allocate 1 bytes. Out of memory"),
        MemoryError(),
    ],
)
def test_out_of_memory_suggests_half_the_batch(error: BaseException) -> None:
    with pytest.raises(ConfigError, match=r"^out of memory at batch size 16; try --batch-size 8$"):
        step(error)


def test_the_suggestion_never_goes_below_one() -> None:
    with pytest.raises(ConfigError, match=r"--batch-size 1$"):
        step(MemoryError(), size=1)


def test_other_runtime_errors_are_not_disguised_as_memory() -> None:
    with pytest.raises(RuntimeError, match="shape mismatch"):
        step(RuntimeError("shape mismatch"))
