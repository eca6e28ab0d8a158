"""Build a randomly initialised Llama model for a :class:`PretrainOptions` shape, and count its parameters."""

from __future__ import annotations

from typing import Any

from tradeoff.errors import ConfigError
from tradeoff.pretrain.options import PretrainOptions, non_embedding_params
from tradeoff.registry import require


def build_model(options: PretrainOptions, tokenizer: Any) -> Any:
    """``LlamaForCausalLM`` of ``options``' shape, seeded by ``options.seed``, embedding tied to the head."""
    torch, transformers = require("torch", "hf"), require("transformers", "hf")
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=options.d_model,
        intermediate_size=options.ffn,
        num_hidden_layers=options.layers,
        num_attention_heads=options.heads,
        num_key_value_heads=options.heads,
        max_position_embeddings=options.context,
        tie_word_embeddings=True,
        bos_token_id=None,
        eos_token_id=int(tokenizer.eos_token_id),
        pad_token_id=int(tokenizer.pad_token_id),
    )
    torch.manual_seed(options.seed)
    model = transformers.LlamaForCausalLM(config)
    model.generation_config.eos_token_id = int(tokenizer.eos_token_id)
    model.generation_config.pad_token_id = int(tokenizer.pad_token_id)
    counted, expected = parameter_counts(model)[0], non_embedding_params(options)
    if counted != expected:  # the docstring's formula is what the records and the sizing tables use
        raise ConfigError(f"built a model of {counted} non-embedding parameters, expected {expected}")
    return model


def parameter_counts(model: Any) -> tuple[int, int]:
    """(non-embedding, total) parameters, each tensor counted once (the head is tied to the embedding)."""
    seen: dict[int, int] = {}
    for param in model.parameters():
        seen[id(param)] = int(param.numel())
    total = sum(seen.values())
    return total - int(model.get_input_embeddings().weight.numel()), total


__all__ = ["build_model", "parameter_counts"]
