"""``tradeoff synth``: a teacher solves train problems; correct answers become training data (resumable)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.cli.common import SamplingProgress, console, parse_options
from tradeoff.pools.sample import PoolSpec
from tradeoff.synth import synthesize


def command(
    run: Annotated[Path, typer.Option(help="Run directory for the teacher's samples (created if missing).")],
    teacher_model: Annotated[str, typer.Option(help="Teacher model (API name, alias, folder, GGUF, hub id).")],
    teacher_backend: Annotated[str, typer.Option(help="openai, hf, vllm, llamacpp, mock.")] = "openai",
    teacher_option: Annotated[list[str] | None, typer.Option(help="Teacher backend setting key=value.")] = None,
    teacher_adapter: Annotated[str | None, typer.Option(help="A LoRA adapter for the teacher.")] = None,
    pool: Annotated[str | None, typer.Option(help="Pool name (default: synth-MODEL).")] = None,
    task: Annotated[str, typer.Option(help="Task whose train split the teacher solves.")] = "arithmetic",
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value (repeatable).")] = None,
    examples: Annotated[int | None, typer.Option(help="Solve the first N train problems (default: all).")] = None,
    n: Annotated[int, typer.Option("-n", "--n", help="Attempts per problem.")] = 1,
    temperature: Annotated[float | None, typer.Option(help="Default: 0 with -n 1, else 0.7.")] = None,
    max_tokens: Annotated[int, typer.Option(help="Max generated tokens per attempt.")] = 512,
    seed: Annotated[int, typer.Option()] = 0,
    prices: Annotated[list[Path] | None, typer.Option(help="Price YAML merged over the built-in table.")] = None,
) -> None:
    """Generate synthetic training data with a teacher; rejected on the gold answer; a re-run continues."""
    spec = PoolSpec.parse(
        {
            "name": pool or f"synth-{Path(teacher_model).name}",
            "task": task,
            "task_options": parse_options(task_option, flag="--task-option"),
            "split": "train",
            "limit": examples,
            "backend": teacher_backend,
            "model": teacher_model,
            "adapter": teacher_adapter,
            "backend_options": parse_options(teacher_option, flag="--teacher-option"),
            "n": n,
            "sampling": {
                "temperature": temperature if temperature is not None else (0.0 if n == 1 else 0.7),
                "max_tokens": max_tokens,
                "seed": seed,
            },
        }
    )
    with SamplingProgress(f"teacher {spec.model}") as progress:
        report = synthesize(spec, run, progress=progress, prices=prices or ())
    done, tokens, cost = report.attempts, report.attempts.usage, report.cost
    console.print(
        f"[bold]{spec.name}[/]: {report.sampled.generated} new samples, {report.sampled.stored} already stored; "
        f"accepted {done.accepted}/{done.attempted} ({done.acceptance_rate:.1%}), "
        f"{done.solved}/{done.problems} problems solved; teacher tokens {tokens.prompt_tokens:,} prompt "
        f"({tokens.prefill_tokens:,} prefill) + {tokens.completion_tokens:,} completion; "
        f"cost ${cost.usd:.4f} + {cost.seconds:.1f} s ({cost.source})",
        highlight=False,
    )
    console.print(f"train on it with: tradeoff train --data-run {run} --data-pool {spec.name} --out OUT")
