"""An adapter as a model variant: merged export equals base+adapter; an adapter for another base is refused."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.train.tiny import tiny_model
from tradeoff.errors import DataError
from tradeoff.tasks.arithmetic import ArithmeticTask
from tradeoff.train import LoraOptions, train_lora, training_data
from tradeoff.train.export import MERGED_FILE, base_of, export_merged
from tradeoff.types import GenerationRequest, Message, SamplingParams

HAVE_HF = all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "peft"))
pytestmark = pytest.mark.skipif(not HAVE_HF, reason="torch/transformers/peft not installed: pip install 'tradeoff[hf]'")

PROMPTS = [
    GenerationRequest(messages=(Message("user", q),), params=SamplingParams(max_tokens=12))
    for q in ("What is 12 + 30?", "What is 7 * 8?")
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A tiny model and an adapter trained on it hard enough (lr 0.05) to move its weights."""
    root = tmp_path_factory.mktemp("adapter")
    model = tiny_model(root / "model")
    options = LoraOptions(rank=4, steps=6, batch_size=4, learning_rate=0.05, device="cpu")
    record = train_lora(training_data(ArithmeticTask(), examples=8), root / "lora", model=str(model),
                        options=options, spec={"examples": 8})  # fmt: skip
    return model, Path(record.adapter)


def texts(model: str, **options: object) -> list[str]:
    from tradeoff.backends.hf import HFBackend

    backend = HFBackend(model, device="cpu", **options)  # type: ignore[arg-type]
    return [g[0].text for g in backend.generate(PROMPTS)]


def test_the_merged_export_decodes_exactly_as_base_plus_adapter(trained: tuple[Path, Path], tmp_path: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM

    model, adapter = trained
    assert base_of(adapter) == str(model)  # read from training.json beside the adapter
    out = export_merged(adapter, tmp_path / "merged")
    assert json.loads((out / MERGED_FILE).read_text())["base_model"] == str(model)
    assert (out / "config.json").is_file() and not (out / "adapter_config.json").exists()
    base = AutoModelForCausalLM.from_pretrained(model).state_dict()
    merged = AutoModelForCausalLM.from_pretrained(out).state_dict()
    changed = [k for k in base if k.endswith("q_proj.weight") and not torch.equal(base[k], merged[k])]
    assert changed  # the adapter was folded into the weights
    assert texts(str(out)) == texts(str(model), adapter=str(adapter), merge_adapter=False)


def test_an_adapter_trained_on_another_base_is_a_one_line_error(trained: tuple[Path, Path], tmp_path: Path) -> None:
    _, adapter = trained
    wider = tiny_model(tmp_path / "wider", hidden=32)
    with pytest.raises(DataError, match=r"adapter .* \(trained on .*model\) does not fit model 'wider': .*mismatch"):
        texts(str(wider), adapter=str(adapter))
    with pytest.raises(DataError, match="does not fit") as info:
        export_merged(adapter, tmp_path / "out", model=str(wider))
    assert "\n" not in str(info.value)
