"""A plan's recommendation in words: what it costs (fixed terms itemised), what it beats, where the alternatives
win, and how sure the accuracy intervals let it be."""

from __future__ import annotations

from tradeoff.cost.money import usd
from tradeoff.cost.plan import Plan


def plan_reasons(plan: Plan) -> tuple[str, ...]:
    """Why the plan recommends what it does: accuracy, cost split, what it beats, where others win."""
    by_name = {p.configuration.name: p for p in plan.configurations}
    d = plan.decision
    info, price, q = by_name[d.recommended], plan.price, f"{d.queries:,.0f}"
    chosen = info.configuration
    total = chosen.total(d.queries)
    why = {
        "budget": f"the most accurate within {usd(d.budget or 0)}",
        "most-accurate": "the most accurate on the frontier",
        "target": f"the cheapest reaching accuracy {d.target or 0:g}",
        "not-credibly-worse": "the cheapest not credibly worse than the most accurate",
    }[d.rule]
    out = [
        f"{chosen.name} is {why} at {q} queries: accuracy {chosen.accuracy.format()}",
        f"cost at {q} queries: {usd(total)} = fixed {usd(chosen.fixed_cost)} + {q} × {usd(chosen.per_query_cost)}"
        f" per query ({info.tokens_per_query:.1f} tokens × {info.seconds_per_token:.3g} s/token measured × "
        f"${price.usd_per_hour:g}/h {plan.hardware}, {price.source}, {price.date})",
        *(f"{chosen.name}: {flag}" for flag in info.flags),
    ]
    if info.overheads:
        terms = " + ".join(f"{t.kind} {usd(t.dollars(price))}" for t in info.overheads)
        out.append(f"fixed cost {usd(chosen.fixed_cost)} = {terms}")
    out += paired_reasons(plan)
    out += uncertainty_reasons(plan)
    out.append(f"priced what was asked: {plan.asked} ({len(plan.configurations)} configurations)")
    beaten = [
        name
        for name, p in by_name.items()
        if name != chosen.name
        and p.configuration.total(d.queries) >= total
        and p.configuration.accuracy.value <= chosen.accuracy.value
    ]
    if beaten:
        out.append(f"it is at least as cheap and as accurate as {len(beaten)} others: {', '.join(beaten)}")
    for name, even in d.break_evens:
        other = by_name[name].configuration
        wins = "cheaper" if other.total(d.queries) < total else "more accurate"
        line = f"{name} ({other.accuracy.format()}, {usd(other.total(d.queries))}) is {wins} at {q} queries"
        if even.kind == "crossing":
            below, above = even.cheaper_below, even.cheaper_above
            line += f"; costs cross at Q* = {even.queries:,.0f}: {below} is cheaper below, {above} above"
        elif even.kind == "equal":
            line += "; the two cost the same at every volume"
        else:
            line += f"; {chosen.name if even.kind == 'always' else name} is cheaper at every volume"
        out.append(line)
    return tuple(out)


def paired_reasons(plan: Plan) -> list[str]:
    """How sure the decision is, paired over the same problems, beside the independent approximation."""
    if plan.paired is None:
        return ["no paired uncertainty: a configuration has no per-problem measurements (a search or an import)"]
    paired = plan.paired
    c, other = paired.choices[0], plan.independent.choices[0] if plan.independent else None
    how = (f"paired over {paired.problems} common problems" if paired.method == "paired"
           else f"independent approximation over {paired.problems} problems")  # fmt: skip
    out = [
        f"{how} ({paired.draws:,} bootstrap draws), rule {paired.rule.describe()}: {c.recommended} is the best "
        f"choice in {c.p_best:.0%} of draws"
    ]
    if paired.rule.rule == "not-credibly-worse" and c.recommended in paired.names:
        worse = c.p_worse[paired.names.index(c.recommended)]
        out.append(f"P({c.recommended} trails the most accurate by more than {100 * paired.rule.delta:.1f} points) = "
                   f"{worse:.0%}")  # fmt: skip
    if c.runner_up is not None and c.difference is not None:
        d = c.difference
        line = (f"runner-up {c.runner_up} ({c.p_runner_up:.0%} of draws); paired difference "
                f"{100 * d.value:+.1f} points [{100 * d.low:+.1f}, {100 * d.high:+.1f}]")  # fmt: skip
        if other is not None and other.difference is not None:
            o = other.difference
            line += (f"; the independent approximation gives [{100 * o.low:+.1f}, {100 * o.high:+.1f}] "
                     f"(width {100 * (o.high - o.low):.1f} vs {100 * (d.high - d.low):.1f} points paired)")  # fmt: skip
        out.append(line)
    if c.settle is not None:
        s = c.settle
        need = "no number of problems would settle it" if s.needed is None else f"{s.needed:,} problems would settle it"
        out.append(f"{need} at {s.confidence:.0%} ({s.assumption})")
    out += [f"note: {n.message}" for n in plan.paired.notices]
    return out


def uncertainty_reasons(plan: Plan) -> list[str]:
    """The Monte Carlo view: frontier shares at Q, the recommendation's share, the switch interval."""
    d = plan.decision
    out = []
    shares = dict(d.on_frontier)
    if shares:
        listed = ", ".join(f"{name} {share:.0%}" for name, share in sorted(shares.items(), key=lambda x: -x[1]))
        out.append(f"on the frontier at {d.queries:,.0f} queries in this share of accuracy draws: {listed}")
    if d.chosen_share is not None:
        out.append(f"{d.recommended} is the cheapest reaching {d.target or 0:g} in {d.chosen_share:.0%} "
                   "of accuracy draws")  # fmt: skip
    if d.switch is not None:
        s = d.switch
        if s.no_switch < 1:
            out.append(f"the cheapest configuration reaching {d.target or 0:g} first changes at Q ≈ "
                       f"{s.median:,.0f} (95 % interval {s.low:,.0f} – {s.high:,.0f}); "
                       f"it never changes in {s.no_switch:.0%} of draws")  # fmt: skip
        else:
            out.append(f"the cheapest configuration reaching {d.target or 0:g} never changes with volume")
    return out
