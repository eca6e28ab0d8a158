"""The ``hf`` backend: transformers (and PEFT for LoRA adapters) on CPU or GPU.

The model is loaded on the first :meth:`HFBackend.generate`, not in the constructor, so building a
backend to list it, validate a config or read its :attr:`~HFBackend.identity` costs no model I/O; the
constructor only checks that torch and transformers are importable (and names ``pip install
'tradeoff[hf]'`` if not) and resolves the model name (:mod:`tradeoff.backends.models`).

Batching (lm-evaluation-harness style: the backend takes the whole batch and decides): requests with the
same settings are decoded together, up to ``batch_size`` rows (samples) per call, left-padded; the N
samples of one prompt share one prefill (:mod:`tradeoff.backends.hf_generate`).
Decoding is tradeoff's own loop (:mod:`tradeoff.backends.hf_loop`): like ``generate`` for a decoder-only
model, except that a finished row leaves the batch at once, every sampled row draws from its own seeded
generator (``Generation.seed`` is that sample's seed), and log-probabilities come off the raw logits.
``SamplingParams.stop`` becomes transformers' ``stop_strings`` (the batch stops early) and the text is cut
before the stop string afterwards (:func:`~tradeoff.backends.hf_decode.finish`).

A LoRA adapter is merged into the base weights after loading (``merge_and_unload``), so decoding costs
the same as the base model; pass ``merge_adapter=False`` to keep PEFT's separate (slower) forward pass.
An adapter trained on another base (missing target modules, other weight shapes) is refused with a one-line
:class:`~tradeoff.errors.DataError` naming both models (:func:`attach_adapter`).

Prompts: ``prompt_format="auto"`` renders through the tokenizer's chat template when it has one, and as plain
text (completion mode: :func:`~tradeoff.backends.hf_generate.plain_prompt`) when it has none, as for the models
``tradeoff pretrain`` trains; ``"chat"`` refuses a model without a template, ``"completion"`` skips the template
of a model that has one (and is part of the backend's identity, since it changes what the model sees).

Torch's thread count is left at its default (one thread per physical core) unless ``threads`` is given.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from tradeoff.backends.hf_generate import Engine, run_call
from tradeoff.backends.models import path_digest, pretrained_source, resolve_model
from tradeoff.errors import BackendError, ConfigError, DataError
from tradeoff.registry import require
from tradeoff.types import Generation, GenerationRequest, SamplingParams

DType = Literal["auto", "float32", "bfloat16", "float16"]
PromptFormat = Literal["auto", "chat", "completion"]


class HFBackend:
    """Generate with a transformers causal LM; see the module docstring for batching and loading."""

    name = "hf"

    def __init__(
        self,
        model: str = "smollm2-135m",
        *,
        adapter: str | None = None,
        device: str = "auto",
        dtype: DType = "auto",
        batch_size: int = 32,
        threads: int | None = None,
        merge_adapter: bool = True,
        prompt_format: PromptFormat = "auto",
    ) -> None:
        if dtype not in get_args(DType):
            raise ConfigError(f"dtype must be one of {', '.join(get_args(DType))}; got {dtype!r}")
        if prompt_format not in get_args(PromptFormat):
            raise ConfigError(
                f"prompt_format must be one of {', '.join(get_args(PromptFormat))}; got {prompt_format!r}"
            )
        if batch_size <= 0:
            raise ConfigError(f"batch_size must be positive, got {batch_size}")
        self._torch = require("torch", "hf")
        require("transformers", "hf")
        if adapter is not None:
            require("peft", "hf")
        self.model_ref = resolve_model(model)
        self.adapter = None if adapter is None else Path(adapter).expanduser()
        self.device, self.dtype = _resolve_device(self._torch, device), dtype
        self.batch_size, self.threads, self.merge_adapter = int(batch_size), threads, merge_adapter
        self.prompt_format: PromptFormat = prompt_format
        self._engine: Engine | None = None

    @property
    def identity(self) -> str:
        """``hf:<model identity>[+lora:<name>@sha256:<12 hex>]:<dtype>``: what changes outputs."""
        parts = f"hf:{self.model_ref.identity}"
        if self.adapter is not None:
            parts += f"+lora:{self.adapter.name}@sha256:{path_digest(self._adapter_folder())[:12]}"
        if self.prompt_format == "completion":
            parts += "+completion"
        return f"{parts}:{_dtype_name(self._torch, self.dtype, self.device)}"

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        """One list of generations per request, in the order of its ``sample_indices``."""
        if not requests:
            return []
        engine = self._load()
        results: list[list[Generation]] = [[] for _ in requests]
        for group in _calls(requests, self.batch_size):
            try:
                outputs = run_call(engine, [requests[i] for i in group])
            except RuntimeError as exc:  # torch reports engine failures (out of memory, …) this way
                raise BackendError(f"transformers generate failed: {str(exc).splitlines()[0]}") from exc
            for index, generations in zip(group, outputs, strict=True):
                results[index] = generations
        return results

    def close(self) -> None:
        """Drop the model; frees GPU memory. Safe to call twice."""
        self._engine = None
        if self.device.startswith("cuda"):
            self._torch.cuda.empty_cache()

    def _load(self) -> Engine:
        if self._engine is not None:
            return self._engine
        torch, transformers = self._torch, require("transformers", "hf")
        transformers.utils.logging.disable_progress_bar()  # tradeoff draws its own progress
        if self.threads:
            torch.set_num_threads(int(self.threads))
        source = pretrained_source(self.model_ref)
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(source)
            model = transformers.AutoModelForCausalLM.from_pretrained(
                source, dtype=getattr(torch, _dtype_name(torch, self.dtype, self.device))
            )
        except OSError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ConfigError(f"could not load model {self.model_ref.name!r}: {first}") from exc
        if tokenizer.chat_template is None and self.prompt_format == "chat":
            raise ConfigError(
                f"model {self.model_ref.name!r} has no chat template; use an instruct model or prompt_format=auto"
            )
        completion = self.prompt_format == "completion" or tokenizer.chat_template is None
        tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        model = model.to(self.device)
        if self.adapter is not None:
            model = attach_adapter(model, self._adapter_folder(), base=self.model_ref.name)
            if self.merge_adapter:
                model = model.merge_and_unload()
        model.eval()
        self._engine = Engine(
            model=model,
            tokenizer=tokenizer,
            device=torch.device(self.device),
            eos_ids=_eos_ids(model, tokenizer),
            pad_id=int(tokenizer.pad_token_id),
            completion=completion,
        )
        return self._engine

    def _adapter_folder(self) -> Path:
        assert self.adapter is not None
        if not (self.adapter / "adapter_config.json").is_file():
            raise ConfigError(f"adapter {str(self.adapter)!r} has no adapter_config.json; pass a PEFT adapter folder")
        return self.adapter


def attach_adapter(model: Any, folder: Path, *, base: str) -> Any:
    """``PeftModel.from_pretrained(model, folder)``; an adapter that does not fit ``model`` (target modules it
    lacks, weight shapes of another width) is a one-line :class:`DataError` naming the adapter's base model
    (``base_model_name_or_path`` of its ``adapter_config.json``) and this one."""
    peft = require("peft", "hf")
    try:
        return peft.PeftModel.from_pretrained(model, str(folder))
    except (RuntimeError, ValueError) as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = next((line for line in lines if "size mismatch" in line or "not found in the base" in line), None)
        if reason is None:
            raise  # not a misfit (e.g. out of memory): let the caller report it
        config = json.loads((folder / "adapter_config.json").read_text())
        trained_on = config.get("base_model_name_or_path") or "an unrecorded base model"
        raise DataError(
            f"adapter {str(folder)!r} (trained on {trained_on}) does not fit model {base!r}: {reason[:300]}; "
            "use the base model it was trained on"
        ) from None


def _calls(requests: Sequence[GenerationRequest], batch_size: int) -> list[list[int]]:
    """Indices of the requests that share each decoding call: same settings, at most ``batch_size`` rows.

    Rows are samples (a request of N samples is N rows; a request is never split). On a CPU a decoding
    step of a 135M model costs nearly the same for 1 or 16 rows (measured: 47 ms vs 93 ms per step), so
    filling the batch with several prompts' samples is where throughput comes from.
    """
    groups: dict[SamplingParams, list[int]] = {}
    for index, request in enumerate(requests):
        params = request.params
        key = params.model_copy(update={"seed": 0}) if params.greedy else params  # greedy ignores seeds
        groups.setdefault(key, []).append(index)
    calls: list[list[int]] = []
    for indices in groups.values():
        call: list[int] = []
        for index in indices:
            if call and sum(requests[i].n for i in call) + requests[index].n > batch_size:
                calls.append(call)
                call = []
            call.append(index)
        calls.append(call)
    return calls


def _resolve_device(torch: Any, device: str) -> str:
    if device != "auto":
        return device
    if torch.cuda.is_available():
        return "cuda"
    return "mps" if torch.backends.mps.is_available() else "cpu"


def _dtype_name(torch: Any, dtype: DType, device: str) -> str:
    """``auto``: float32 on CPU/MPS (fast there and exact), bfloat16 on CUDA where supported, else float16."""
    if dtype != "auto":
        return dtype
    if device.startswith("cuda"):
        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    return "float32"


def _eos_ids(model: Any, tokenizer: Any) -> frozenset[int]:
    """End-of-sequence ids from the generation config (may be a list, as for Llama 3) and the tokenizer."""
    configured = model.generation_config.eos_token_id
    ids = set(configured if isinstance(configured, list) else [configured] if configured is not None else [])
    if tokenizer.eos_token_id is not None:
        ids.add(int(tokenizer.eos_token_id))
    return frozenset(int(i) for i in ids)


__all__ = ["HFBackend", "attach_adapter"]
