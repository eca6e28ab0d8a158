"""Merged export: base + LoRA adapter → one plain model folder, for engines without adapter support.

LoRA's update is additive and linear, W' = W + (α/r)·B·A (Hu et al. 2021, §4.1: "we can explicitly compute
and store W = W0 + BA and perform inference as usual"), so folding it into the base weights gives a model
with the base architecture and no extra inference cost. PEFT does this with ``merge_and_unload``; the
result is saved with ``save_pretrained`` (safetensors) beside the base tokenizer, so ``HFBackend(OUT)``,
vLLM or a GGUF converter load it as an ordinary model. ``OUT/merged.json`` records the base model and the
adapter's content hash. Weights are merged in float32.
"""

from __future__ import annotations

import json
from pathlib import Path

from tradeoff.backends.hf import attach_adapter
from tradeoff.backends.models import path_digest, pretrained_source, resolve_model
from tradeoff.errors import ConfigError
from tradeoff.registry import require
from tradeoff.train.record import RECORD_FILE

MERGED_FILE = "merged.json"


def base_of(adapter: Path) -> str:
    """The base model an adapter was trained on: ``training.json`` beside it, else its adapter config."""
    record = adapter.parent / RECORD_FILE
    if record.is_file():
        return str(json.loads(record.read_text())["base_model"])
    config = adapter / "adapter_config.json"
    if not config.is_file():
        raise ConfigError(f"{adapter} has no adapter_config.json; pass a PEFT adapter folder")
    name = json.loads(config.read_text()).get("base_model_name_or_path")
    if not name:
        raise ConfigError(f"{config} names no base model; pass --model")
    return str(name)


def export_merged(adapter: Path, out: Path, *, model: str | None = None) -> Path:
    """Merge ``adapter`` into ``model`` (default: :func:`base_of`) and save the plain model to ``out``."""
    torch, transformers = require("torch", "hf"), require("transformers", "hf")
    require("peft", "hf")
    adapter = Path(adapter)
    if not (adapter / "adapter_config.json").is_file():
        raise ConfigError(f"{adapter} has no adapter_config.json; pass a PEFT adapter folder")
    name = model or base_of(adapter)
    ref = resolve_model(name)
    source = pretrained_source(ref)
    base = transformers.AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32)
    merged = attach_adapter(base, adapter, base=ref.name).merge_and_unload()
    out.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(str(out))
    transformers.AutoTokenizer.from_pretrained(source).save_pretrained(str(out))
    provenance = {
        "base_model": name,
        "base_identity": ref.identity,
        "adapter": str(adapter),
        "adapter_digest": path_digest(adapter)[:12],
    }
    (out / MERGED_FILE).write_text(json.dumps(provenance, indent=2) + "\n")
    return out


__all__ = ["MERGED_FILE", "base_of", "export_merged"]
