"""``tradeoff demo``: the embedded default end to end — base SmolLM2-135M on generated arithmetic.

A greedy pass and a sampled pool (with token log-probabilities) on the same problems, scored, summarised
with 95 % CIs and format diagnostics; then accuracy-vs-budget curves from the one pool (pass@k,
majority@k, best-of-k and weighted voting by self-certainty, every k ≤ N), printed and written under the
run directory (summary.md, summary.json, curves.json, curves.png). Re-running it generates nothing new.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeoff.backends import get_backend
from tradeoff.cli.common import console
from tradeoff.cli.sample import run_pool
from tradeoff.errors import MissingDependencyError
from tradeoff.pools.sample import PoolSpec
from tradeoff.reports import summary_markdown, summary_table
from tradeoff.reports.curves import curves_table, plot_curves
from tradeoff.run.ops import curves, summaries, write_curves, write_summaries


def command(
    run: Annotated[Path, typer.Option(help="Run directory.")] = Path("runs/demo"),
    limit: Annotated[int, typer.Option(help="Arithmetic test problems.")] = 50,
    n: Annotated[int, typer.Option("-n", "--n", help="Samples per problem in the sampled pool.")] = 8,
    temperature: Annotated[float, typer.Option(help="Temperature of the sampled pool.")] = 0.7,
    max_tokens: Annotated[int, typer.Option(help="Max generated tokens per sample.")] = 256,
    backend_name: Annotated[str, typer.Option("--backend", help="Backend.")] = "hf",
    model: Annotated[str, typer.Option(help="Model.")] = "smollm2-135m",
    seed: Annotated[int, typer.Option(help="Seed of the task and of sampling.")] = 0,
) -> None:
    """Run the embedded default: greedy vs sampling on generated arithmetic with the packaged SmolLM2."""
    common = {
        "task": "arithmetic",
        "task_options": {"seed": seed},
        "limit": limit,
        "backend": backend_name,
        "model": model,
    }
    specs = [
        PoolSpec.parse({**common, "name": "greedy", "sampling": {"max_tokens": max_tokens}}),
        PoolSpec.parse(
            {
                **common,
                "name": "sampled",
                "n": n,
                "sampling": {"temperature": temperature, "max_tokens": max_tokens, "seed": seed, "logprobs": True},
            }
        ),
    ]
    backend = get_backend(backend_name, model)  # both pools share one loaded model
    try:
        for spec in specs:
            run_pool(spec, run, backend=backend)
    finally:
        backend.close()
    items = summaries(run, seed=seed)
    title = f"tradeoff demo: {model} on arithmetic ({limit} test problems)"
    console.print(summary_table(items, title=title))
    for path in write_summaries(run, items, summary_markdown(items, title=title)):
        console.print(f"wrote {path}")
    budget = curves(run, pools=["sampled"], verifier="self_certainty", seed=seed)
    console.print(curves_table(budget))
    console.print(f"wrote {write_curves(run, budget)}")
    try:
        console.print(f"wrote {plot_curves(budget, run / 'curves.png')}")
    except MissingDependencyError as exc:
        console.print(f"no plot: {exc}")
