"""``tradeoff pretrain``: train a small model from scratch on a task's train split → ``OUT/model`` + ``training.json``.

The task is used in completion mode (``prompt_format=completion`` is set for it); sample the result with
``tradeoff sample --model OUT/model --task-option prompt_format=completion ...``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli.common import console, parse_options
from tradeoff.errors import ConfigError
from tradeoff.pretrain import PretrainOptions, non_embedding_params, pretrain
from tradeoff.pretrain.documents import steps_for_tokens
from tradeoff.tasks import get_task


def command(
    out: Annotated[Path, typer.Option(help="Output folder: model/ and training.json go here.")],
    task: Annotated[str, typer.Option(help="Task whose generated train split is the data.")] = "arithmetic",
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value (repeatable).")] = None,
    d_model: Annotated[int, typer.Option(help="Model width d.")] = 64,
    layers: Annotated[int, typer.Option(help="Decoder layers L.")] = 2,
    heads: Annotated[int, typer.Option(help="Attention heads (d must be a multiple).")] = 4,
    d_ff: Annotated[int | None, typer.Option(help="Feed-forward width (default 4·d).")] = None,
    context: Annotated[int, typer.Option(help="Max tokens per document (longer ones are cut).")] = 256,
    steps: Annotated[int, typer.Option(help="Optimizer steps.")] = 200,
    tokens: Annotated[float | None, typer.Option(help="Train on about D tokens (sets --steps).")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per step.")] = 32,
    lr: Annotated[float, typer.Option(help="Peak learning rate (AdamW).")] = 3e-3,
    warmup: Annotated[float, typer.Option(help="Warm-up fraction of the steps.")] = 0.05,
    min_lr_ratio: Annotated[float, typer.Option(help="Final learning rate / peak (cosine decay).")] = 0.1,
    weight_decay: Annotated[float, typer.Option(help="AdamW weight decay on matrices.")] = 0.1,
    examples: Annotated[int, typer.Option(help="Distinct training documents [default 0: steps × batch].")] = 0,
    held_out: Annotated[int, typer.Option(help="Held-out documents for the final loss.")] = 256,
    seed: Annotated[int, typer.Option(help="Seed of the initialisation and the batch order.")] = 0,
    checkpoint_every: Annotated[int, typer.Option(help="Save a resumable checkpoint every K steps (0: off).")] = 100,
    threads: Annotated[int | None, typer.Option(help="torch threads [default: torch's].")] = None,
    quiet: Annotated[bool, typer.Option(help="Print no per-step losses.")] = False,
) -> None:
    """Pretrain a Llama-architecture model from scratch (resumes from OUT/checkpoint after an interruption)."""
    settings = parse_options(task_option, flag="--task-option")
    if settings.get("prompt_format", "completion") != "completion":
        raise ConfigError("pretrained models have no chat template: leave out prompt_format or set it to completion")
    the_task = get_task(task, **(settings | {"prompt_format": "completion"}))
    if tokens is not None:
        steps = steps_for_tokens(the_task, tokens, batch_size=batch_size)
    options = PretrainOptions(
        d_model=d_model, layers=layers, heads=heads, d_ff=d_ff, context=context, steps=steps, batch_size=batch_size,
        learning_rate=lr, warmup=warmup, min_lr_ratio=min_lr_ratio, weight_decay=weight_decay, examples=examples,
        held_out=held_out, seed=seed, checkpoint_every=checkpoint_every, threads=threads,
    )  # fmt: skip
    every = max(1, steps // 20)
    console.print(
        f"pretraining N = {non_embedding_params(options):,} (non-embedding), {steps} steps, on {task} → {out}"
    )
    record = pretrain(
        the_task,
        out,
        options=options,
        on_step=None if quiet else lambda s, total, loss: _print_step(s, total, loss, every=every),
    )
    console.print(
        f"[bold]done[/]: N = {record.params:,} ({record.params_total:,} with the embedding), D = {record.tokens:,} "
        f"tokens, 6·N·D = {record.flops:.3g} FLOPs, {record.seconds:.1f} s wall / {record.cpu_seconds:.1f} s CPU "
        f"({record.tokens_per_second:,.0f} tokens/s); held-out loss {record.held_out_loss:.4f} "
        f"(answer tokens {record.held_out_answer_loss:.4f})",
        highlight=False,
    )
    if record.resumed_from_step:
        console.print(f"resumed from the checkpoint at step {record.resumed_from_step}")
    console.print(
        f"sample it with: tradeoff sample --model {record.model} --task {task} --task-option prompt_format=completion",
        highlight=False,
    )


def _print_step(step: int, steps: int, loss: float, *, every: int) -> None:
    if step % every == 0 or step == steps:
        console.print(f"step {step}/{steps}  loss {loss:.4f}", highlight=False)
