"""What the law figures show: groups per model size, bands from refits, the compute-optimal line on the contours."""

from __future__ import annotations

import numpy as np

from tradeoff.laws import BESIROGLU_2024, T2LossLaw, T2LossPoints, T2PassLaw, fit_t2_loss, fit_t2_pass
from tradeoff.laws.figures import contours, groups, t2_figure, t2_pass_figure


def test_groups_are_distinct_sizes_or_six_log_bins(rng: np.random.Generator) -> None:
    few = np.array([1e8, 1e9, 1e8, 1e10])
    assert [g for g, _ in groups(few)] == [1e8, 1e9, 1e10]
    many = np.exp(rng.uniform(np.log(1e7), np.log(1e11), size=200))
    binned = groups(many)
    assert len(binned) == 6 and sum(int(mask.sum()) for _, mask in binned) == 200


def test_the_optimal_line_has_the_lowest_loss_at_its_compute() -> None:
    n = np.geomspace(1e8, 1e10, 10)
    iso = contours(BESIROGLU_2024, n, 20 * n, BESIROGLU_2024.loss(n, 20 * n))
    for params, tokens in zip(iso.line_x[::10], iso.line_y[::10], strict=True):
        compute = 6 * params * tokens
        others = np.geomspace(params / 3, params * 3, 41)
        assert BESIROGLU_2024.loss(params, tokens) <= BESIROGLU_2024.loss(others, compute / (6 * others)).min() + 1e-12


def test_t2_figures_draw_each_model_with_its_band(rng: np.random.Generator) -> None:
    truth = T2LossLaw(E=1.7, A=300.0, B=800.0, G=0.6, alpha=0.35, beta=0.3, gamma=0.5)
    n = np.repeat([1e8, 1e9, 1e10], 30)
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=90))
    k = 2.0 ** rng.integers(0, 8, size=90)
    fit = fit_t2_loss(T2LossPoints(n, d, k, truth.loss(n, d, k)), bootstrap=10, rng=rng)
    curves, iso = t2_figure(fit, n, d, k, truth.loss(n, d, k)).panels
    lines = [s for s in curves.series if not s.markers]
    assert len(lines) == 3 and all(s.low is not None and np.all(np.isfinite(s.low)) for s in lines)
    assert iso.contours is not None
    model = T2PassLaw(BESIROGLU_2024, 12.0, -5.5, 1.5)
    n = np.repeat(np.geomspace(1e8, 1e10, 12), 4)
    d = 20 * n
    k = np.tile([1.0, 4.0, 16.0, 64.0], 12)
    fit_pass = fit_t2_pass(n, d, k, model.pass_at_k(n, d, k), law=BESIROGLU_2024)
    (panel,) = t2_pass_figure(fit_pass, n, d, k, model.pass_at_k(n, d, k)).panels
    shown = [s.x.size for s in panel.series if s.markers]
    assert len(shown) == 8 and panel.series[-2].label.startswith("N = 1e+10")  # spread, the largest included
