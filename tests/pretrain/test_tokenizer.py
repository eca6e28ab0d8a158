"""The character tokenizer: one token per character, saved and reloaded as a normal tokenizer folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeoff.pretrain.tokenizer import ALPHABET, SPECIALS, char_tokenizer, vocabulary

pytest.importorskip("transformers")
pytest.importorskip("tokenizers")


def test_every_character_is_one_token_and_decoding_joins_them(tmp_path: Path) -> None:
    text = "Q: What is 12 * 34?\nA: 12 * 34 = 408.\nThe answer is 408."
    tokenizer = char_tokenizer()
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert ids == [vocabulary()[c] for c in text] and len(tokenizer) == len(SPECIALS) + len(ALPHABET)
    assert tokenizer.decode([*ids, tokenizer.eos_token_id], skip_special_tokens=True) == text
    assert tokenizer("é", add_special_tokens=False)["input_ids"] == [tokenizer.unk_token_id]
    from transformers import AutoTokenizer

    tokenizer.save_pretrained(str(tmp_path))
    loaded = AutoTokenizer.from_pretrained(str(tmp_path))
    assert loaded(text, add_special_tokens=False)["input_ids"] == ids
    assert loaded.chat_template is None and (loaded.eos_token, loaded.pad_token) == ("<eos>", "<pad>")
