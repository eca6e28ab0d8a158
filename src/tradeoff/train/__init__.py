"""The training arm: LoRA fine-tuning; adapters become model variants (``hf``, vLLM LoRA, or merged).

``training_data`` builds examples from a task's train split and ``pool_training_data`` from the accepted
samples of a stored pool (synthetic data, self-distillation), both hygiene-checked against the evaluation
split; ``train_lora`` trains and writes ``OUT/adapter`` (a PEFT folder for ``HFBackend(adapter=...)`` /
``tradeoff sample --adapter``) and ``OUT/training.json`` (:class:`TrainingRecord`); ``export_merged`` folds
an adapter into a plain model folder. torch, transformers and peft are imported on use only.
"""

from __future__ import annotations

from tradeoff.train.data import Example, Overlap, TrainingData, normalise_question, training_data
from tradeoff.train.export import export_merged
from tradeoff.train.from_pool import PoolData, PoolExamples, pool_training_data
from tradeoff.train.lora import train_lora
from tradeoff.train.options import LoraOptions
from tradeoff.train.record import TrainingRecord, lora_flops

__all__ = [
    "Example",
    "LoraOptions",
    "Overlap",
    "PoolData",
    "PoolExamples",
    "TrainingData",
    "TrainingRecord",
    "export_merged",
    "lora_flops",
    "normalise_question",
    "pool_training_data",
    "train_lora",
    "training_data",
]
