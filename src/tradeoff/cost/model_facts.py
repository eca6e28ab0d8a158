"""Model facts: the shape numbers the FLOPs formulas need, from an HF ``config.json``, a GGUF file's
metadata, or given explicitly.

Parameter count of a llama-style decoder (Touvron et al. 2023; the layout of ``LlamaForCausalLM`` in
transformers), per layer with ``d = hidden_size``, ``h`` attention heads of width ``d_h = d / h``,
``h_kv`` key/value heads (grouped-query attention, Ainslie et al. 2023) and MLP width ``f``:

- attention: ``W_q`` and ``W_o`` are ``d × d`` each; ``W_k`` and ``W_v`` are ``d × (h_kv · d_h)`` each;
- gated MLP (SwiGLU, Shazeer 2020): gate, up and down projections, ``3 · d · f``;
- two RMSNorm weight vectors, ``2 · d``.

Outside the layers: the token embedding ``V × d``, a final norm ``d`` and the output head ``V × d``, which
is the embedding matrix itself when ``tie_word_embeddings`` is true. Following Kaplan et al. (2020, §2.1)
the *non-embedding* count N excludes the embedding and the (untied) output head; it is the N of the
``2N`` FLOPs per token.

A **GGUF** file (the llama.cpp format; spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md)
stores the shape as metadata keys ``{arch}.block_count``, ``{arch}.embedding_length``,
``{arch}.attention.head_count``, ``{arch}.attention.head_count_kv``, ``{arch}.context_length`` (and
``{arch}.attention.key_length`` when heads are not ``d / h`` wide) and every tensor with its element count,
so the parameter counts are exact sums, not formulas: total = Σ elements of all tensors, non-embedding =
total − ``token_embd.weight`` − ``output.weight`` (absent when the head is tied). Read with the ``gguf``
package's ``GGUFReader`` (memory-mapped; no weights are dequantised).

Models served only through an API publish no config: build :class:`ModelFacts` directly with the numbers
you know (``ModelFacts(name=..., params=..., non_embedding_params=..., ...)``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tradeoff.errors import ConfigError, DataError
from tradeoff.registry import require

_REQUIRED = ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size")


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFacts:
    """Total and non-embedding parameters, depth, width, attention shape and context length of one model."""

    name: str
    params: int
    non_embedding_params: int
    n_layers: int
    d_model: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    context_length: int | None = None
    vocab_size: int | None = None

    def __post_init__(self) -> None:
        if self.params <= 0 or self.non_embedding_params <= 0:
            raise DataError(f"model {self.name!r}: parameter counts must be positive")
        if self.non_embedding_params > self.params:
            raise DataError(f"model {self.name!r}: non-embedding parameters exceed the total")
        for field_name in ("n_layers", "d_model", "n_heads", "n_kv_heads", "head_dim"):
            if getattr(self, field_name) <= 0:
                raise DataError(f"model {self.name!r}: {field_name} must be positive")

    @property
    def attention_width(self) -> int:
        """``d_attn = n_heads · head_dim`` (Kaplan et al. 2020, Table 1)."""
        return self.n_heads * self.head_dim

    @property
    def kv_width(self) -> int:
        """Width of the stored keys (and of the values) per layer: ``n_kv_heads · head_dim``."""
        return self.n_kv_heads * self.head_dim


def _int(config: Mapping[str, object], key: str, name: str) -> int:
    value = config.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise DataError(f"model {name!r}: config.json needs an integer {key!r}, got {value!r}")
    return value


def facts_from_config(config: Mapping[str, object], *, name: str = "model") -> ModelFacts:
    """Model facts of a llama-style decoder from its HF ``config.json`` dictionary (no weights loaded)."""
    missing = [key for key in _REQUIRED if key not in config]
    if missing:
        raise DataError(f"model {name!r}: config.json lacks {', '.join(missing)} (llama-style keys expected)")
    d = _int(config, "hidden_size", name)
    n_layers = _int(config, "num_hidden_layers", name)
    n_heads = _int(config, "num_attention_heads", name)
    n_kv = _int(config, "num_key_value_heads", name) if "num_key_value_heads" in config else n_heads
    f = _int(config, "intermediate_size", name)
    vocab = _int(config, "vocab_size", name)
    head_dim = _int(config, "head_dim", name) if config.get("head_dim") else d // n_heads
    tied = bool(config.get("tie_word_embeddings", False))

    attention = d * n_heads * head_dim * 2 + d * n_kv * head_dim * 2
    per_layer = attention + 3 * d * f + 2 * d
    non_embedding = n_layers * per_layer + d  # + final norm
    embedding = vocab * d * (1 if tied else 2)
    context = config.get("max_position_embeddings")
    return ModelFacts(
        name=name,
        params=non_embedding + embedding,
        non_embedding_params=non_embedding,
        n_layers=n_layers,
        d_model=d,
        n_heads=n_heads,
        n_kv_heads=n_kv,
        head_dim=head_dim,
        context_length=context if isinstance(context, int) else None,
        vocab_size=vocab,
    )


def facts_from_folder(folder: Path, *, name: str | None = None) -> ModelFacts:
    """Read ``folder/config.json`` (an HF model folder, e.g. the cached safetensors of a GGUF model)."""
    path = folder / "config.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: no config.json; give the model facts explicitly") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(config, dict):
        raise DataError(f"{path}: expected a JSON object")
    return facts_from_config(config, name=name or folder.name)


_EMBEDDING_TENSORS = ("token_embd.weight", "output.weight")


def facts_from_gguf(path: Path, *, name: str | None = None) -> ModelFacts:
    """Model facts from a GGUF file's metadata and tensor shapes (see the module doc); no weights loaded."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such GGUF file")
    return _gguf_facts(str(path.resolve()), path.stat().st_mtime_ns, name or path.stem)


