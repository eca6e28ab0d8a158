"""One decoding call for a group of requests: shared prefill, per-row seeds, usage per sample.

How the prompt of a request with N samples is processed once: the prompt minus its last token is run
through the model a single time into a ``DynamicCache``; the cache rows are then copied N times
(``Cache.batch_select_indices``) and decoding continues from the copies, feeding only the last prompt
token per row (:mod:`tradeoff.backends.hf_loop`). Plain ``generate(num_return_sequences=N)`` instead
repeats the prompt N times before its first forward pass, computing the same prefill N times. The prefill
uses the position ids ``generate`` derives from the attention mask, so left-padded batches line up.

So a request of N samples with an L-token prompt reports ``prefill_tokens`` L on its first sample and 1 on
each other (L − 1 + N in all), which is what the model computed.

Several greedy requests are decoded together, left-padded (padding tokens are not counted as prefill:
they are waste, not prompt). Each :class:`~tradeoff.types.Generation` gets an equal share of the call's
wall time, as :class:`~tradeoff.types.Generation` specifies.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tradeoff.backends.hf_decode import finish
from tradeoff.backends.hf_loop import decode
from tradeoff.backends.seeding import sample_seed
from tradeoff.errors import ConfigError
from tradeoff.registry import require
from tradeoff.types import Generation, GenerationRequest, Message


@dataclass(frozen=True, slots=True)
class Engine:
    """A loaded model, its tokenizer (left padding, a pad token) and the device they run on."""

    model: Any
    tokenizer: Any
    device: Any
    eos_ids: frozenset[int]
    pad_id: int
    completion: bool = False

    def render(self, messages: Sequence[Message]) -> str:
        """The prompt text through the tokenizer's chat template, ending where the assistant's turn starts
        (or, when the last message is the assistant's, inside it: generation continues that message).
        In completion mode (:func:`plain_prompt`) the text itself, with no template."""
        if self.completion:
            return plain_prompt(messages)
        chat = [{"role": m.role, "content": m.content} for m in messages]
        cont = messages[-1].role == "assistant"
        return str(
            self.tokenizer.apply_chat_template(
                chat, tokenize=False, add_generation_prompt=not cont, continue_final_message=cont
            )
        )

    def decode(self, tokens: Sequence[int]) -> str:
        return str(self.tokenizer.decode(list(tokens), skip_special_tokens=True))


def plain_prompt(messages: Sequence[Message]) -> str:
    """A completion prompt: one user message, optionally followed by the assistant text to continue."""
    roles = [m.role for m in messages]
    if roles not in (["user"], ["user", "assistant"]):
        raise ConfigError(
            f"a completion prompt is one user message (then optionally the assistant text to continue), got roles "
            f"{roles}; give the task the option prompt_format=completion"
        )
    return "".join(m.content for m in messages)


def run_call(engine: Engine, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
    """Generate every sample of ``requests`` in one decoding loop (:func:`~tradeoff.backends.hf_loop.decode`).

    The requests must share their decoding settings (the caller groups them): several greedy requests,
    or one sampled request with N samples.
    """
    torch = require("torch", "hf")
    params = requests[0].params
    started = time.perf_counter()
    encoded = engine.tokenizer(
        [engine.render(r.messages) for r in requests],
        padding=True,
        return_tensors="pt",
        add_special_tokens=False,
    ).to(engine.device)
    ids, mask = encoded["input_ids"], encoded["attention_mask"]
    lengths = [int(n) for n in mask.sum(dim=1).tolist()]
    seeds = [sample_seed(params.seed, r.messages, i) for r in requests for i in r.sample_indices]
    generators = [torch.Generator(device=engine.device).manual_seed(s) for s in seeds] if not params.greedy else []
    with torch.inference_mode():
        rows = decode(engine, ids, mask, [r.n for r in requests], params=params, generators=generators)
    share = (time.perf_counter() - started) / len(rows.tokens)
    shared = ids.shape[1] > 1  # the prompt but its last token was prefilled once, then one token per row
    results: list[list[Generation]] = []
    row = 0
    for request, length in zip(requests, lengths, strict=True):
        samples = []
        for position in range(request.n):
            text, used, reason = finish(
                rows.tokens[row], eos_ids=engine.eos_ids, stop=params.stop, decode=engine.decode
            )
            samples.append(
                Generation(
                    text=text,
                    prompt_tokens=length,
                    prefill_tokens=length if position == 0 or not shared else 1,
                    completion_tokens=used,
                    finish_reason=reason,
                    seconds=share,
                    token_logprobs=tuple(rows.logprobs[row][:used]) if params.logprobs else None,
                    seed=seeds[row] if generators else None,
                )
            )
            row += 1
        results.append(samples)
    return results


__all__ = ["Engine", "plain_prompt", "run_call"]
