"""GPU check: the ``hf`` backend's sampling and a LoRA training run on CUDA, with a model made here.

    make gpu-check          # = .venv/bin/python benchmarks/gpu_check.py
    python benchmarks/gpu_check.py --device cpu --quick     # the same checks on a CPU, to test this script

Needs PyTorch with CUDA and transformers, peft and tokenizers (the ``hf`` extra); no network and no model hub.
The model is built here: a byte-level BPE tokenizer (vocabulary 512) trained on generated arithmetic, a
ChatML chat template, and a randomly initialised 6-layer Llama (d_model 384, ~40 MB in fp32), saved to a
temporary folder that the ``hf`` backend and the LoRA trainer load like any local model. Random weights
generate noise, which is all these checks need: that sampling runs on the GPU with the right usage counts
and reproducible per-sample seeds, and that a LoRA run trains (the loss falls on a repeated batch).

Prints a table: sampling tokens/s, training tokens/s, peak GPU memory. Exits 2 with one line where CUDA is
not available. Target: well under 8 minutes on an H100/H200-class GPU.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def corpus(count: int) -> list[str]:
    return [f"What is {i % 97} + {i % 89}? The answer is {i % 97 + i % 89}." for i in range(count)]


def build_model(folder: Path, torch: Any) -> int:
    """Tokenizer + random Llama into ``folder``; returns the parameter count."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator([*corpus(2000), "system user assistant"], vocab_size=512, special_tokens=specials)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    tokenizer.chat_template = TEMPLATE
    tokenizer.save_pretrained(str(folder))
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=384,
        intermediate_size=1024,
        num_hidden_layers=6,
        num_attention_heads=6,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        tie_word_embeddings=True,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    model.save_pretrained(str(folder))
    return sum(p.numel() for p in model.parameters())


def check_sampling(folder: Path, device: str, args: argparse.Namespace) -> dict[str, float]:
    from tradeoff.backends.hf import HFBackend
    from tradeoff.types import GenerationRequest, Message, SamplingParams

    backend = HFBackend(str(folder), device=device)
    params = SamplingParams(temperature=1.0, max_tokens=args.max_tokens, seed=0)
    work = [
        GenerationRequest(messages=(Message("user", q),), params=params, sample_indices=tuple(range(args.n)))
        for q in corpus(args.problems)
    ]
    backend.generate(work[:1])  # warm-up: loading, CUDA context, kernels
    start = time.perf_counter()
    pools = [pool for chunk in range(0, len(work), 8) for pool in backend.generate(work[chunk : chunk + 8])]
    seconds = time.perf_counter() - start
    tokens = sum(g.completion_tokens for pool in pools for g in pool)
    first = pools[0]
    assert all(len(pool) == args.n for pool in pools), "a pool came back short"
    assert first[0].prefill_tokens == first[0].prompt_tokens and all(g.prefill_tokens <= 1 for g in first[1:])
    last = args.n - 1
    [[again]] = backend.generate([GenerationRequest(messages=work[0].messages, params=params, sample_indices=(last,))])
    assert again.text == first[last].text, f"sample {last} is not the same draw when asked for alone"
    backend.close()
    return {"samples": sum(len(p) for p in pools), "tokens": tokens, "seconds": seconds}


def check_training(folder: Path, device: str, args: argparse.Namespace) -> dict[str, float]:
    from tradeoff.train.data import Example, TrainingData
    from tradeoff.train.lora import train_lora
    from tradeoff.train.options import LoraOptions
    from tradeoff.types import Message

    examples = tuple(
        Example(id=str(i), messages=(Message("user", q.split("?")[0] + "?"),), target=q.split("? ")[1])
        for i, q in enumerate(corpus(args.train_examples))
    )
    options = LoraOptions(rank=8, steps=args.steps, batch_size=16, learning_rate=3e-3, max_length=64, device=device)
    with tempfile.TemporaryDirectory() as out:
        record = train_lora(
            TrainingData(examples), Path(out), model=str(folder), options=options, spec={"gpu_check": 1}
        )
    assert record.device.startswith(device), f"trained on {record.device}, not {device}"
    assert record.losses[-1] < record.losses[0], (
        f"the loss did not fall: {record.losses[0]:.3f} → {record.losses[-1]:.3f}"
    )
    return {"tokens_per_second": record.tokens_per_second, "loss0": record.losses[0], "loss1": record.losses[-1]}


def main(args: argparse.Namespace) -> int:
    try:
        import torch
    except ImportError:
        print("gpu-check: PyTorch is not installed (pip install 'tradeoff[hf]')", file=sys.stderr)
        return 2
    if args.device == "cuda" and not torch.cuda.is_available():
        print(
            "gpu-check: no CUDA device here (torch.cuda.is_available() is False); nothing was checked", file=sys.stderr
        )
        return 2
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        params = build_model(Path(tmp), torch)
        if args.device == "cuda":
            torch.cuda.reset_peak_memory_stats()
        sampled = check_sampling(Path(tmp), args.device, args)
        trained = check_training(Path(tmp), args.device, args)
    peak = torch.cuda.max_memory_allocated() / 2**20 if args.device == "cuda" else float("nan")
    name = torch.cuda.get_device_name() if args.device == "cuda" else "cpu"
    print("| device | model | sampling tokens/s | training tokens/s | loss | peak memory (MiB) | wall (s) |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {name} | Llama {params / 1e6:.1f} M, random | {sampled['tokens'] / sampled['seconds']:.0f} "
        f"({sampled['samples']:.0f} samples) | {trained['tokens_per_second']:.0f} ({args.steps} steps) | "
        f"{trained['loss0']:.2f} → {trained['loss1']:.2f} | {peak:.0f} | {time.perf_counter() - begin:.0f} |"
    )
    print("gpu-check: ok")
    return 0


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to test the script on a CPU")
    args = parser.parse_args()
    big = not args.quick
    args.problems, args.n, args.max_tokens = (64, 16, 128) if big else (2, 2, 8)
    args.steps, args.train_examples = (100, 2000) if big else (6, 32)
    return args


if __name__ == "__main__":
    sys.exit(main(parse()))
