"""LoRA supervised fine-tuning with PEFT on transformers, on a CPU or a GPU.

LoRA (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models") freezes the base weights W
and learns ΔW = (α/r)·B·A with A ∈ R^{r×d_in}, B ∈ R^{d_out×r}, B initialised to zero, so training
starts from the base model exactly. The loss is the mean cross-entropy over target tokens only
(:mod:`tradeoff.train.batches`); batches are length-grouped; AdamW with a linear warm-up over the first
10 % of steps and a linear decay to zero; gradients clipped at norm 1. Everything random (adapter
initialisation, batch order, dropout) follows ``seed``.

Checkpoints: every ``checkpoint_every`` steps the adapter weights, optimizer, schedule, RNG state and
counters go to ``OUT/checkpoint/state.pt`` (written to a temporary file, then renamed). A re-run with the
same settings loads it and skips the steps already done; the batch schedule is a pure function of the
data and seed (:func:`~tradeoff.train.batches.schedule`), so it continues with the same batches. A re-run
of a completed run with the same settings returns its record without training again; ``OUT`` holding a run
with other settings is refused.

Out of memory in a step (``torch.OutOfMemoryError`` on CUDA, ``MemoryError`` or a ``RuntimeError`` saying
"out of memory" elsewhere) is a one-line :class:`~tradeoff.errors.ConfigError` suggesting half the batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tradeoff.backends.models import pretrained_source, resolve_model
from tradeoff.errors import ConfigError
from tradeoff.registry import require
from tradeoff.train.batches import Batch, Encoded, collate, join, padding_efficiency, schedule
from tradeoff.train.checkpoint import finished_record, load_checkpoint, save_checkpoint
from tradeoff.train.data import TrainingData
from tradeoff.train.options import LoraOptions
from tradeoff.train.record import TrainingRecord, lora_flops, matmul_params, peak_memory_bytes


def encode(tokenizer: Any, data: TrainingData, *, max_length: int) -> list[Encoded]:
    """Chat-template prompt (with the generation prompt) + target + end-of-turn token, labels on the target."""
    eos = tokenizer.eos_token_id
    rows = []
    for example in data.examples:
        chat = [{"role": m.role, "content": m.content} for m in example.messages]
        prompt = tokenizer.apply_chat_template(chat, add_generation_prompt=True, tokenize=False)
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        target_ids = [*tokenizer(example.target, add_special_tokens=False)["input_ids"], eos]
        rows.append(join(prompt_ids, target_ids, max_length=max_length))
    return rows


StepCallback = Callable[[int, int, float], None]
"""Called after each step with (steps done, total steps, loss)."""


def train_lora(
    data: TrainingData,
    out: Path,
    *,
    model: str = "smollm2-135m",
    options: LoraOptions,
    spec: dict[str, Any],
    on_step: StepCallback | None = None,
) -> TrainingRecord:
    """Fine-tune ``model`` on ``data``; write ``OUT/adapter`` and ``OUT/training.json``; return the record."""
    torch, transformers, peft = require("torch", "hf"), require("transformers", "hf"), require("peft", "hf")
    transformers.utils.logging.disable_progress_bar()
    device = options.device if options.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    ref = resolve_model(model)
    settings = options.model_dump(mode="json")
    fingerprint = {"model": ref.identity, "options": settings, "data": spec, "examples": len(data.examples)}
    if (done_before := finished_record(out, fingerprint)) is not None:
        return done_before
    source = pretrained_source(ref)
    tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    if tokenizer.chat_template is None or tokenizer.eos_token_id is None:
        raise ConfigError(f"model {ref.name!r} has no chat template or end token; use an instruct model")
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    rows = encode(tokenizer, data, max_length=options.max_length)
    steps = options.total_steps(len(rows))
    plan = schedule([len(r) for r in rows], batch_size=options.batch_size, steps=steps, seed=options.seed)
    torch.manual_seed(options.seed)
    base = transformers.AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32).to(device)
    trainer = _Trainer.build(torch, peft, base, options=options, device=device, steps=steps, name=ref.name)
    progress = trainer.run(rows, plan, pad_id=pad_id, out=out, fingerprint=fingerprint, on_step=on_step)
    adapter = out / "adapter"
    trainer.net.save_pretrained(str(adapter))
    batches = [collate([rows[i] for i in b], pad_id=pad_id) for b in plan]
    record = _record(
        trainer, progress, model=model, identity=ref.identity, spec=spec, rows=rows, batches=batches, adapter=adapter
    )
    record.save(out)
    (out / "checkpoint" / "state.pt").unlink(missing_ok=True)
    if (out / "checkpoint").is_dir() and not any((out / "checkpoint").iterdir()):
        (out / "checkpoint").rmdir()
    return record


@dataclass(frozen=True, slots=True, kw_only=True)
class _Progress:
    """What the steps did: from which step this session started (0 unless resumed), the loss and the
    ``(real, processed)`` tokens of every step's batch, and the seconds of all sessions together."""

    start: int
    losses: list[float]
    done: list[tuple[int, int]]
    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class _Trainer:
    """One run's live objects on one device: torch, the LoRA-wrapped model, its optimizer and learning-rate
    schedule, the trainable parameters, and the base model's matmul parameter count."""

    torch: Any
    net: Any
    optimizer: Any
    scheduler: Any
    trainable: list[Any]
    params: int
    device: str
    options: LoraOptions

    @classmethod
    def build(
        cls, torch: Any, peft: Any, base: Any, *, options: LoraOptions, device: str, steps: int, name: str
    ) -> _Trainer:
        """Wrap ``base`` with LoRA; AdamW with a linear warm-up over the first 10 % of steps, then linear decay."""
        params = matmul_params(base)
        config = peft.LoraConfig(
            r=options.rank,
            lora_alpha=options.alpha,
            lora_dropout=options.dropout,
            target_modules=list(options.target_modules),
            task_type="CAUSAL_LM",
        )
        try:
            net = peft.get_peft_model(base, config)
        except ValueError as exc:
            raise ConfigError(f"LoRA target modules {options.target_modules} do not fit {name!r}: {exc}") from None
        trainable = [p for p in net.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(trainable, lr=options.learning_rate, weight_decay=0.0)
        warmup = max(1, steps // 10)
        lr_at = lambda s: (s + 1) / warmup if s < warmup else max(0.0, (steps - s) / max(1, steps - warmup))  # noqa: E731
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_at)
        return cls(
            torch=torch,
            net=net,
            optimizer=optimizer,
            scheduler=scheduler,
            trainable=trainable,
            params=params,
            device=device,
            options=options,
        )

    def run(
        self,
        rows: list[Encoded],
        plan: list[list[int]],
        *,
        pad_id: int,
        out: Path,
        fingerprint: dict[str, Any],
        on_step: StepCallback | None,
    ) -> _Progress:
        """Every step of ``plan`` not done yet (resuming from ``OUT/checkpoint``), checkpointing as asked."""
        torch, net, optimizer, scheduler = self.torch, self.net, self.optimizer, self.scheduler
        state = load_checkpoint(torch, net, optimizer, scheduler, out, fingerprint)
        start, losses, done = int(state["step"]), list(state["losses"]), list(state["batches"])
        net.train()
        begin = time.perf_counter() - float(state["seconds"])
        steps, every = len(plan), self.options.checkpoint_every
        for step in range(start, steps):
            batch = collate([rows[i] for i in plan[step]], pad_id=pad_id)
            losses.append(self.step(batch))
            done.append((batch.real_tokens, batch.processed_tokens))
            if on_step is not None:
                on_step(step + 1, steps, losses[-1])
            if every and (step + 1) % every == 0 and step + 1 < steps:
                elapsed = time.perf_counter() - begin
                save_checkpoint(torch, net, optimizer, scheduler, out, fingerprint, step + 1, losses, done, elapsed)
        return _Progress(start=start, losses=losses, done=done, seconds=time.perf_counter() - begin)

    def step(self, batch: Batch) -> float:
        """One optimizer step; running out of memory anywhere in it is a one-line error suggesting half the batch."""
        torch, size = self.torch, self.options.batch_size
        tensors = {k: torch.tensor(v, device=self.device) for k, v in asdict(batch).items()}
        try:
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=self.device.startswith("cuda")):
                loss = self.net(**tensors).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.trainable, 1.0)
            self.optimizer.step()
        except (torch.OutOfMemoryError, MemoryError, RuntimeError) as exc:
            if not isinstance(exc, (torch.OutOfMemoryError, MemoryError)) and not _oom(exc):
                raise
            self.optimizer.zero_grad(set_to_none=True)
            raise ConfigError(f"out of memory at batch size {size}; try --batch-size {max(1, size // 2)}") from None
        self.scheduler.step()
        self.optimizer.zero_grad(set_to_none=True)
        return float(loss.detach())


