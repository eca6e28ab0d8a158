"""``tradeoff sample``: a pool of N samples per problem for a task × model, stored in a run directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tradeoff.backends import Backend
from tradeoff.cli.common import SamplingProgress, config_mapping, console, layer_flags, mapping
from tradeoff.pools.sample import PoolSpec, SampleReport
from tradeoff.run.ops import sample


def default_pool_name(spec: dict[str, Any]) -> str:
    model = Path(str(spec.get("model", "smollm2-135m"))).name
    temperature = float(spec.get("sampling", {}).get("temperature", 0.0))
    return f"{model}-greedy" if temperature == 0 else f"{model}-t{temperature:g}"


def run_pool(spec: PoolSpec, run: Path, *, backend: Backend | None = None) -> SampleReport:
    """Sample with a progress bar and print what was generated and what was reused."""
    with SamplingProgress(spec.name) as progress:
        report = sample(spec, run, progress=progress, backend=backend)
    console.print(
        f"[bold]{spec.name}[/]: {report.problems} problems × {spec.n} → {report.generated} new samples "
        f"({report.usage.completion_tokens:,} tokens, {report.usage.seconds:.1f} s), {report.stored} already stored"
    )
    return report


def command(
    run: Annotated[Path, typer.Option(help="Run directory (created if missing).")] = Path("runs/default"),
    pool: Annotated[str | None, typer.Option(help="Pool name [default: MODEL-greedy or MODEL-tT].")] = None,
    config: Annotated[Path | None, typer.Option(help="A pool spec YAML; flags given here override it.")] = None,
    task: Annotated[str | None, typer.Option(help="Task name [default: arithmetic].")] = None,
    data_path: Annotated[
        Path | None, typer.Option("--data", help="Task data: a JSONL file or a folder (sets task option path).")
    ] = None,
    task_option: Annotated[list[str] | None, typer.Option(help="Task setting key=value (repeatable).")] = None,
    split: Annotated[str | None, typer.Option(help="train or test [default: test].")] = None,
    limit: Annotated[int | None, typer.Option(help="Use the first LIMIT problems.")] = None,
    backend: Annotated[str | None, typer.Option(help="hf, openai, vllm, llamacpp, mock [default: hf].")] = None,
    model: Annotated[str | None, typer.Option(help="Model alias, folder, GGUF or hub id.")] = None,
    adapter: Annotated[str | None, typer.Option(help="A LoRA adapter folder.")] = None,
    backend_option: Annotated[list[str] | None, typer.Option(help="Backend setting key=value.")] = None,
    n: Annotated[int | None, typer.Option("-n", "--n", help="Samples per problem [default: 1].")] = None,
    temperature: Annotated[float | None, typer.Option(help="0 = greedy [default: 0].")] = None,
    top_p: Annotated[float | None, typer.Option()] = None,
    top_k: Annotated[int | None, typer.Option()] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Max generated tokens [default: 512].")] = None,
    seed: Annotated[int | None, typer.Option()] = None,
    logprobs: Annotated[bool | None, typer.Option("--logprobs/--no-logprobs", help="Store token log-probs.")] = None,
) -> None:
    """Sample a pool (resumes: only missing samples are generated)."""
    data = config_mapping(config, what="pool")
    flags = {
        "task": task,
        "split": split,
        "limit": limit,
        "backend": backend,
        "model": model,
        "adapter": adapter,
        "n": n,
    }
    if data_path is not None:
        data["task_options"] = {**mapping(data, "task_options"), "path": str(data_path)}
    layer_flags(
        data,
        flags,
        [("task_options", task_option, "--task-option"), ("backend_options", backend_option, "--backend-option")],
    )
    sampling = {"temperature": temperature, "top_p": top_p, "top_k": top_k, "max_tokens": max_tokens}
    sampling |= {"seed": seed, "logprobs": logprobs}
    data["sampling"] = {**mapping(data, "sampling"), **{k: v for k, v in sampling.items() if v is not None}}
    data["name"] = pool or data.get("name") or default_pool_name(data)
    run_pool(PoolSpec.parse(data), run)
