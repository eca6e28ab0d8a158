"""Interoperability with other inference-time-scaling tools.

- ``its_hub``: its algorithms (self-consistency, best-of-N, particle filtering, beam search) run on any
  tradeoff backend with tradeoff's token accounting (:class:`BackendLanguageModel`), with tradeoff
  verifiers as its reward models (:class:`VerifierRewardModel`, :class:`StepVerifierRewardModel`), and
  :func:`run_its_hub` scores its answers with a task. Needs ``pip install 'tradeoff[itshub]'``.
- ``batching``: :class:`RequestBatcher` coalesces concurrent one-sample requests into backend batches
  (used by the adapter and by ``tradeoff.serve.server``).
- ``openai_wire``: the OpenAI chat-completions request and response bodies (``tradeoff.serve.server`` speaks them).

Names are imported on first use, so ``import tradeoff.interop`` does not import its_hub.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {
    "BackendLanguageModel": "tradeoff.interop.its_hub_lm",
    "VerifierRewardModel": "tradeoff.interop.its_hub_rewards",
    "StepVerifierRewardModel": "tradeoff.interop.its_hub_rewards",
    "prompt_index": "tradeoff.interop.its_hub_rewards",
    "ItsHubAnswer": "tradeoff.interop.its_hub",
    "ItsHubRun": "tradeoff.interop.its_hub",
    "answer_projection": "tradeoff.interop.its_hub",
    "infer_all": "tradeoff.interop.its_hub",
    "run_its_hub": "tradeoff.interop.its_hub",
    "RequestBatcher": "tradeoff.interop.batching",
}


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(f"module 'tradeoff.interop' has no attribute {name!r}")
    return getattr(importlib.import_module(_NAMES[name]), name)


__all__ = sorted(_NAMES)
