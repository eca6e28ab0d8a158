"""Does ``tradeoff``'s LoRA trainer cost anything over a plain PEFT loop, and how much compute goes to padding?

    .venv/bin/python benchmarks/bench_train.py [--examples 160 --steps 8 --batch-size 16]

Both sides train SmolLM2-135M with the same LoRA settings (rank 8, α 16, all linear projections), the same
AdamW learning rate, the same examples (the arithmetic train split, prompt via the chat template, loss on
the target only) and the same number of steps, in one process, one after the other:

- ``tradeoff``: :func:`tradeoff.train.train_lora` (length-grouped batches, its own collate, warm-up and
  decay schedule, gradient clipping, record keeping); its ``seconds`` cover the training loop only.
- ``plain``: the loop a notebook would write: ``get_peft_model``, batches in a shuffled order padded to
  the longest row, ``loss.backward(); optimizer.step()``, timed the same way.

Throughput is real (non-padding) tokens per second of the training loop (target ratio ≥ 0.9); the padding
efficiency is real tokens / processed tokens. The load average is printed: on a shared 2-core CPU timings
are noisy, so run it on an idle machine before quoting a number.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import peft
import torch
import transformers
from rich.console import Console
from rich.table import Table

from tradeoff.backends.models import local_hf_folder
from tradeoff.tasks.arithmetic import ArithmeticTask
from tradeoff.train import LoraOptions, train_lora, training_data
from tradeoff.train.batches import collate, padding_efficiency
from tradeoff.train.lora import encode
from tradeoff.train.options import LLAMA_LINEAR


def plain_loop(folder: Path, rows: list, options: LoraOptions) -> tuple[float, int, int]:
    """A plain PEFT loop over shuffled batches; returns (seconds, real tokens, processed tokens)."""
    torch.manual_seed(options.seed)
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32)
    config = peft.LoraConfig(
        r=options.rank, lora_alpha=options.alpha, lora_dropout=options.dropout, target_modules=list(LLAMA_LINEAR)
    )
    model = peft.get_peft_model(model, config)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=options.learning_rate)
    order = np.random.default_rng(options.seed).permutation(len(rows))
    model.train()
    real = processed = 0
    start = time.perf_counter()
    for step in range(options.steps):
        picked = [rows[int(i)] for i in np.resize(order, (step + 1) * options.batch_size)[-options.batch_size :]]
        batch = collate(picked, pad_id=tokenizer.eos_token_id)
        loss = model(**{k: torch.tensor(getattr(batch, k)) for k in ("input_ids", "attention_mask", "labels")}).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        real, processed = real + batch.real_tokens, processed + batch.processed_tokens
    return time.perf_counter() - start, real, processed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=160)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    console = Console()
    console.print(f"load average at start: {os.getloadavg()}; torch threads {torch.get_num_threads()}")
    data = training_data(ArithmeticTask(), examples=args.examples)
    options = LoraOptions(steps=args.steps, batch_size=args.batch_size, device="cpu")
    folder = local_hf_folder("smollm2-135m")
    rows = encode(transformers.AutoTokenizer.from_pretrained(folder), data, max_length=options.max_length)
    with tempfile.TemporaryDirectory() as out:
        record = train_lora(data, Path(out), options=options, spec={"bench": True})
    seconds, real, processed = plain_loop(folder, rows, options)
    table = Table(title=f"LoRA training, {args.steps} steps × batch {args.batch_size}, SmolLM2-135M, CPU")
    for column in ("side", "seconds", "real tokens/s", "processed tokens/s", "real / processed"):
        table.add_column(column, justify="right")
    ours = record.real_tokens / record.seconds
    table.add_row(
        "tradeoff",
        f"{record.seconds:.1f}",
        f"{ours:.0f}",
        f"{record.processed_tokens / record.seconds:.0f}",
        f"{record.real_tokens / record.processed_tokens:.3f}",
    )
    table.add_row(
        "plain PEFT", f"{seconds:.1f}", f"{real / seconds:.0f}", f"{processed / seconds:.0f}", f"{real / processed:.3f}"
    )
    console.print(table)
    console.print(f"ratio tradeoff / plain (real tokens/s): {ours / (real / seconds):.2f} (target >= 0.9)")
    grouped = padding_efficiency([collate([rows[i] for i in range(len(rows))], pad_id=0)])
    console.print(f"whole data as one batch: real / processed {grouped:.3f}; load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
