"""The OpenAI-compatible server: tradeoff's own ``openai`` backend and the openai client talk to it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest

from tradeoff.backends import get_backend
from tradeoff.backends.mock import MockBackend
from tradeoff.backends.seeding import sample_seed
from tradeoff.serve.server import ChatServer, ServeOptions, ServerTally
from tradeoff.types import Generation, GenerationRequest, Message, SamplingParams

openai = pytest.importorskip("openai", reason="the openai extra is not installed: pip install 'tradeoff[openai]'")

Served = tuple[ChatServer, list[Generation]]
MESSAGES = (Message("system", "Answer briefly."), Message("user", "What is 12 + 30?"))


@pytest.fixture
def served() -> Iterator[Served]:
    seen: list[Generation] = []
    server = ChatServer(
        get_backend("mock", "mock", batch_size=8),
        ServeOptions(model_name="mock-model", seed=7),
        on_generation=lambda m, g: seen.append(g),
    )
    with server:
        yield server, seen


def test_the_openai_backend_gets_n_samples_in_one_call_with_exact_usage(
    served: Served,
) -> None:
    server, _ = served
    backend = get_backend("openai", "mock-model", base_url=server.url, max_retries=0)
    params = SamplingParams(temperature=0.7, max_tokens=32, seed=5, logprobs=True)
    [got] = backend.generate([GenerationRequest(messages=MESSAGES, params=params, sample_indices=(0, 1, 2, 3))])
    backend.close()
    # the server asks the engine for samples 0..3 at the seed the client sent (that of sample 0)
    sent = SamplingParams(temperature=0.7, max_tokens=32, seed=sample_seed(5, MESSAGES, 0), logprobs=True)
    [direct] = MockBackend().generate([GenerationRequest(messages=MESSAGES, params=sent, sample_indices=(0, 1, 2, 3))])
    assert backend.n_honoured is True
    assert [g.text for g in got] == [g.text for g in direct]
    assert [g.completion_tokens for g in got] == [g.completion_tokens for g in direct]
    assert [g.token_logprobs for g in got] == [pytest.approx(g.token_logprobs) for g in direct]
    assert sum(g.prefill_tokens for g in got) == direct[0].prompt_tokens  # the prompt computed once
    assert server.tally() == ServerTally(
        calls=1,
        prompt_tokens=direct[0].prompt_tokens,
        prefill_tokens=direct[0].prompt_tokens,
        completion_tokens=sum(g.completion_tokens for g in direct),
        samples=4,
        seconds=0.0,
    )


def test_the_openai_client_sees_choices_usage_and_the_model(served: Served) -> None:
    server, seen = served
    client = openai.OpenAI(base_url=server.url, api_key="EMPTY", max_retries=0)
    response = client.chat.completions.create(
        model="anything",
        messages=[{"role": m.role, "content": m.content} for m in MESSAGES],
        n=2,
        max_completion_tokens=16,
        temperature=0.5,
    )
    assert len(response.choices) == 2 and response.choices[0].logprobs is None
    assert response.usage.prompt_tokens == seen[0].prompt_tokens
    assert response.usage.completion_tokens == sum(g.completion_tokens for g in seen)
    assert [c.message.content for c in response.choices] == [g.text for g in seen]
    assert [m.id for m in client.models.list()] == ["mock-model"]
    client.close()


def test_unseeded_requests_are_the_next_samples_of_their_prompt(served: Served) -> None:
    server, seen = served
    client = openai.OpenAI(base_url=server.url, api_key="EMPTY", max_retries=0)
    for _ in range(3):  # what its_hub sends: one request per sample, no seed
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "What is 1 + 2?"}])
    client.close()
    prompt = (Message("user", "What is 1 + 2?"),)
    assert [g.seed for g in seen] == [sample_seed(7, prompt, i) for i in range(3)]
    assert server.tally().calls == 3 and server.tally().prompt_tokens == 3 * seen[0].prompt_tokens


def test_bad_requests_get_400_and_unknown_paths_404(served: Served) -> None:
    server, _ = served
    client = openai.OpenAI(base_url=server.url, api_key="EMPTY", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="max_tokens: Input should be greater than 0"):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], max_tokens=-1)
    with pytest.raises(openai.BadRequestError, match="role"):
        client.chat.completions.create(model="m", messages=[{"role": "tool", "content": "x"}])
    client.close()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(server.url + "/completions", data=b"{}", timeout=10)
    assert caught.value.code == 404 and "no route" in json.loads(caught.value.read())["error"]["message"]
    assert server.tally() == ServerTally()


def test_backend_failures_are_500_with_the_message() -> None:
    with ChatServer(get_backend("mock", "mock", fail_after=0)) as server:
        client = openai.OpenAI(base_url=server.url, api_key="EMPTY", max_retries=0)
        with pytest.raises(openai.InternalServerError, match="fail_after"):
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
        client.close()


def test_the_serve_command_serves_until_its_duration(cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("serve", "--backend", "mock", "--model", "mock", "--port", "0", "--duration", "0.3")
    assert code == 0
    assert "serving mock/mock as 'mock' at http://127.0.0.1:" in out and "served 0 calls" in out


def test_the_serve_command_reports_a_bad_backend_in_one_line(cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("serve", "--backend", "nope", "--port", "0", "--duration", "0")
    assert code == 2 and "unknown backend 'nope'" in out and len(out.strip().splitlines()) == 1
