"""``OUT/training.json`` of a pretraining run: what was trained, on what, at what cost, to what loss.

- ``params`` N: non-embedding parameters (Kaplan et al. 2020), the N of the scaling laws;
  ``params_total`` adds the (tied) embedding.
- ``tokens`` D: real (non-padding) tokens passed through the model in training, repeats included.
- ``flops``: 6·N·D (2·N forward + 4·N backward per token; Kaplan et al. 2020 §2.1), attention's context
  term and the tied output head left out as in the laws' convention.
- ``seconds`` / ``cpu_seconds``: wall-clock and process CPU time (``time.process_time``, all threads) of the
  training steps, summed over resumed sessions; ``eval_seconds``: the held-out evaluation.
- ``held_out_loss``: mean cross-entropy (nats per token) over every token of the held-out documents;
  ``held_out_answer_loss``: over their solution tokens only.
- ``fingerprint``: the options and task spec; a re-run with the same fingerprint returns this record.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RECORD_FILE = "training.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class PretrainRecord:
    method: str = "pretrain"
    model: str
    fingerprint: dict[str, Any]
    params: int
    params_total: int
    tokens: int
    flops: float
    steps: int
    documents: int
    epochs: float
    seconds: float
    cpu_seconds: float
    eval_seconds: float
    tokens_per_second: float
    threads: int
    held_out_loss: float
    held_out_answer_loss: float
    held_out_documents: int
    losses: list[float] = field(default_factory=list)
    resumed_from_step: int = 0

    def save(self, folder: Path) -> Path:
        path = folder / RECORD_FILE
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")
        return path

    @classmethod
    def load(cls, folder: Path) -> PretrainRecord:
        return cls(**json.loads((folder / RECORD_FILE).read_text()))


def is_pretrain_record(path: Path) -> bool:
    """Whether ``path`` is a ``training.json`` written by :class:`PretrainRecord`."""
    try:
        return json.loads(path.read_text()).get("method") == "pretrain"
    except (OSError, ValueError, AttributeError):
        return False


__all__ = ["RECORD_FILE", "PretrainRecord", "is_pretrain_record"]
