"""A process reward model (PRM): a score per step of a solution, aggregated into the solution's score.

A solution is split into steps on blank lines. Two ways to read step scores, both through transformers:

- ``scheme="token"`` (default; Math-Shepherd, Wang et al. 2024, "Math-Shepherd: Verify and Reinforce
  LLMs Step-by-step without Human Annotations", arXiv:2312.08935): a causal LM reads
  ``question ␣ step_1 ␣ <tag> \\n step_2 ␣ <tag> …`` and at each step tag its next-token logits z give

      score_i = softmax(z_good, z_bad)_good = σ(z_good − z_bad)    (good_token "+", bad_token "-", tag "ки")

  One forward pass scores every step. The input is built from separately tokenised pieces (special
  prefix, ``question + " "``, each ``step + " "``, the tag id, ``"\\n"``), so the tags sit exactly where
  the steps end. Tag, good and bad tokens must each be one token of the vocabulary.
- ``scheme="sequence"``: an outcome-style sequence classifier (:mod:`~tradeoff.verifiers.reward_model`)
  scores every prefix ``question\\n\\nstep_1\\n\\n…\\n\\nstep_i``: one forward pass per step.

Aggregation into one score (Lightman et al. 2023, "Let's Verify Step by Step", use the product;
Snell et al. 2024 find the last step's score works best for best-of-N with their PRM):

    last: s_T      min: min_i s_i      product: Π_i s_i      mean: (1/T) Σ_i s_i

Tokens spent: every token the model read (all prefixes in the ``sequence`` scheme, padding excluded).
The model loads on first use. As a :class:`StepVerifier` it scores partial solutions for search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from tradeoff.backends.models import pretrained_source, resolve_model
from tradeoff.errors import ConfigError
from tradeoff.ledger import StoredSample
from tradeoff.registry import require
from tradeoff.types import Problem
from tradeoff.verifiers.base import StepScores, VerifierScore
from tradeoff.verifiers.reward_model import SequenceClassifier
from tradeoff.verifiers.steps import Aggregation, aggregate, split_steps

Scheme = Literal["token", "sequence"]


class PrmOptions(BaseModel):
    """The PRM ``model``, its ``scheme`` (module docstring), how step scores ``aggregate`` into a sample's score,
    the token scheme's ``step_tag``, ``good_token`` and ``bad_token``, the sequence scheme's ``label``, and how
    many solutions go through the model at once (``batch_size``) on which ``device``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    scheme: Scheme = "token"
    aggregate: Aggregation = "min"
    step_tag: str = "ки"
    good_token: str = "+"
    bad_token: str = "-"
    label: int | None = None
    batch_size: int = 8
    device: str = "cpu"


class ProcessRewardVerifier:
    """Score steps with a PRM (``score_steps``) and whole samples by aggregating them (``score``)."""

    log_scale = False
    Options: ClassVar[type[PrmOptions]] = PrmOptions

    def __init__(self, options: PrmOptions) -> None:
        o = options
        if o.batch_size <= 0:
            raise ConfigError(f"batch_size must be positive, got {o.batch_size}")
        self.ref = resolve_model(o.model)
        self.scheme: Scheme = o.scheme
        self.aggregate: Aggregation = o.aggregate
        self.tokens = (o.step_tag, o.good_token, o.bad_token)
        self.batch_size, self.device = int(o.batch_size), o.device
        self._classifier = (
            SequenceClassifier(o.model, label=o.label, readout="probability", batch_size=o.batch_size, device=o.device)
            if o.scheme == "sequence"
            else None
        )
        self._loaded: tuple[Any, Any, tuple[int, int, int]] | None = None
        how = f"token[{'|'.join(self.tokens)}]" if o.scheme == "token" else f"sequence:label={o.label}"
        self.step_identity = f"prm:{self.ref.identity}:{how}"
        self.identity = f"{self.step_identity}:{o.aggregate}"

    def score(self, items: Sequence[tuple[Problem, StoredSample]]) -> list[VerifierScore]:
        steps = self.score_steps([(p, split_steps(s.generation.text)) for p, s in items])
        return [VerifierScore(aggregate(s.scores, self.aggregate), s.tokens) for s in steps]

    def score_steps(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
        if any(not steps for _, steps in items):
            raise ConfigError("a partial solution to score needs at least one step")
        if self._classifier is not None:
            return self._by_prefix(items)
        return self._by_tags(items)

    def _by_prefix(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
        assert self._classifier is not None
        texts = [
            "\n\n".join([p.question, *steps[: i + 1]]) for p, steps in items for i in range(len(steps))
        ]  # every prefix, in order
        read = iter(self._classifier.read(texts))
        out = []
        for _, steps in items:
            pairs = [next(read) for _ in steps]
            out.append(StepScores(tuple(s for s, _ in pairs), sum(n for _, n in pairs)))
        return out

    def _load(self) -> tuple[Any, Any, tuple[int, int, int]]:
        if self._loaded is None:
            torch = require("torch", "hf")
            transformers = require("transformers", "hf")
            source = pretrained_source(self.ref)
            tokenizer = transformers.AutoTokenizer.from_pretrained(source)
            ids = []
            for name, token in zip(("step_tag", "good_token", "bad_token"), self.tokens, strict=True):
                encoded = tokenizer.encode(token, add_special_tokens=False)
                if len(encoded) != 1:
                    raise ConfigError(
                        f"{name}={token!r} is {len(encoded)} tokens of {self.ref.name}; pass a single token"
                    )
                ids.append(int(encoded[0]))
            model = transformers.AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32)
            self._loaded = (model.to(self.device).eval(), tokenizer, (ids[0], ids[1], ids[2]))
        return self._loaded

    def input_ids(self, question: str, steps: Sequence[str]) -> tuple[list[int], list[int]]:
        """The token scheme's input (special prefix, question, each step followed by the tag) and the
        positions of the step tags (a tag token inside a step's own text is not a step end)."""
        _, tokenizer, (tag, _, _) = self._load()
        ids = list(tokenizer("", add_special_tokens=True).input_ids)
        ids += tokenizer.encode(question + " ", add_special_tokens=False)
        ends = []
        for i, step in enumerate(steps):
            if i:
                ids += tokenizer.encode("\n", add_special_tokens=False)
            ids += [*tokenizer.encode(step + " ", add_special_tokens=False), tag]
            ends.append(len(ids) - 1)
        return ids, ends

    def _by_tags(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
        torch = require("torch", "hf")
        model, tokenizer, (_, good, bad) = self._load()
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        out: list[StepScores] = []
        for start in range(0, len(items), self.batch_size):
            encoded = [self.input_ids(p.question, steps) for p, steps in items[start : start + self.batch_size]]
            rows = [r for r, _ in encoded]
            width = max(len(r) for r in rows)
            ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=self.device)
            mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], device=self.device)
            with torch.no_grad():
                logits = model(input_ids=ids, attention_mask=mask).logits.float()
            good_prob = torch.sigmoid(logits[:, :, good] - logits[:, :, bad])
            for row, (ids_row, ends) in enumerate(encoded):
                out.append(StepScores(tuple(float(good_prob[row, i]) for i in ends), len(ids_row)))
        return out
