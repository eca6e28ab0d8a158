"""The training_hub route: refused on a CPU in one line; on CUDA it hands training_hub the examples as chat
messages and records the call's seconds and the data spec (training_hub itself is faked: it needs a GPU)."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from tradeoff.errors import ConfigError, MissingDependencyError
from tradeoff.tasks.arithmetic import ArithmeticTask
from tradeoff.train import LoraOptions, training_data
from tradeoff.train.training_hub import DATA_FILE, train_with_training_hub

torch = pytest.importorskip("torch")
OPTIONS = LoraOptions(rank=4, alpha=8, steps=3, batch_size=2, learning_rate=2e-4)


def run(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    data = training_data(ArithmeticTask(), examples=4)
    return train_with_training_hub(data, tmp_path, model=str(tmp_path), options=OPTIONS, spec={"x": 1}, **changes)


def test_on_a_cpu_the_route_points_at_the_builtin_lora(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ConfigError, match=r"needs a CUDA GPU .*built-in LoRA route") as info:
        run(tmp_path)
    assert "\n" not in str(info.value)


def test_without_the_extra_the_error_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setitem(sys.modules, "training_hub", None)  # an import of it raises ImportError
    with pytest.raises(MissingDependencyError, match=r"tradeoff\[traininghub\]"):
        run(tmp_path)


def test_lora_sft_gets_the_examples_as_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    fake = types.ModuleType("training_hub")
    fake.lora_sft = lambda **kwargs: calls.append(kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "training_hub", fake)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    (tmp_path / "config.json").write_text("{}")  # a model folder, as far as name resolution goes
    record = run(tmp_path)
    [call] = calls
    assert call["data_path"] == str(tmp_path / DATA_FILE) and call["ckpt_output_dir"] == str(tmp_path / "adapter")
    assert (call["lora_r"], call["lora_alpha"], call["effective_batch_size"], call["num_epochs"]) == (4, 8, 2, 2)
    lines = [json.loads(line) for line in (tmp_path / DATA_FILE).read_text().splitlines()]
    first = training_data(ArithmeticTask(), examples=1).examples[0]
    assert len(lines) == 4 and lines[0]["messages"][-1] == {"role": "assistant", "content": first.target}
    assert [m["role"] for m in lines[0]["messages"]] == ["system", "user", "assistant"]
    stored = json.loads((tmp_path / "training.json").read_text())
    assert stored == record and stored["method"] == "training_hub:lora_sft" and stored["seconds"] >= 0
    assert stored["data"] == {"x": 1} and stored["adapter"] == str(tmp_path / "adapter")
