"""How well do budgets beyond the pool predict what sampling more would have measured?

    .venv/bin/python benchmarks/bench_beyond.py RUN [--pool NAME] [--n 8] [--k 16,32] [--seed 0]

Workload: every pool of RUN (or ``--pool``) that holds at least 32 scored samples per problem. The pool
of N = 32 is the reference: pass@k (unbiased, Chen et al. 2021) and majority@k (exact) at k = 16 and 32,
*measured*. It is cut into disjoint blocks of ``--n`` = 8 samples per problem (samples 0-7, 8-15, …);
from each block alone, pass@k (:func:`tradeoff.strategies.beyond.predict_pass_at_k`) and majority@k
(:func:`tradeoff.strategies.beyond_majority.predict_majority_at_k`) are *predicted* at the same k, with
95 % intervals. The table prints, per pool, strategy, k and block: measured, predicted [interval],
error (predicted − measured) and whether the interval covers the measured figure; the summary gives the
mean error, the mean |error| and the coverage over all rows.

Coverage is judged at the printed precision (±0.05 points). Read it with care: the blocks are part of the
N = 32 reference (not independent of it) and the measured figure has its own sampling noise. No timing is
taken.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from tradeoff.run.ops import open_ledger, stored_spec
from tradeoff.strategies import PoolArrays, majority_at_k, pool_arrays
from tradeoff.strategies.beyond import predict_pass_at_k
from tradeoff.strategies.beyond_majority import predict_majority_at_k
from tradeoff.strategies.pass_at_k import unbiased_pass_at_k

REFERENCE = 32


def block(arrays: PoolArrays, start: int, size: int) -> PoolArrays:
    """Samples ``start .. start + size − 1`` of every problem, as a pool of their own."""
    cut = slice(start, start + size)
    answers = arrays.answers[:, cut]
    return PoolArrays(
        problem_ids=arrays.problem_ids,
        answers=answers,
        class_correct=arrays.class_correct,
        tokens=arrays.tokens[:, cut],
    )


def measured(arrays: PoolArrays, ks: list[int]) -> dict[tuple[str, int], float]:
    """pass@k (unbiased) and majority@k (exact) of the whole pool, keyed by (strategy, k)."""
    passed = unbiased_pass_at_k(arrays.correct.sum(axis=1), samples=arrays.samples, ks=ks).mean(axis=0)
    voted = majority_at_k(arrays, ks=ks, method="exact").values.mean(axis=0)
    return {
        **{("pass", k): float(v) for k, v in zip(ks, passed, strict=True)},
        **{("majority", k): float(v) for k, v in zip(ks, voted, strict=True)},
    }


Row = tuple[str, str, int, float, float, float, float, float]


def rows(pool: str, arrays: PoolArrays, *, n: int, ks: list[int], seed: int) -> list[Row]:
    """One row per block of ``n`` samples and predicted figure."""
    truth = measured(arrays, ks)
    out: list[Row] = []
    for b, start in enumerate(range(0, REFERENCE - n + 1, n)):
        part = block(arrays, start, n)
        rng = np.random.default_rng(seed + b)
        predicted = [
            *predict_pass_at_k(part.correct, ks=ks, rng=rng),
            *predict_majority_at_k(part, ks=ks, rng=rng),
        ]
        for figure in predicted:
            real = truth[(figure.strategy, figure.k)]
            est = figure.estimate
            out.append((pool, figure.label, b, real, est.value, est.low, est.high, est.value - real))
    return out


def covers(low: float, high: float, value: float) -> bool:
    """Whether [low, high] holds ``value`` at the printed precision (0.05 points: 100.0 covers 99.9999...)."""
    return low - 5e-4 <= value <= high + 5e-4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--pool", default=None)
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--k", default="16,32")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    ks = [int(k) for k in args.k.split(",")]
    ledger = open_ledger(args.run)
    table = Table(title=f"predicted from N = {args.n} vs measured on N = {REFERENCE} ({args.run})")
    for column in ("pool", "figure", "block", "measured", "predicted [95 %]", "error", "covered"):
        table.add_column(column, justify="left" if column in ("pool", "figure") else "right")
    results: list[Row] = []
    for pool in [args.pool] if args.pool else ledger.pools():
        spec = stored_spec(ledger, pool)
        arrays = pool_arrays(ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n), pool=pool)
        if arrays.samples < REFERENCE:
            continue
        results += rows(pool, block(arrays, 0, REFERENCE), n=args.n, ks=ks, seed=args.seed)
    for pool, name, b, real, value, low, high, error in results:
        hit = "yes" if covers(low, high, real) else "no"
        interval = f"{100 * value:.1f} [{100 * low:.1f}, {100 * high:.1f}]"
        table.add_row(pool, name, str(b), f"{100 * real:.1f}", interval, f"{100 * error:+.1f}", hit)
    console = Console()
    console.print(table)
    if not results:
        console.print(f"no pool in {args.run} holds {REFERENCE} scored samples per problem")
        return
    for name in dict.fromkeys(r[1] for r in results):
        mine = [r for r in results if r[1] == name]
        err = np.array([r[-1] for r in mine])
        hits = np.mean([covers(r[5], r[6], r[3]) for r in mine])
        console.print(f"{name}: mean error {100 * err.mean():+.2f} points, coverage {100 * hits:.0f} % of {len(mine)}")
    errors = np.array([r[-1] for r in results])
    covered = np.mean([covers(r[5], r[6], r[3]) for r in results])
    console.print(
        f"{len(results)} predictions: mean error {100 * errors.mean():+.2f} points, "
        f"mean |error| {100 * np.abs(errors).mean():.2f} points, coverage {100 * covered:.0f} %"
    )


if __name__ == "__main__":
    main()
