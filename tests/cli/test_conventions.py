"""The conventions of lm-eval, inspect and vLLM: --version, `tradeoff list`, defaults shown in help."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import tradeoff

Cli = Callable[..., tuple[int, str]]


def test_version(cli: Cli) -> None:
    assert cli("--version") == (0, f"tradeoff {tradeoff.__version__}\n")


@pytest.mark.parametrize(
    ("what", "expected"),
    [("backends", {"hf", "openai", "vllm", "llamacpp", "mock"}), ("tasks", {"arithmetic", "gsm8k", "math500"}),
     ("verifiers", {"oracle", "self_certainty"}), ("strategies", {"majority", "best_of", "pass"})],
)  # fmt: skip
def test_list_names_what_commands_accept(cli: Cli, what: str, expected: set[str]) -> None:
    code, out = cli("list", what)
    assert code == 0 and expected <= set(out.split())


def test_list_hardware_shows_price_source_and_date(cli: Cli) -> None:
    code, out = cli("list", "hardware")
    assert code == 0 and "cpu-core" in out and "modal.com" in out


def test_help_shows_defaults_written_in_help_text(cli: Cli) -> None:
    code, out = cli("sample", "--help")
    out = " ".join(out.split())  # help wraps at 80 columns
    assert code == 0
    assert "[default: arithmetic]" in out and "[default: test]" in out and "[default: runs/default]" in out
