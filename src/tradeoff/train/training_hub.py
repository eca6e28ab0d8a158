"""The optional training_hub route (``pip install 'tradeoff[traininghub]'``): LoRA or full SFT on a CUDA GPU.

training_hub (Red Hat AI Innovation Team) runs ``lora_sft`` through Unsloth and ``sft`` through
instructlab-training; both need a CUDA GPU. This module hands them the same examples the built-in route
trains on, as a JSONL file of chat ``messages`` (the evaluation prompt, then the target as the assistant
turn), and records what the planner needs in ``OUT/training.json``: the measured wall ``seconds`` of the
call and the ``data`` spec (with its cost, for synthetic data). The finer counts of the built-in route
(tokens, FLOPs, per-step losses) are training_hub's to report (``OUT/adapter/training_metrics.jsonl``) and
are not copied. ``lora_sft`` writes a PEFT adapter to ``OUT/adapter`` (a model variant like the built-in
route's); ``sft`` writes a full model to ``OUT/model`` (sample it with ``--model OUT/model``).

On a machine without CUDA the route stops at once with a one-line error pointing at the built-in LoRA
route (:func:`tradeoff.train.lora.train_lora`), which runs on a CPU.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any, Literal

from tradeoff.backends.models import pretrained_source, resolve_model
from tradeoff.errors import ConfigError
from tradeoff.registry import require
from tradeoff.train.data import TrainingData
from tradeoff.train.options import LoraOptions
from tradeoff.train.record import RECORD_FILE

Algorithm = Literal["lora_sft", "sft"]
DATA_FILE = "training_hub.jsonl"


def write_messages(data: TrainingData, path: Path) -> Path:
    """One ``{"messages": [...]}`` line per example: its prompt turns, then the target as the assistant's."""
    with path.open("w", encoding="utf-8") as handle:
        for example in data.examples:
            turns = [{"role": m.role, "content": m.content} for m in example.messages]
            handle.write(json.dumps({"messages": [*turns, {"role": "assistant", "content": example.target}]}) + "\n")
    return path


def train_with_training_hub(
    data: TrainingData,
    out: Path,
    *,
    model: str,
    options: LoraOptions,
    spec: dict[str, Any],
    algorithm: Algorithm = "lora_sft",
) -> dict[str, Any]:
    """Train through training_hub's ``algorithm``; returns the record written to ``OUT/training.json``."""
    torch = require("torch", "hf")
    if not torch.cuda.is_available():
        raise ConfigError(
            "the training_hub route needs a CUDA GPU (Unsloth / instructlab-training); "
            "on this machine use the built-in LoRA route (tradeoff train without --trainer)"
        )
    hub = require("training_hub", "traininghub")
    ref = resolve_model(model)
    out.mkdir(parents=True, exist_ok=True)
    jsonl = write_messages(data, out / DATA_FILE)
    epochs = options.epochs or options.total_steps(len(data.examples)) * options.batch_size / len(data.examples)
    common = {
        "model_path": pretrained_source(ref),
        "data_path": str(jsonl),
        "num_epochs": max(1, math.ceil(epochs)),
        "effective_batch_size": options.batch_size,
        "learning_rate": options.learning_rate,
        "max_seq_len": options.max_length,
    }
    target = out / ("adapter" if algorithm == "lora_sft" else "model")
    start = time.perf_counter()
    if algorithm == "lora_sft":
        lora = {"lora_r": options.rank, "lora_alpha": int(options.alpha), "lora_dropout": options.dropout}
        hub.lora_sft(ckpt_output_dir=str(target), target_modules=list(options.target_modules), **lora, **common)
    else:
        hub.sft(ckpt_output_dir=str(target), **common)
    record = {
        "base_model": model,
        "base_identity": ref.identity,
        "adapter" if algorithm == "lora_sft" else "model": str(target),
        "method": f"training_hub:{algorithm}",
        "options": options.model_dump(mode="json"),
        "hub_arguments": {k: v for k, v in common.items() if k not in ("model_path", "data_path")},
        "data": spec,
        "examples": len(data.examples),
        "seconds": time.perf_counter() - start,
        "device": "cuda",
    }
    (out / RECORD_FILE).write_text(json.dumps(record, indent=2) + "\n")
    return record


__all__ = ["DATA_FILE", "Algorithm", "train_with_training_hub", "write_messages"]
