"""An outcome reward model (ORM): a transformers sequence classifier scores each whole solution.

Cobbe et al. 2021 ("Training Verifiers to Solve Math Word Problems") rank sampled solutions with a
trained verifier; today's ORMs are ``AutoModelForSequenceClassification`` checkpoints that read the
question and the solution and output one logit per label (Lightman et al. 2023, "Let's Verify Step by
Step", compare them with process reward models). The score of a solution is read from the "good" label
``g`` of the logits z at the last non-padding token:

    probability (default):  σ(z_0) with one label, else softmax(z)_g      (in [0, 1]; a vote weighs it)
    logit:                  z_g                                            (log-odds; a vote weighs exp(z_g))

``label`` picks g (default: 0 with one label, else the last label, LABEL_1 of a binary classifier).
The input is the question and the solution in the model's chat template as user and assistant turns
(``format="chat"``, used by default when the tokenizer has one), else ``question\\n\\nsolution``
(``plain``). Tokens spent = the tokens the model read (padding excluded). Texts are batched, padded on
the right; the model is loaded on the first :meth:`score`, not in the constructor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

from tradeoff.backends.models import pretrained_source, resolve_model
from tradeoff.errors import ConfigError
from tradeoff.ledger import StoredSample
from tradeoff.registry import require
from tradeoff.types import Problem
from tradeoff.verifiers.base import VerifierScore

Readout = Literal["probability", "logit"]
Format = Literal["auto", "chat", "plain"]


class SequenceClassifier:
    """A loaded sequence classifier: ``read(texts)`` → one (score, tokens read) per text, batched."""

    def __init__(self, model: str, *, label: int | None, readout: Readout, batch_size: int, device: str) -> None:
        if readout not in get_args(Readout):
            raise ConfigError(f"readout must be one of {', '.join(get_args(Readout))}, got {readout!r}")
        if batch_size <= 0:
            raise ConfigError(f"batch_size must be positive, got {batch_size}")
        self.ref = resolve_model(model)
        self.label, self.readout, self.batch_size, self.device = label, readout, int(batch_size), device
        self._loaded: tuple[Any, Any, int] | None = None

    def tokenizer(self) -> Any:
        return self._load()[1]

    def _load(self) -> tuple[Any, Any, int]:
        if self._loaded is None:
            torch = require("torch", "hf")
            transformers = require("transformers", "hf")
            source = pretrained_source(self.ref)
            tokenizer = transformers.AutoTokenizer.from_pretrained(source)
            if tokenizer.pad_token is None:
                tokenizer.pad_token = tokenizer.eos_token
            model = transformers.AutoModelForSequenceClassification.from_pretrained(source, dtype=torch.float32)
            model.config.pad_token_id = tokenizer.pad_token_id
            labels = int(model.config.num_labels)
            label = (0 if labels == 1 else labels - 1) if self.label is None else int(self.label)
            if not 0 <= label < labels:
                raise ConfigError(f"label={label} but {self.ref.name} has {labels} labels; pass label=0..{labels - 1}")
            tokenizer.padding_side = "right"
            self._loaded = (model.to(self.device).eval(), tokenizer, label)
        return self._loaded

    def read(self, texts: Sequence[str], *, special_tokens: bool = True) -> list[tuple[float, int]]:
        torch = require("torch", "hf")
        model, tokenizer, label = self._load()
        out: list[tuple[float, int]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = tokenizer(
                list(texts[start : start + self.batch_size]),
                padding=True,
                return_tensors="pt",
                add_special_tokens=special_tokens,
            ).to(self.device)
            with torch.no_grad():
                logits = model(**batch).logits.float()
            if self.readout == "logit":
                scores = logits[:, label]
            elif logits.shape[1] == 1:
                scores = torch.sigmoid(logits[:, 0])
            else:
                scores = torch.softmax(logits, dim=-1)[:, label]
            read = batch["attention_mask"].sum(dim=1)
            out += [(float(s), int(n)) for s, n in zip(scores.tolist(), read.tolist(), strict=True)]
        return out


class RewardModelVerifier:
    """Score each (problem, sample) by an outcome reward model; see the module docstring."""

    def __init__(
        self,
        *,
        model: str,
        label: int | None = None,
        readout: Readout = "probability",
        format: Format = "auto",
        batch_size: int = 8,
        device: str = "cpu",
    ) -> None:
        if format not in get_args(Format):
            raise ConfigError(f"format must be one of {', '.join(get_args(Format))}, got {format!r}")
        self.classifier = SequenceClassifier(model, label=label, readout=readout, batch_size=batch_size, device=device)
        self.format: Format = format
        self.log_scale = readout == "logit"
        labelled = "default" if label is None else str(label)
        self.identity = f"reward_model:{self.classifier.ref.identity}:{readout}:label={labelled}:{format}"

    def score(self, items: Sequence[tuple[Problem, StoredSample]]) -> list[VerifierScore]:
        chat = self.format == "chat" or (self.format == "auto" and bool(self.classifier.tokenizer().chat_template))
        texts = [render(self.classifier.tokenizer(), p.question, s.generation.text, chat=chat) for p, s in items]
        return [VerifierScore(score, tokens) for score, tokens in self.classifier.read(texts, special_tokens=not chat)]


def render(tokenizer: Any, question: str, solution: str, *, chat: bool) -> str:
    """The text the reward model reads: a user/assistant chat, or ``question\\n\\nsolution``."""
    if not chat:
        return f"{question}\n\n{solution}"
    if not tokenizer.chat_template:
        raise ConfigError("format='chat' but the reward model's tokenizer has no chat template; use format=plain")
    turns = [{"role": "user", "content": question}, {"role": "assistant", "content": solution}]
    return str(tokenizer.apply_chat_template(turns, tokenize=False))
