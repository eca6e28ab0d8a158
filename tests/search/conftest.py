"""Register the fake process reward model under ``fake_prm`` for the search tests."""

from __future__ import annotations

from tradeoff.verifiers import VERIFIERS

VERIFIERS.register("fake_prm", "tests.search.fakes:FakePRM")
