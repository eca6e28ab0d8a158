"""How many fewer tokens does one pool cost than its_hub re-generating every budget, at the same accuracy?

    .venv/bin/python benchmarks/bench_vs_its_hub.py [--problems 10 --max-tokens 96 --temperature 0.7]
    .venv/bin/python benchmarks/bench_vs_its_hub.py --backend mock      # the plumbing, in seconds

One local OpenAI-compatible server (``tradeoff.serve.server.ChatServer`` on 127.0.0.1, in this process) over one
backend (SmolLM2-135M-Instruct through the ``hf`` backend by default) answers both sides, and counts on the
server side what each side made it do (calls, prompt tokens as billed — once per call —, prompt tokens
computed, generated tokens), so both are measured the same way. Problems: the first P of tradeoff's
generated two-number arithmetic (test split). Strategies: self-consistency (vote on the final answer) and
best-of-N by self-certainty (the mean token log-probability of the sample; Kang et al. 2025), budgets
1, 2, 4, 8, 16.

- its_hub (https://github.com/Red-Hat-AI-Innovation-Team/its_hub): its own ``OpenAICompatibleLanguageModel``
  pointed at the server; ``SelfConsistency`` with the task's final-answer projection and ``BestOfN`` with
  tradeoff's self-certainty verifier as its outcome reward model (``tradeoff.interop``), each run at
  every budget: N separate requests per problem, re-generated for every budget. The server computes
  token log-probabilities for every request (its_hub cannot ask for them) and the reward model reads
  them from the server's record.
- tradeoff: one pool of 16 samples per problem through tradeoff's ``openai`` backend (``n=16`` in one
  call), then majority@k and best-of-k (self-certainty) for every k from that pool with exact
  estimators and 95 % bootstrap intervals (``rundir.sample`` then ``rundir.curves``).

Expected generated-token ratio: its_hub spends 1+2+4+8+16 = 31 samples per problem per strategy, twice
(two strategies); tradeoff 16 once: 62/16 = 3.875 (target ≥ 3.8), up to the lengths of the samples drawn.
Accuracy intervals: Wilson for its_hub's per-problem outcomes; tradeoff's from its curves. The hf model
is loaded and warmed before either side is timed; its_hub runs first. On a shared 2-core CPU the wall
times are noisy; the load average is printed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from its_hub import BestOfN, SelfConsistency
from its_hub.core.lms.openai_lm import OpenAICompatibleLanguageModel
from rich.console import Console
from rich.table import Table

from tradeoff import rundir
from tradeoff.backends import Backend, get_backend
from tradeoff.interop.its_hub import answer_projection, infer_all
from tradeoff.interop.its_hub_rewards import VerifierRewardModel, prompt_index
from tradeoff.pools.sample import PoolSpec
from tradeoff.serve.server import ChatServer, ServeOptions, ServerTally
from tradeoff.stats import Estimate, wilson
from tradeoff.strategies import Strategy
from tradeoff.tasks import get_task
from tradeoff.types import Generation, GenerationRequest, Message, SamplingParams
from tradeoff.verifiers.self_certainty import SelfCertaintyVerifier

BUDGETS = (1, 2, 4, 8, 16)
STRATEGIES: tuple[tuple[str, Strategy], ...] = (("self-consistency", "majority"), ("best-of-N", "best_of"))


@dataclass(frozen=True, slots=True)
class Cell:
    """One side's figure for one strategy and budget: accuracy, what the server did for it, and the
    samples in each backend call it caused (how well the server batched its requests)."""

    accuracy: Estimate
    spent: ServerTally
    seconds: float
    engine_calls: tuple[int, ...]


def its_hub_side(
    server: ChatServer, args: argparse.Namespace, records: dict[str, Generation], console: Console
) -> dict[tuple[str, int], Cell]:
    task = get_task("arithmetic")
    problems = task.problems("test", limit=args.problems)
    lm = OpenAICompatibleLanguageModel(
        endpoint=server.url, api_key="EMPTY", model_name=args.model,
        temperature=args.temperature, max_completion_tokens=args.max_tokens,
    )  # fmt: skip
    orm = VerifierRewardModel(SelfCertaintyVerifier(), prompt_index(task, problems), generations=records.get)
    algorithms = {"self-consistency": SelfConsistency(answer_projection(task)), "best-of-N": BestOfN(orm)}
    cells = {}
    for name, algorithm in algorithms.items():
        for budget in BUDGETS:
            before, calls, start = server.tally(), len(server.engine_calls), time.perf_counter()
            answers = infer_all(algorithm, lm, problems, budget, task=task, seed=args.seed, concurrency=args.problems)
            seconds = time.perf_counter() - start
            accuracy = wilson(sum(a.correct for a in answers), len(answers))
            cells[(name, budget)] = Cell(accuracy, server.tally() - before, seconds, tuple(server.engine_calls[calls:]))
            console.print(f"  its_hub {name} at budget {budget}: {seconds:.1f} s")
    return cells


def tradeoff_side(server: ChatServer, args: argparse.Namespace) -> tuple[dict[tuple[str, int], Estimate], Cell]:
    spec = PoolSpec(
        name="pool16", task="arithmetic", limit=args.problems, backend="openai", model=args.model,
        backend_options={"base_url": server.url, "concurrency": 8}, n=max(BUDGETS),
        sampling=SamplingParams.model_validate(
            {"temperature": args.temperature, "max_tokens": args.max_tokens, "seed": args.seed, "logprobs": True}
        ),
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as run:
        before, calls, start = server.tally(), len(server.engine_calls), time.perf_counter()
        rundir.sample(spec, Path(run))
        batches = tuple(server.engine_calls[calls:])
        curves = rundir.curves(
            Path(run), ks=BUDGETS, strategies=("majority", "best_of"), verifier="self_certainty", seed=args.seed
        )
        seconds = time.perf_counter() - start
    points = {(p.strategy, p.k): p.estimate for c in curves for p in c.points}
    estimates = {(name, k): points[(strategy, k)] for name, strategy in STRATEGIES for k in BUDGETS}
    return estimates, Cell(points[("majority", max(BUDGETS))], server.tally() - before, seconds, batches)


def warm_up(backend: Backend) -> None:
    """One short untimed call, so loading the model is charged to neither side."""
    params = SamplingParams(temperature=0.7, max_tokens=4)
    request = GenerationRequest(messages=(Message("user", "What is 1 + 1?"),), params=params, sample_indices=(0, 1))
    backend.generate([request])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="hf", help="hf (default) or mock")
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--problems", type=int, default=10)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    console = Console(width=140)
    console.print(f"[bold]bench_vs_its_hub[/] {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M UTC}, {machine()}")
    backend = get_backend(args.backend, args.model)
    warm_up(backend)
    records: dict[str, Generation] = {}
    options = ServeOptions(model_name=args.model, seed=args.seed, max_tokens=args.max_tokens, logprobs_always=True)
    server = ChatServer(
        backend, options, on_generation=lambda messages, generation: records.__setitem__(generation.text, generation)
    )
    with server:
        console.print(
            f"server {server.url} over {backend.identity}; {args.problems} problems, max {args.max_tokens} tokens"
        )
        ours = its_hub_side(server, args, records, console)
        estimates, pool = tradeoff_side(server, args)
    backend.close()
    report(console, args, ours, estimates, pool)
    console.print(f"{machine()} at the end")


def report(
    console: Console,
    args: argparse.Namespace,
    its: dict[tuple[str, int], Cell],
    estimates: dict[tuple[str, int], Estimate],
    pool: Cell,
) -> None:
    table = Table(title=f"accuracy, {args.problems} problems (95 % intervals); its_hub's cost per run")
    for column in (
        "strategy",
        "budget",
        "its_hub",
        "tradeoff (one pool)",
        "overlap",
        "its_hub gen tok",
        "its_hub prompt tok",
        "its_hub s",
    ):
        table.add_column(
            column, justify="left" if column in ("strategy", "its_hub", "tradeoff (one pool)") else "right"
        )
    for name, _ in STRATEGIES:
        for k in BUDGETS:
            a, b = its[(name, k)], estimates[(name, k)]
            overlap = "yes" if a.accuracy.low <= b.high and b.low <= a.accuracy.high else "NO"
            table.add_row(name, str(k), a.accuracy.format(), b.format(), overlap,
                          str(a.spent.completion_tokens), str(a.spent.prompt_tokens), f"{a.seconds:.1f}")  # fmt: skip
    console.print(table)
    total = sum((cell.spent for cell in its.values()), ServerTally())
    batches = [size for cell in its.values() for size in cell.engine_calls]
    its_seconds = sum(c.seconds for c in its.values())
    totals = Table(title="everything the server did: its_hub (2 strategies × 5 budgets) vs tradeoff (one pool of 16)")
    for column in ("measure", "its_hub", "tradeoff", "its_hub / tradeoff"):
        totals.add_column(column, justify="left" if column == "measure" else "right")
    rows = [
        ("generated tokens (target ratio ≥ 3.8)", total.completion_tokens, pool.spent.completion_tokens),
        ("prompt tokens, as billed (once per call)", total.prompt_tokens, pool.spent.prompt_tokens),
        ("prompt tokens computed by the engine", total.prefill_tokens, pool.spent.prefill_tokens),
        ("HTTP calls", total.calls, pool.spent.calls),
        ("samples", total.samples, pool.spent.samples),
        ("backend calls (the server batches concurrent requests)", len(batches), len(pool.engine_calls)),
    ]
    for measure, x, y in rows:
        totals.add_row(measure, str(x), str(y), f"{x / y:.2f}" if y else "-")
    totals.add_row("wall seconds (tradeoff: sampling + curves)", f"{its_seconds:.1f}", f"{pool.seconds:.1f}",
                   f"{its_seconds / pool.seconds:.2f}")  # fmt: skip
    console.print(totals)
    console.print(
        f"samples per backend call: its_hub median {statistics.median(batches):g}, tradeoff median "
        f"{statistics.median(pool.engine_calls):g} (at most the backend's batch size)"
    )


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, load average {load:.2f})"


if __name__ == "__main__":
    main()
