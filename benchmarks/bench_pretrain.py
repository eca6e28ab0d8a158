"""How fast do small models train from scratch and sample on this CPU? The sizing behind recipes/drafts/t2-laptop.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_pretrain.py [--steps 20 --repeats 2]

For each candidate shape: ``tradeoff.pretrain.pretrain`` for ``--steps`` steps of 32 arithmetic documents
(training tokens per second, wall and process CPU, from its ``training.json``), then the ``hf`` backend samples
the trained folder (8 test problems × 16 samples at temperature 1, up to 48 tokens, 64 rows per call;
generated tokens per second). Shapes run in turn, ``--repeats`` rounds, so drifting background load hits
them alike; each throughput is a median, and every row is also given as a ratio to the smallest shape measured
in the same run, which survives contention better than absolute numbers. The load average is printed at the
start and the end: on a shared machine, take the absolute numbers as lower bounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tradeoff.backends.hf import HFBackend
from tradeoff.pretrain import PretrainOptions, non_embedding_params, pretrain
from tradeoff.tasks import get_task
from tradeoff.types import GenerationRequest, SamplingParams

SHAPES = ((32, 2, 4), (64, 4, 4), (128, 4, 4))  # (d_model, layers, heads)
TASK = {"operands": 3, "digits": 2}


def train_rate(shape: tuple[int, int, int], steps: int, out: Path) -> tuple[float, float, Path]:
    d, layers, heads = shape
    options = PretrainOptions(d_model=d, layers=layers, heads=heads, steps=steps, batch_size=32, held_out=32)
    record = pretrain(get_task("arithmetic", prompt_format="completion", **TASK), out, options=options)
    return record.tokens / record.seconds, record.tokens / record.cpu_seconds, out / "model"


def sample_rate(folder: Path) -> float:
    task = get_task("arithmetic", prompt_format="completion", **TASK)
    params = SamplingParams(temperature=1.0, max_tokens=48, seed=0)
    requests = [
        GenerationRequest(messages=task.messages(p), params=params, sample_indices=tuple(range(16)))
        for p in task.problems("test", limit=8)
    ]
    backend = HFBackend(str(folder), device="cpu", batch_size=64)
    backend.generate(requests[:1])  # load the model outside the timing
    started = time.perf_counter()
    generated = sum(g.completion_tokens for gens in backend.generate(requests) for g in gens)
    return generated / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    console = Console()
    console.print(f"load average at start: {os.getloadavg()}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    rates: dict[tuple[int, int, int], list[tuple[float, float, float]]] = {s: [] for s in SHAPES}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.repeats):
            for shape in SHAPES:
                wall, cpu, folder = train_rate(shape, args.steps, Path(tmp) / f"{shape}-{round_}")
                rates[shape].append((wall, cpu, sample_rate(folder)))
    table = Table(title=f"training ({args.steps} steps × 32 documents) and sampling throughput, medians")
    for column in ("d, L, heads", "N (non-emb.)", "train tok/s wall", "train tok/s CPU", "sample tok/s", "vs first"):
        table.add_column(column, justify="right")
    base = [statistics.median(v[i] for v in rates[SHAPES[0]]) for i in range(3)]
    for shape, values in rates.items():
        med = [statistics.median(v[i] for v in values) for i in range(3)]
        n = non_embedding_params(PretrainOptions(d_model=shape[0], layers=shape[1], heads=shape[2]))
        ratio = f"train {med[0] / base[0]:.2f}, sample {med[2] / base[2]:.2f}"
        table.add_row(str(shape), f"{n:,}", f"{med[0]:,.0f}", f"{med[1]:,.0f}", f"{med[2]:,.0f}", ratio)
    console.print(table)
    console.print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