@lru_cache(maxsize=16)
def _gguf_facts(path: str, _mtime: int, name: str) -> ModelFacts:
    gguf = require("gguf", "hf")
    try:
        reader = gguf.GGUFReader(path, "r")
    except (ValueError, OSError) as exc:
        raise DataError(f"{path}: not a readable GGUF file ({exc})") from None
    fields = reader.fields

    def value(key: str) -> object:
        field = fields.get(key)
        return None if field is None else field.contents()

    arch = value("general.architecture")
    if not isinstance(arch, str):
        raise DataError(f"{path}: GGUF metadata lacks general.architecture")

    def integer(key: str, *, required: bool = True) -> int | None:
        got = value(f"{arch}.{key}")
        if isinstance(got, int) and not isinstance(got, bool):
            return got
        if required:
            raise DataError(f"{path}: GGUF metadata lacks an integer {arch}.{key}")
        return None

    d, n_heads = integer("embedding_length"), integer("attention.head_count")
    n_layers = integer("block_count")
    assert d is not None and n_heads is not None and n_layers is not None
    sizes = {t.name: int(t.n_elements) for t in reader.tensors}
    total = sum(sizes.values())
    tokens = fields.get("tokenizer.ggml.tokens")
    vocab = integer("vocab_size", required=False) or (len(tokens.data) if tokens is not None else None)
    return ModelFacts(
        name=name,
        params=total,
        non_embedding_params=total - sum(sizes.get(t, 0) for t in _EMBEDDING_TENSORS),
        n_layers=n_layers,
        d_model=d,
        n_heads=n_heads,
        n_kv_heads=integer("attention.head_count_kv", required=False) or n_heads,
        head_dim=integer("attention.key_length", required=False) or d // n_heads,
        context_length=integer("context_length", required=False),
        vocab_size=vocab,
    )


def facts_for_model(model: str) -> ModelFacts:
    """Facts of a model as the backends name it: an alias or ``.gguf`` path (GGUF metadata), or an HF folder.

    A hub id or an API model has nothing local to read: build :class:`ModelFacts` explicitly.
    """
    from tradeoff.backends.models import resolve_model

    ref = resolve_model(model)
    if ref.kind == "gguf":
        return facts_from_gguf(Path(ref.source), name=model)
    if ref.kind == "folder":
        return facts_from_folder(Path(ref.source), name=model)
    raise ConfigError(f"model {model!r} has no local config or GGUF to read; give its ModelFacts explicitly")
