"""A character-level tokenizer, built with the ``tokenizers`` library and saved as a normal model folder.

The vocabulary is fixed, not learned: three special tokens (``<pad>`` 0, ``<eos>`` 1, ``<unk>`` 2), then the
newline and the 95 printable ASCII characters, one token each (99 in all). It depends on no data, so every
model of a study shares it and any task's text tokenizes (a character outside the alphabet becomes
``<unk>``). Built as a byte-pair model with no merges (every character is its own token) and a ``Fuse``
decoder (tokens join without spaces), wrapped in ``PreTrainedTokenizerFast`` so that ``save_pretrained``
writes ``tokenizer.json`` + ``tokenizer_config.json`` and ``AutoTokenizer.from_pretrained`` loads the
folder like any other. It has no chat template: the ``hf`` backend renders prompts for it as plain text
(completion mode).
"""

from __future__ import annotations

import string
from typing import Any

from tradeoff.registry import require

PAD, EOS, UNK = "<pad>", "<eos>", "<unk>"
SPECIALS = (PAD, EOS, UNK)
ALPHABET = "\n" + "".join(chr(c) for c in range(32, 127))
assert set(string.printable) - set("\t\r\x0b\x0c") <= set(ALPHABET)


def vocabulary() -> dict[str, int]:
    """Token → id: the special tokens first, then each character of :data:`ALPHABET`."""
    return {token: index for index, token in enumerate((*SPECIALS, *ALPHABET))}


def char_tokenizer() -> Any:
    """A ``PreTrainedTokenizerFast`` over :func:`vocabulary` (no BOS; ``<eos>`` ends every document)."""
    tokenizers = require("tokenizers", "hf")
    transformers = require("transformers", "hf")
    model = tokenizers.models.BPE(vocab=vocabulary(), merges=[], unk_token=UNK)
    core = tokenizers.Tokenizer(model)
    core.add_special_tokens(list(SPECIALS))
    core.decoder = tokenizers.decoders.Fuse()
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token=PAD, eos_token=EOS, unk_token=UNK, model_max_length=4096
    )


__all__ = ["ALPHABET", "EOS", "PAD", "SPECIALS", "UNK", "char_tokenizer", "vocabulary"]
