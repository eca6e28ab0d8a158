"""The request batcher coalesces concurrent requests into backend calls of at most ``batch_size`` samples."""

from __future__ import annotations

import pytest

from tradeoff.backends import get_backend
from tradeoff.backends.mock import MockBackend
from tradeoff.errors import BackendError
from tradeoff.interop.batching import RequestBatcher
from tradeoff.types import GenerationRequest, Message, SamplingParams

PARAMS = SamplingParams(temperature=0.7, max_tokens=16)


def request(i: int, n: int = 1) -> GenerationRequest:
    return GenerationRequest(
        messages=(Message("user", f"What is {i} + 1?"),), params=PARAMS, sample_indices=tuple(range(n))
    )


def test_waiting_requests_share_calls_of_at_most_batch_size_samples() -> None:
    backend = get_backend("mock", "mock", batch_size=4)
    batcher = RequestBatcher(backend, window=0.5)
    futures = [batcher.submit(request(i)) for i in range(6)]
    results = [f.result(timeout=10) for f in futures]
    batcher.close()
    assert batcher.calls == [4, 2]
    direct = MockBackend(batch_size=4).generate([request(i) for i in range(6)])
    assert results == direct  # each future holds its own request's generations


def test_a_request_is_never_split_and_a_large_one_goes_alone() -> None:
    backend = get_backend("mock", "mock", batch_size=4)
    batcher = RequestBatcher(backend, window=0.5)
    futures = [batcher.submit(request(0, n=3)), batcher.submit(request(1, n=6)), batcher.submit(request(2, n=1))]
    assert [len(f.result(timeout=10)) for f in futures] == [3, 6, 1]
    batcher.close()
    assert batcher.calls == [3, 6, 1]


def test_a_failed_call_fails_every_request_in_it() -> None:
    batcher = RequestBatcher(get_backend("mock", "mock", fail_after=0, batch_size=4), window=0.5)
    futures = [batcher.submit(request(i)) for i in range(2)]
    for future in futures:
        with pytest.raises(BackendError):
            future.result(timeout=10)
    batcher.close()
    batcher.close()  # safe twice
