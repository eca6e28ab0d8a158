"""The pretraining arm: models trained from scratch on a task's generated data, for scaling-law studies.

``pretrain(task, out, options=...)`` trains transformers' Llama architecture from a seeded random
initialisation on the task's train split (a character-level tokenizer, :mod:`~tradeoff.pretrain.tokenizer`;
completion-mode documents, :mod:`~tradeoff.pretrain.documents`), and writes ``OUT/model`` — a normal model
folder that the ``hf`` backend samples like any other — and ``OUT/training.json``
(:class:`~tradeoff.pretrain.record.PretrainRecord`: N, D, 6·N·D, wall and CPU seconds, held-out loss).
torch, transformers and tokenizers are imported on use only.
"""

from __future__ import annotations

from tradeoff.pretrain.options import PretrainOptions, lr_factor, non_embedding_params
from tradeoff.pretrain.record import RECORD_FILE, PretrainRecord, is_pretrain_record
from tradeoff.pretrain.trainer import pretrain

__all__ = [
    "RECORD_FILE",
    "PretrainOptions",
    "PretrainRecord",
    "is_pretrain_record",
    "lr_factor",
    "non_embedding_params",
    "pretrain",
]
