"""Checkpoints of a pretraining run, and recognising a run that already finished.

``OUT/checkpoint/state.pt`` holds the whole model's weights, the optimizer and schedule state, torch's RNG
state and the counters (step, tokens, losses, wall and CPU seconds so far), with the run's fingerprint (its
options and task spec). It is written to a temporary file and renamed, so a kill never leaves a torn
checkpoint. A checkpoint or a finished ``training.json`` with another fingerprint is refused rather than
mixed with this run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tradeoff.errors import ConfigError
from tradeoff.pretrain.record import RECORD_FILE, PretrainRecord

STATE = Path("checkpoint") / "state.pt"


def finished(out: Path, fingerprint: dict[str, Any]) -> PretrainRecord | None:
    """The record of a completed run in ``out`` with this fingerprint; another run's record is refused."""
    if not (out / RECORD_FILE).is_file() or not (out / "model" / "config.json").is_file():
        return None
    record = PretrainRecord.load(out)
    if record.fingerprint != fingerprint:
        raise ConfigError(f"{out} already holds a pretraining run with other settings; use another --out")
    return record


def save(torch: Any, parts: dict[str, Any], out: Path, fingerprint: dict[str, Any], counters: dict[str, Any]) -> None:
    """Write the state of ``parts`` (``model``, ``optimizer``, ``scheduler``) and ``counters``."""
    path = out / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {name: part.state_dict() for name, part in parts.items()}
    state |= {"fingerprint": fingerprint, "counters": counters, "rng": torch.get_rng_state()}
    torch.save(state, path.with_suffix(".tmp"))
    path.with_suffix(".tmp").replace(path)


def load(torch: Any, parts: dict[str, Any], out: Path, fingerprint: dict[str, Any]) -> dict[str, Any] | None:
    """The saved counters after restoring ``parts`` when a checkpoint with this fingerprint exists, else None."""
    path = out / STATE
    if not path.is_file():
        return None
    state = torch.load(path, weights_only=False)
    if state.get("fingerprint") != fingerprint:
        raise ConfigError(f"{path} was saved with other settings; delete it or use another --out")
    for name, part in parts.items():
        part.load_state_dict(state[name])
    torch.set_rng_state(state["rng"])
    return dict(state["counters"])


def remove(out: Path) -> None:
    """Delete the checkpoint of a finished run (and its folder when empty)."""
    (out / STATE).unlink(missing_ok=True)
    if (out / STATE.parent).is_dir() and not any((out / STATE.parent).iterdir()):
        (out / STATE.parent).rmdir()


__all__ = ["finished", "load", "remove", "save"]
