"""LLM-as-judge: any backend's model grades each solution; its stated score is the verifier score.

Zheng et al. 2023 ("Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena") grade answers by prompting
a strong model for a score. The judge gets one chat turn (``template`` with ``{question}``,
``{solution}`` and ``{scale}``) asking it to end with ``Score: N`` for an integer N in 0..scale, and
its reply is parsed (:func:`parse_score`): the last ``Score|Rating|Grade|Verdict: N`` (optionally
``N/D``, read as N/D), else a reply that is only a number, else ``Verdict: correct|incorrect``.
The verifier score is N/scale ∈ [0, 1] (a vote weighs it).

A reply with no parsable score, or one outside 0..scale, is a *parse failure*, never a guess:
``parse_failure="lowest"`` (default) scores it 0 — the bottom of the scale, tied with the judge saying
"certainly wrong", so it is never picked over a sample the judge approved; ``"error"`` stops with a
:class:`~tradeoff.errors.DataError` quoting the reply, so a template the judge does not follow is fixed
rather than ranked. (NaN is no option: the ledger stores a score per sample, and strategies refuse NaN.)
:attr:`JudgeVerifier.failures` counts them. Decoding is seeded (``seed``, per-prompt sample seeds
derived by the backend) and greedy by default; tokens spent = the judge's prompt + completion tokens.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from tradeoff.backends import Backend, get_backend
from tradeoff.errors import ConfigError, DataError
from tradeoff.ledger import StoredSample
from tradeoff.types import GenerationRequest, Message, Problem, SamplingParams
from tradeoff.verifiers.base import VerifierScore

ParseFailure = Literal["lowest", "error"]
TEMPLATE = (
    "Grade the proposed solution to the problem.\n\nProblem:\n{question}\n\nProposed solution:\n{solution}\n\n"
    "Is the final answer correct? Reason briefly, then end with a line 'Score: N', where N is an integer "
    "from 0 (certainly wrong) to {scale} (certainly correct)."
)
_LABELLED = re.compile(
    r"(?:score|rating|grade|verdict)\**\s*[:=]?\s*\**\s*(-?\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?", re.IGNORECASE
)
_BARE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\.?\s*$")
_WORD = re.compile(r"verdict\s*[:=]?\s*\**\s*(correct|incorrect|wrong|right)\b", re.IGNORECASE)


def parse_score(reply: str, *, scale: int) -> float | None:
    """The judge's score as a fraction in [0, 1], or ``None`` when the reply states none in range."""
    found = _LABELLED.findall(reply)
    if found:
        value, denominator = found[-1]
        top = float(denominator) if denominator else float(scale)
        fraction = float(value) / top if top > 0 else -1.0
    elif bare := _BARE.match(reply):
        fraction = float(bare[1]) / scale
    elif words := _WORD.findall(reply):
        fraction = 1.0 if words[-1].lower() in ("correct", "right") else 0.0
    else:
        return None
    return fraction if 0.0 <= fraction <= 1.0 else None


class JudgeOptions(BaseModel):
    """The judge ``model`` behind ``backend`` (with its ``backend_options``), the prompt ``template`` (with
    ``{question}``, ``{solution}`` and ``{scale}``), the top of the score ``scale``, its decoding settings, and
    what a reply without a score counts as (``parse_failure``: the lowest score, or an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str | None = None
    backend: str = "hf"
    backend_options: dict[str, Any] = Field(default_factory=dict)
    template: str = TEMPLATE
    scale: int = 10
    temperature: float = 0.0
    max_tokens: int = 256
    seed: int = 0
    parse_failure: ParseFailure = "lowest"


class JudgeVerifier:
    """Grade samples with a model behind any backend; see the module docstring. ``engine``: a backend already
    built for the judge (the caller keeps and closes it); otherwise one is built from the options."""

    log_scale = False
    Options: ClassVar[type[JudgeOptions]] = JudgeOptions

    def __init__(self, options: JudgeOptions = JudgeOptions(), *, engine: Backend | None = None) -> None:
        o = options
        if o.scale < 1:
            raise ConfigError(f"scale must be a positive integer, got {o.scale}")
        missing = [f for f in ("{question}", "{solution}") if f not in o.template]
        if missing:
            raise ConfigError(f"the judge template lacks {', '.join(missing)}; put both in it")
        if engine is None and o.model is None:
            raise ConfigError("the judge needs a model: --verifier-option model=NAME (and backend=hf|openai|vllm|…)")
        self.engine = engine or get_backend(o.backend, str(o.model), **o.backend_options)
        self._owned = engine is None
        self.template, self.scale, self.parse_failure = o.template, int(o.scale), o.parse_failure
        self.params = SamplingParams.checked(temperature=o.temperature, max_tokens=o.max_tokens, seed=o.seed)
        self.failures = 0
        prompt = hashlib.sha256(o.template.encode()).hexdigest()[:8]
        self.identity = (
            f"judge:{self.engine.identity}:t={o.temperature}:seed={o.seed}:max={o.max_tokens}"
            f":scale={o.scale}:prompt={prompt}:{o.parse_failure}"
        )

    def messages(self, problem: Problem, solution: str) -> tuple[Message, ...]:
        text = self.template.format(question=problem.question, solution=solution, scale=self.scale)
        return (Message("user", text),)

    def score(self, items: Sequence[tuple[Problem, StoredSample]]) -> list[VerifierScore]:
        requests = [
            GenerationRequest(messages=self.messages(p, s.generation.text), params=self.params) for p, s in items
        ]
        out: list[VerifierScore] = []
        step = max(1, self.engine.batch_size)
        for start in range(0, len(requests), step):
            replies = self.engine.generate(requests[start : start + step])
            for (problem, sample), (generation,) in zip(items[start : start + step], replies, strict=True):
                value = parse_score(generation.text, scale=self.scale)
                if value is None:
                    self.failures += 1
                    if self.parse_failure == "error":
                        raise DataError(
                            f"the judge gave no score 0..{self.scale} for sample {sample.sample_index} of "
                            f"{problem.id}: {generation.text[:80]!r}; adapt the template or use parse_failure=lowest"
                        )
                    value = 0.0
                out.append(VerifierScore(value, generation.prompt_tokens + generation.completion_tokens))
        return out

    def close(self) -> None:
        """Release the judge's engine if this verifier built it."""
        if self._owned:
            self.engine.close()
