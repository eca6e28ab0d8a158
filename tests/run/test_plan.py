"""``tradeoff plan``: configurations priced from a mock run, the recommendation, and one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tradeoff.cost import builtin_prices
from tradeoff.cost.overheads import Overhead, parse_overhead
from tradeoff.cost.plan import Plan
from tradeoff.cost.pricing import UNKNOWN_TRAINING
from tradeoff.errors import ConfigError, DataError
from tradeoff.run.ops import open_ledger
from tradeoff.run.plan import Pricing, Question, plan_run

Cli = Callable[..., tuple[int, str]]
PER_SECOND = builtin_prices().hardware_price("cpu-core").usd_per_hour / 3600
TRAIN_SECONDS = 3600.0


def _sample(cli: Cli, run: Path, pool: str, *extra: object, delay: float, n: int = 4, temp: float = 0.7) -> None:
    code, out = cli("sample", "--run", run, "--pool", pool, "--backend", "mock", "--model", "m", "--limit", "10",
                    "-n", n, "--temperature", temp, "--backend-option", f"delay={delay}", *extra)  # fmt: skip
    assert code == 0, out


@pytest.fixture
def run(cli: Cli, tmp_path: Path) -> Path:
    """base (4 samples, 2 ms each), greedy (3 ms), ft (adapter, 1 ms, more accurate, trained for an hour)."""
    run = tmp_path / "run"
    _sample(cli, run, "base", delay=0.002)
    _sample(cli, run, "greedy", delay=0.003, n=1, temp=0.0)
    adapter = tmp_path / "ft" / "adapter"
    _sample(cli, run, "ft", "--adapter", adapter, "--backend-option", "accuracy=0.9", delay=0.001)
    adapter.parent.mkdir(parents=True)
    (tmp_path / "ft" / "training.json").write_text(json.dumps({"seconds": TRAIN_SECONDS, "steps": 30}))
    return run


def _plan(run: Path, queries: float, *, overheads: list[Overhead] | None = None, **question: float) -> Plan:
    return plan_run(run, Pricing(overheads=tuple(overheads or ())), Question(queries=queries, **question))


def _configs(plan_json: dict) -> dict[str, dict]:
    return {c["configuration"]["name"]: c for c in plan_json["configurations"]}


def test_costs_are_tokens_times_seconds_per_token_times_price(cli: Cli, run: Path) -> None:
    code, out = cli("plan", run, "--queries", "1e6", "--json")
    assert code == 0, out
    configs = _configs(json.loads(out))
    assert set(configs) >= {"base:sampled@1", "base:majority@4", "greedy:greedy", "ft:sampled@1", "ft:majority@2"}
    assert not any(":pass@" in name or name.endswith("majority@1") for name in configs)
    # the mock writes 8 tokens per sample and records `delay` seconds per sample
    for name, delay, k in [("base:sampled@1", 0.002, 1), ("base:majority@4", 0.002, 4), ("greedy:greedy", 0.003, 1),
                           ("ft:majority@2", 0.001, 2)]:  # fmt: skip
        c = configs[name]
        assert c["tokens_per_query"] == pytest.approx(8 * k)
        assert c["seconds_per_token"] == pytest.approx(delay / 8)
        assert c["configuration"]["per_query_cost"] == pytest.approx(8 * k * delay / 8 * PER_SECOND)
    assert configs["base:sampled@1"]["configuration"]["fixed_cost"] == 0
    assert configs["ft:sampled@1"]["configuration"]["fixed_cost"] == pytest.approx(TRAIN_SECONDS * PER_SECOND)
    assert configs["ft:sampled@1"]["flags"] == []


def test_recommendation_moves_to_the_fine_tuned_model_at_large_volume(run: Path) -> None:
    small = _plan(run, 1e5, target=0.5)
    by_name = {p.configuration.name: p.configuration for p in small.configurations}
    assert by_name["base:sampled@1"].accuracy.value >= 0.5  # base qualifies; ft is cheaper per query
    assert small.recommended == "base:sampled@1"
    large = _plan(run, 1e8, target=0.5)
    assert large.recommended == "ft:sampled@1"
    # F / Δc = 3600 s / (0.002 s − 0.001 s) per query
    (even,) = [e for name, e in small.decision.break_evens if name == "ft:sampled@1"]
    assert even.kind == "crossing" and even.queries == pytest.approx(3.6e6)
    assert even.cheaper_below == "base:sampled@1" and even.cheaper_above == "ft:sampled@1"
    assert any("Q* = 3,600,000" in r for r in small.reasons)


def test_budget_picks_the_most_accurate_that_fits(run: Path) -> None:
    plan = _plan(run, 1e5, budget=TRAIN_SECONDS * PER_SECOND * 0.5)  # too little to pay the training
    assert plan.recommended.startswith(("base:", "greedy:")) and plan.decision.rule == "budget"
    rich = _plan(run, 1e5, budget=1.0)
    assert rich.recommended.startswith("ft:")
    with pytest.raises(ConfigError, match="no configuration fits"):
        _plan(run, 1e5, budget=0.0)


def test_missing_training_record_is_flagged(run: Path, tmp_path: Path) -> None:
    (tmp_path / "ft" / "training.json").unlink()
    plan = _plan(run, 1e6)
    ft = [p for p in plan.configurations if p.pool == "ft"]
    assert ft and all(p.configuration.fixed_cost == 0 and UNKNOWN_TRAINING in p.flags[0] for p in ft)


def test_table_and_reasons(cli: Cli, run: Path) -> None:
    code, out = cli("plan", run, "--queries", "1e6", "--hardware", "h100-80gb")
    assert code == 0, out
    assert "Pareto frontier at 1,000,000 queries (h100-80gb)" in out and "recommended:" in out
    assert "per query" in out and "s/token measured" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--queries", "0"], "--queries must be > 0"),
        (["--queries", "-5"], "--queries must be > 0"),
        (["--queries", "1e6", "--hardware", "tpu-v9"], "known: a100-80gb, cpu-core"),
        (["--queries", "1e6", "--target-accuracy", "1.5"], "between 0 and 1"),
    ],
)
def test_errors_are_one_line(cli: Cli, run: Path, args: list[str], message: str) -> None:
    code, out = cli("plan", run, *args)
    assert code == 2 and message in out and "Traceback" not in out


def test_unreachable_target_names_the_best(cli: Cli, tmp_path: Path) -> None:
    run = tmp_path / "run"
    _sample(cli, run, "greedy", delay=0.001, n=1, temp=0.0)
    code, out = cli("plan", run, "--queries", "1e3", "--target-accuracy", "0.99")
    assert code == 2 and "no configuration reaches accuracy 0.99; the best available is greedy:greedy" in out


def test_no_pools(cli: Cli, tmp_path: Path) -> None:
    with open_ledger(tmp_path, create=True):
        pass
    code, out = cli("plan", tmp_path, "--queries", "10")
    assert code == 2 and "holds no pools" in out


def test_synthetic_data_cost_and_given_overheads_are_fixed_terms(run: Path, tmp_path: Path) -> None:
    record = tmp_path / "ft" / "training.json"
    data_cost = {"usd": 2.5, "seconds": 1800.0, "source": "gpt-4o-mini teacher, 480 examples"}
    record.write_text(json.dumps({"seconds": TRAIN_SECONDS, "data": {"cost": data_cost}}))
    load = Overhead(kind="model_load", seconds=15.0, source="measured")
    plan = _plan(run, 1e6, overheads=[load, parse_overhead("setup=$1.5")])
    configs = {p.configuration.name: p for p in plan.configurations}
    ft, base = configs["ft:sampled@1"], configs["base:sampled@1"]
    assert [t.kind for t in ft.overheads] == ["training", "synthetic_data", "model_load", "setup"]
    common = 15.0 * PER_SECOND + 1.5
    assert base.configuration.fixed_cost == pytest.approx(common)
    assert ft.configuration.fixed_cost == pytest.approx((TRAIN_SECONDS + 1800.0) * PER_SECOND + 2.5 + common)
    big = _plan(run, 1e6, target=0.5)
    assert any("synthetic_data $2.5" in r for r in big.reasons if r.startswith("fixed cost")) == (
        big.recommended.startswith("ft:")
    )
    record.write_text(json.dumps({"seconds": TRAIN_SECONDS, "data": {"cost": {"usd": "lots"}}}))
    with pytest.raises(DataError, match=r"data\.cost must be"):
        _plan(run, 1e6)


@pytest.mark.parametrize("text", ["setup=20", "warmup=5s", "model_load=-3s", "setup=$x"])
def test_bad_overheads_are_one_line(text: str) -> None:
    with pytest.raises(ConfigError, match="overhead"):
        parse_overhead(text)


def test_uncertainty_frontier_shares_and_switch_interval(run: Path) -> None:
    plan = _plan(run, 1e6, target=0.5)
    shares = dict(plan.decision.on_frontier)
    assert set(shares) == {p.configuration.name for p in plan.configurations}
    assert all(0 <= v <= 1 for v in shares.values())
    frontier = set(plan.frontier)
    # a configuration on the point-estimate frontier is on it in most draws; a dominated one seldom
    assert min(shares[n] for n in frontier) > max((v for n, v in shares.items() if n not in frontier), default=0)
    assert plan.decision.chosen_share is not None and 0.5 < plan.decision.chosen_share <= 1
    # base (free, 2 ms/query) vs ft (one hour of training, 1 ms/query): the target plan switches near 3.6M
    assert plan.decision.switch is not None and plan.decision.switch.median == pytest.approx(3.6e6)
    assert (
        plan.decision.switch.low <= plan.decision.switch.median <= plan.decision.switch.high
        and plan.decision.switch.no_switch < 0.05
    )
    assert _plan(run, 1e6, target=0.5).decision.on_frontier == plan.decision.on_frontier  # seeded
    assert any("first changes at Q" in r for r in plan.reasons)


def test_plan_prices_the_strategies_and_budgets_asked_and_says_so(cli: Cli, run: Path) -> None:
    code, out = cli("plan", run, "--queries", "1e6", "--strategy", "majority", "--k", "2", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert set(_configs(data)) == {"base:majority@2", "ft:majority@2"}
    assert data["asked"] == "majority@2"
    code, out = cli("plan", run, "--queries", "1e6", "--verifier", "oracle", "--json")
    names = set(_configs(json.loads(out)))
    assert {"base:best-of-4", "base:weighted@4", "base:majority@4", "greedy:greedy", "ft:sampled@1"} <= names
    code, out = cli("plan", run, "--queries", "1e6", "--strategy", "greedy,best_of", "--verifier", "oracle")
    assert code == 0 and "priced what was asked: greedy; best_of@every k by oracle" in out.replace("\n  ", " ")
    code, out = cli("plan", run, "--queries", "1e6", "--strategy", "best_of")
    assert code == 2 and "ranks samples by a verifier" in out


def test_the_decision_is_paired_over_the_same_problems_and_says_how_sure(run: Path) -> None:
    plan = _plan(run, 1e6)
    assert plan.paired is not None and plan.independent is not None
    assert plan.paired.method == "paired" and plan.paired.problems == 10 and plan.independent.method == "independent"
    choice = plan.paired.choices[0]
    assert choice.recommended == plan.recommended and 0 < choice.p_best <= 1
    # the default rule: the cheapest not credibly worse than the most accurate (no target, no budget)
    assert plan.paired.rule.rule == "not-credibly-worse" and plan.decision.rule in (
        "not-credibly-worse",
        "most-accurate",
    )
    assert any(r.startswith("paired over 10 common problems") for r in plan.reasons)
    data = plan.to_dict()
    assert (
        data["paired"]["choices"][0]["recommended"] == plan.recommended and "accuracy" not in data["configurations"][0]
    )
    targeted = _plan(run, 1e6, target=0.5)
    assert targeted.paired is not None and targeted.paired.rule.rule == "target"
    assert targeted.recommended == targeted.paired.choices[0].recommended


def test_pools_on_different_problems_are_compared_on_the_common_ones(cli: Cli, run: Path) -> None:
    _sample(cli, run, "wide", delay=0.002)  # same 10 problems
    code, out = cli("sample", "--run", run, "--pool", "short", "--backend", "mock", "--model", "m2", "--limit", "6",
                    "-n", "2", "--temperature", "0.7")  # fmt: skip
    assert code == 0, out
    plan = _plan(run, 1e6)
    assert plan.paired is not None
    # six shared problems are below the paired minimum (10): the named independent fallback, said so
    assert plan.paired.method == "independent"
    assert [n.code for n in plan.paired.notices][:1] == ["independent-fallback"]
    assert any(r.startswith("independent approximation over") for r in plan.reasons)
    assert any(r.startswith("note: independent normal approximation") for r in plan.reasons)


def test_a_pool_on_more_problems_is_compared_on_the_shared_ones(cli: Cli, run: Path) -> None:
    code, out = cli("sample", "--run", run, "--pool", "long", "--backend", "mock", "--model", "m3", "--limit", "14",
                    "-n", "2", "--temperature", "0.7")  # fmt: skip
    assert code == 0, out
    plan = _plan(run, 1e6)
    assert plan.paired is not None and plan.paired.method == "paired" and plan.paired.problems == 10
    assert [n.code for n in plan.paired.notices] == ["common-problems"]
    assert any(r.startswith("note: compared on the 10 problems") for r in plan.reasons)
