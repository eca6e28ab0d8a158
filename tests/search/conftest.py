"""Register the fake process reward model under ``fake_prm`` while each search test runs (and only then, so the
registry other tests see is the real one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tradeoff.verifiers import VERIFIERS


@pytest.fixture(autouse=True)
def fake_prm() -> Iterator[None]:
    VERIFIERS.register("fake_prm", "tests.search.fakes:FakePRM")
    yield
    VERIFIERS.unregister("fake_prm")