def _record(
    trainer: _Trainer,
    progress: _Progress,
    *,
    model: str,
    identity: str,
    spec: dict[str, Any],
    rows: list[Encoded],
    batches: list[Batch],
    adapter: Path,
) -> TrainingRecord:
    """The run as ``training.json`` records it."""
    options, steps = trainer.options, len(batches)
    real = sum(r for r, _ in progress.done)
    return TrainingRecord(
        base_model=model,
        base_identity=identity,
        adapter=str(adapter),
        method="lora",
        options=options.model_dump(mode="json"),
        data=spec,
        examples=len(rows),
        steps=steps,
        epochs=steps * options.batch_size / len(rows),
        real_tokens=real,
        processed_tokens=sum(p for _, p in progress.done),
        target_tokens=sum(sum(1 for x in row if x != -100) for b in batches for row in b.labels),
        truncated_examples=sum(r.truncated for r in rows),
        padding_efficiency=padding_efficiency(batches),
        params=trainer.params,
        trainable_params=sum(int(p.numel()) for p in trainer.trainable),
        flops=lora_flops(trainer.params, real),
        seconds=progress.seconds,
        tokens_per_second=real / progress.seconds if progress.seconds > 0 else 0.0,
        peak_memory_bytes=peak_memory_bytes(trainer.torch, trainer.device),
        device=trainer.device,
        losses=[round(x, 5) for x in progress.losses],
        resumed_from_step=progress.start,
    )


def _oom(exc: BaseException) -> bool:
    """CPU allocators and older CUDA builds report exhaustion as a ``RuntimeError`` saying "out of memory"."""
    return "out of memory" in str(exc).lower()


__all__ = ["encode", "train_lora"]
