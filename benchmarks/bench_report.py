"""How long does ``tradeoff report`` take on the quickstart grid, against an earlier checkout on the same run?

    .venv/bin/python benchmarks/bench_report.py [--baseline-src ../old/src] [--problems 50] [--repeat 3]

Workload: the quickstart grid (``recipes/quickstart.yaml``: greedy, majority@1–8, best-of-2–8 by
self-certainty, six query volumes, a 10 % target) with its two model variants on the deterministic ``mock``
backend instead of SmolLM2 and its LoRA, so the run is built in seconds and the report does exactly the work
it does on the real run: read the ledger, estimate every curve with its bootstrap, price, decide at every
volume, draw the figures and write HTML, Markdown and JSON.

Baseline (stated): the same command from another source tree (``--baseline-src``, e.g. a checkout of the
commit before the flow redesign), run on the same run directory in the same process of this script, one
after the other, each ``--repeat`` times; the table gives the median wall seconds of each and their ratio.
Without ``--baseline-src`` only this tree is timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]


def quickstart_on_mock(run: Path, problems: int) -> Path:
    spec = yaml.safe_load((ROOT / "recipes" / "quickstart.yaml").read_text())
    spec["run_dir"] = str(run)
    spec["tasks"][0]["limit"] = problems
    spec["models"] = [
        {"name": "base", "backend": "mock", "model": "mock-base", "options": {"accuracy": 0.12}},
        {"name": "lora-500", "backend": "mock", "model": "mock-lora", "options": {"accuracy": 0.28}},
    ]
    spec["training"] = []
    path = run.parent / "quickstart-mock.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def timed_report(src: Path, run: Path, repeat: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    cmd = [sys.executable, "-m", "tradeoff", "report", str(run), "--queries", "1e6", "--verifier", "self_certainty"]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, help="src/ folder of the tree to compare against")
    parser.add_argument("--problems", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        spec = quickstart_on_mock(run, args.problems)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([sys.executable, "-m", "tradeoff", "run", str(spec)], env=env, check=True, capture_output=True)
        rows = [("this tree", ROOT / "src")]
        if args.baseline_src:
            rows.insert(0, ("baseline", args.baseline_src.resolve()))
        times = {label: timed_report(src, run, args.repeat) for label, src in rows}
    table = Table(title=f"tradeoff report, quickstart grid on the mock backend ({args.problems} problems)")
    for column in ("tree", "median s", "runs (s)", "speed-up vs baseline"):
        table.add_column(column, justify="right" if column != "tree" else "left")
    base = statistics.median(times["baseline"]) if "baseline" in times else None
    for label, values in times.items():
        median = statistics.median(values)
        ratio = "" if base is None else f"{base / median:.2f}×"
        table.add_row(label, f"{median:.2f}", ", ".join(f"{v:.2f}" for v in values), ratio)
    Console().print(table)


if __name__ == "__main__":
    main()
