"""``tradeoff train``: LoRA fine-tuning → ``OUT/adapter`` + ``OUT/training.json`` (+ a merged model on request).

Data: a task's train split (worked solutions), or with ``--data-run/--data-pool`` the accepted samples of a
stored pool (a teacher's from ``tradeoff synth``: synthetic; the student's own: self-distillation).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli.common import console, parse_options
from tradeoff.errors import ConfigError
from tradeoff.tasks import get_task
from tradeoff.train import LoraOptions, train_lora, training_data
from tradeoff.train.data import split_provenance
from tradeoff.train.export import export_merged as export
from tradeoff.train.from_pool import DataKind, PoolExamples, pool_training_data
from tradeoff.train.options import LLAMA_LINEAR
from tradeoff.train.training_hub import Algorithm, train_with_training_hub


class Trainer(StrEnum):
    builtin = "builtin"
    training_hub_lora = "training-hub-lora"
    training_hub_sft = "training-hub-sft"


class DataKindOption(StrEnum):
    synthetic = "synthetic"
    self_distillation = "self-distillation"


def command(
    out: Annotated[Path, typer.Option(help="Output folder: adapter/ and training.json go here.")],
    task: Annotated[str, typer.Option(help="Task whose train split is the data.")] = "arithmetic",
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value (repeatable).")] = None,
    model: Annotated[str, typer.Option(help="Base model alias, folder, GGUF or hub id.")] = "smollm2-135m",
    examples: Annotated[int | None, typer.Option(help="Use the first N train problems [default: all].")] = None,
    eval_limit: Annotated[int | None, typer.Option(help="Check overlap with the first N test problems.")] = None,
    force: Annotated[bool, typer.Option(help="Train even on problems that also appear in the test split.")] = False,
    steps: Annotated[int, typer.Option(help="Optimizer steps (ignored with --epochs).")] = 30,
    epochs: Annotated[float | None, typer.Option(help="Passes over the data (overrides --steps).")] = None,
    batch_size: Annotated[int, typer.Option(help="Examples per step.")] = 16,
    max_length: Annotated[int, typer.Option(help="Max tokens per example (prompt + target).")] = 256,
    rank: Annotated[int, typer.Option(help="LoRA rank r.")] = 8,
    alpha: Annotated[float, typer.Option(help="LoRA scale α (ΔW = α/r · BA).")] = 16.0,
    dropout: Annotated[float, typer.Option(help="LoRA dropout.")] = 0.05,
    target_modules: Annotated[str, typer.Option(help="Comma-separated module names.")] = ",".join(LLAMA_LINEAR),
    lr: Annotated[float, typer.Option(help="Peak learning rate (AdamW).")] = 1e-3,
    seed: Annotated[int, typer.Option(help="Seed for adapter init, batch order and dropout.")] = 0,
    device: Annotated[str, typer.Option(help="auto, cpu, cuda, cuda:1, …")] = "auto",
    checkpoint_every: Annotated[int, typer.Option(help="Save a resumable checkpoint every K steps (0: off).")] = 10,
    data_run: Annotated[Path | None, typer.Option(help="Train on accepted samples of a pool in this run.")] = None,
    data_pool: Annotated[str | None, typer.Option(help="The pool of --data-run (teacher's or student's).")] = None,
    data_kind: Annotated[
        DataKindOption | None, typer.Option(help="Record the pool as (default: self-distillation if same model).")
    ] = None,
    per_problem: Annotated[int, typer.Option(help="Keep at most K accepted samples per problem.")] = 1,
    prices: Annotated[list[Path] | None, typer.Option(help="Price YAML for an API teacher's tokens.")] = None,
    export_merged: Annotated[Path | None, typer.Option(help="Also save base+adapter merged into this folder.")] = None,
    trainer: Annotated[
        Trainer, typer.Option(help="builtin (PEFT; CPU or GPU) or training_hub (CUDA only).")
    ] = Trainer.builtin,
) -> None:
    """Fine-tune a LoRA adapter (resumes from OUT/checkpoint after an interruption)."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file; give a folder for the adapter and training.json")
    if (data_run is None) != (data_pool is None):
        raise ConfigError("--data-run and --data-pool go together: the run directory and the pool to train on")
    if data_run is not None and data_pool is not None:
        kind: DataKind | None = None if data_kind is None else data_kind.value
        from_pool = pool_training_data(
            data_run,
            data_pool,
            student=model,
            kind=kind,
            select=PoolExamples(per_problem=per_problem, examples=examples, eval_limit=eval_limit, force=force),
            prices=prices or (),
        )
        data, spec, what = from_pool.data, from_pool.record, f"{from_pool.record['source']} examples of {data_pool}"
    else:
        the_task = get_task(task, **parse_options(task_option, flag="--task-option"))
        data = training_data(the_task, examples=examples, eval_limit=eval_limit, force=force)
        spec = split_provenance(the_task, data, forced=force)
        what = f"{task} examples"
    lora = LoraOptions.checked(
        rank=rank,
        alpha=alpha,
        dropout=dropout,
        target_modules=tuple(m.strip() for m in target_modules.split(",") if m.strip()),
        learning_rate=lr,
        steps=steps,
        epochs=epochs,
        batch_size=batch_size,
        max_length=max_length,
        seed=seed,
        device=device,
        checkpoint_every=checkpoint_every,
    )
    out.mkdir(parents=True, exist_ok=True)
    if trainer is not Trainer.builtin:
        algorithm: Algorithm = "lora_sft" if trainer is Trainer.training_hub_lora else "sft"
        hub = train_with_training_hub(data, out, model=model, options=lora, spec=spec, algorithm=algorithm)
        console.print(f"[bold]done[/] (training_hub {algorithm}) in {hub['seconds']:.1f} s → {out}")
        return
    console.print(f"training {model} + LoRA r={rank} on {len(data.examples)} {what} → {out}")
    record = train_lora(data, out, model=model, options=lora, spec=spec, on_step=_print_step)
    console.print_json(json.dumps({k: v for k, v in asdict(record).items() if k != "losses"}))
    console.print(
        f"[bold]done[/]: {record.steps} steps, {record.real_tokens:,} tokens in {record.seconds:.1f} s "
        f"({record.tokens_per_second:.0f} tokens/s), loss {record.losses[0]:.3f} → {record.losses[-1]:.3f}; "
        f"use it with: tradeoff sample --adapter {record.adapter}"
    )
    if record.resumed_from_step:
        console.print(f"resumed from the checkpoint at step {record.resumed_from_step}")
    if export_merged is not None:
        export(Path(record.adapter), export_merged, model=model)
        console.print(f"merged model saved to {export_merged}; use it with: tradeoff sample --model {export_merged}")


def _print_step(step: int, steps: int, loss: float) -> None:
    console.print(f"step {step}/{steps}  loss {loss:.4f}", highlight=False)
