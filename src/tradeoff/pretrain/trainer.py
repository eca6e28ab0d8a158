"""``pretrain``: train a model from scratch on a task's generated train split; write a model folder.

Output: ``OUT/model`` (config, safetensors weights, the character tokenizer, generation config: a normal
folder for ``AutoModelForCausalLM`` / ``AutoTokenizer`` and the ``hf`` backend), ``OUT/training.json``
(:class:`~tradeoff.pretrain.record.PretrainRecord`) and, while running, ``OUT/checkpoint/state.pt``.

AdamW (β = 0.9, 0.95; weight decay on matrices only), gradients clipped at norm 1, the warm-up + cosine
schedule of :mod:`~tradeoff.pretrain.options`; float32 on the CPU. Every ``checkpoint_every`` steps the
state is saved; a re-run with the same settings resumes there (the batch schedule is a pure function of the
seed, :func:`~tradeoff.pretrain.documents.batch_rows`), and a finished run returns its record untouched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tradeoff.pretrain import checkpoint
from tradeoff.pretrain.documents import Document, batch_rows, collate, document_texts, encode
from tradeoff.pretrain.evaluate import held_out_losses
from tradeoff.pretrain.model import build_model, parameter_counts
from tradeoff.pretrain.options import PretrainOptions, lr_factor
from tradeoff.pretrain.record import PretrainRecord
from tradeoff.pretrain.tokenizer import char_tokenizer
from tradeoff.registry import require
from tradeoff.tasks.base import Task

StepCallback = Callable[[int, int, float], None]
"""Called after each step with (steps done, total steps, loss)."""


def pretrain(task: Task, out: Path, *, options: PretrainOptions, on_step: StepCallback | None = None) -> PretrainRecord:
    """Train, evaluate on held-out documents, save ``OUT/model`` and ``OUT/training.json``; return the record."""
    torch = require("torch", "hf")
    require("transformers", "hf").utils.logging.disable_progress_bar()
    if options.threads:
        torch.set_num_threads(options.threads)
    fingerprint = json.loads(json.dumps({"options": asdict(options), "task": dict(task.spec())}))
    if (done := checkpoint.finished(out, fingerprint)) is not None:
        return done
    tokenizer = char_tokenizer()
    texts = document_texts(task, options.documents + options.held_out)
    docs = encode(tokenizer, texts[: options.documents], context=options.context)
    held = encode(tokenizer, texts[options.documents :], context=options.context)
    model = build_model(options, tokenizer)
    optimizer = _optimizer(torch, model, options)
    schedule = lambda s: lr_factor(s, steps=options.steps, warmup=options.warmup, min_ratio=options.min_lr_ratio)  # noqa: E731
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    parts = {"model": model, "optimizer": optimizer, "scheduler": scheduler}
    counters = checkpoint.load(torch, parts, out, fingerprint) or {
        "step": 0, "tokens": 0, "losses": [], "seconds": 0.0, "cpu_seconds": 0.0,
    }  # fmt: skip
    resumed = int(counters["step"])
    _train(torch, parts, docs, options, counters, checkpoint_to=(out, fingerprint), on_step=on_step)
    started = time.perf_counter()
    loss, answer_loss = held_out_losses(torch, model, held, pad_id=int(tokenizer.pad_token_id))
    folder = out / "model"
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    params, total = parameter_counts(model)
    record = PretrainRecord(
        model=str(folder.resolve()),
        fingerprint=fingerprint,
        params=params,
        params_total=total,
        tokens=int(counters["tokens"]),
        flops=6.0 * params * int(counters["tokens"]),
        steps=options.steps,
        documents=len(docs),
        epochs=options.steps * options.batch_size / len(docs),
        seconds=float(counters["seconds"]),
        cpu_seconds=float(counters["cpu_seconds"]),
        eval_seconds=time.perf_counter() - started,
        tokens_per_second=int(counters["tokens"]) / max(float(counters["seconds"]), 1e-9),
        threads=int(torch.get_num_threads()),
        held_out_loss=loss,
        held_out_answer_loss=answer_loss,
        held_out_documents=len(held),
        losses=[round(float(x), 5) for x in counters["losses"]],
        resumed_from_step=resumed,
    )
    record.save(out)
    checkpoint.remove(out)
    return record


def _train(
    torch: Any,
    parts: dict[str, Any],
    docs: list[Document],
    options: PretrainOptions,
    counters: dict[str, Any],
    *,
    checkpoint_to: tuple[Path, dict[str, Any]],
    on_step: StepCallback | None,
) -> None:
    """The steps from ``counters["step"]`` on, updating ``counters``; checkpoints as ``options`` asks."""
    model, optimizer, scheduler = parts["model"], parts["optimizer"], parts["scheduler"]
    pad_id = int(model.config.pad_token_id)
    model.train()
    wall, cpu = time.perf_counter() - counters["seconds"], time.process_time() - counters["cpu_seconds"]
    for step in range(int(counters["step"]), options.steps):
        rows = batch_rows(step, batch_size=options.batch_size, documents=len(docs), seed=options.seed)
        batch = {k: torch.tensor(v) for k, v in collate([docs[i] for i in rows], pad_id=pad_id).items()}
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        counters["losses"].append(float(loss.detach()))
        counters["tokens"] += int(batch["attention_mask"].sum())
        counters["step"] = step + 1
        counters["seconds"], counters["cpu_seconds"] = time.perf_counter() - wall, time.process_time() - cpu
        if on_step is not None:
            on_step(step + 1, options.steps, counters["losses"][-1])
        if options.checkpoint_every and (step + 1) % options.checkpoint_every == 0 and step + 1 < options.steps:
            checkpoint.save(torch, parts, *checkpoint_to, counters)


def _optimizer(torch: Any, model: Any, options: PretrainOptions) -> Any:
    """AdamW with weight decay on the matrices, none on norms (as in most pretraining recipes)."""
    matrices = [p for p in model.parameters() if p.dim() >= 2]
    vectors = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": matrices, "weight_decay": options.weight_decay}, {"params": vectors, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=options.learning_rate, betas=(0.9, 0.95))


__all__ = ["StepCallback", "pretrain"]
