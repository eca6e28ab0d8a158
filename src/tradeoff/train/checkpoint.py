"""Checkpoints of a LoRA run: save, resume, and recognise a run that already finished.

``OUT/checkpoint/state.pt`` holds the adapter weights (the ``lora_`` tensors only), optimizer and schedule
state, torch's RNG state, the step counter, per-step losses and token counts, and the seconds spent so far,
with a fingerprint of the settings (base model identity, options, data spec, example count). It is written
to a temporary file and renamed, so a kill never leaves a torn checkpoint. A checkpoint or a finished
``training.json`` with another fingerprint is refused rather than silently mixed with this run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tradeoff.errors import ConfigError
from tradeoff.train.record import RECORD_FILE, TrainingRecord


def finished_record(out: Path, fingerprint: dict[str, Any]) -> TrainingRecord | None:
    """The record of a completed run in ``out`` with these settings; another run's record is refused."""
    if not (out / RECORD_FILE).is_file() or not (out / "adapter" / "adapter_config.json").is_file():
        return None
    record = TrainingRecord.load(out)
    mine = json.loads(json.dumps(fingerprint, default=list))
    stored: dict[str, Any] = {"model": record.base_identity, "options": record.options, "data": record.data}
    stored["examples"] = record.examples
    if stored != mine:
        raise ConfigError(f"{out} already holds a training run with other settings; use another --out")
    return record


def save_checkpoint(
    torch: Any, net: Any, opt: Any, sched: Any, out: Path, fingerprint: dict[str, Any], *args: Any
) -> None:
    """Write ``(step, losses, batches, seconds)`` with the adapter, optimizer, schedule and RNG state."""
    step, losses, batches, seconds = args
    folder = out / "checkpoint"
    folder.mkdir(parents=True, exist_ok=True)
    adapter = {k: v.detach().cpu() for k, v in net.state_dict().items() if "lora_" in k}
    state = {"fingerprint": fingerprint, "step": step, "losses": losses, "batches": batches, "seconds": seconds}
    state |= {"adapter": adapter, "optimizer": opt.state_dict(), "scheduler": sched.state_dict()}
    state["rng"] = torch.get_rng_state()
    torch.save(state, folder / "state.pt.tmp")
    (folder / "state.pt.tmp").replace(folder / "state.pt")


def load_checkpoint(
    torch: Any, net: Any, opt: Any, sched: Any, out: Path, fingerprint: dict[str, Any]
) -> dict[str, Any]:
    """The saved state when ``OUT/checkpoint/state.pt`` matches these settings; a fresh start otherwise."""
    path = out / "checkpoint" / "state.pt"
    fresh: dict[str, Any] = {"step": 0, "losses": [], "batches": [], "seconds": 0.0}
    if not path.is_file():
        return fresh
    state = torch.load(path, weights_only=False)
    if state.get("fingerprint") != fingerprint:
        raise ConfigError(f"{path} was saved with other settings; delete it or use another --out")
    net.load_state_dict(state["adapter"], strict=False)
    opt.load_state_dict(state["optimizer"])
    sched.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng"])
    return dict(state)


__all__ = ["finished_record", "load_checkpoint", "save_checkpoint"]
