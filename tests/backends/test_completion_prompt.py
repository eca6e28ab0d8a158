"""The hf backend's completion mode: a plain-text prompt for models without a chat template."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeoff.backends.hf_generate import plain_prompt
from tradeoff.errors import ConfigError
from tradeoff.types import Message


def test_a_plain_prompt_is_the_user_text_then_the_text_to_continue() -> None:
    assert plain_prompt([Message("user", "Q: What is 1 + 2?\nA: ")]) == "Q: What is 1 + 2?\nA: "
    assert plain_prompt([Message("user", "Q: x\nA: "), Message("assistant", "1 + 2")]) == "Q: x\nA: 1 + 2"
    with pytest.raises(ConfigError, match="give the task the option prompt_format=completion"):
        plain_prompt([Message("system", "Solve it."), Message("user", "Q: x\nA: ")])


def test_forcing_completion_mode_is_part_of_the_identity(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from tradeoff.backends.hf import HFBackend

    (tmp_path / "config.json").write_text("{}")
    auto, forced = (
        HFBackend(str(tmp_path), device="cpu"),
        HFBackend(str(tmp_path), device="cpu", prompt_format="completion"),
    )
    assert forced.identity == auto.identity.replace(":float32", "+completion:float32") != auto.identity
    with pytest.raises(ConfigError, match="prompt_format must be one of auto, chat, completion"):
        HFBackend(prompt_format="plain")  # type: ignore[arg-type]
