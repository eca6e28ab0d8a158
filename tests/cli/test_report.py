"""``tradeoff report``: the HTML opened in a real headless Chromium — every figure loads, planted script never runs.

Chromium is Debian's (``apt-get install -y chromium``, ``/usr/bin/chromium``), driven by the ``playwright``
package without ``playwright install``; the test skips with the reason where that binary is absent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tradeoff.backends import get_backend
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import sample
from tradeoff.types import Generation, GenerationRequest

Cli = Callable[..., tuple[int, str]]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
PLANTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> The answer is 7.'


class Planting:
    """The mock backend, except that the first sample it makes carries HTML and script."""

    def __init__(self) -> None:
        self.inner = get_backend("mock", "m", accuracy=0.6)
        self.batch_size, self.identity, self.planted = 4, self.inner.identity, False

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        out = self.inner.generate(requests)
        if not self.planted:
            out[0][0] = dataclasses.replace(out[0][0], text=PLANTED)
            self.planted = True
        return out

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def run(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    spec = PoolSpec(name="base", backend="mock", model="m", limit=8, n=4, backend_options={"delay": 0.001},
                    sampling={"temperature": 0.7, "max_tokens": 64})  # type: ignore[arg-type]  # fmt: skip
    sample(spec, run, backend=Planting())  # type: ignore[arg-type]
    greedy = spec.model_copy(update={"name": "greedy", "n": 1, "sampling": spec.sampling.model_copy(
        update={"temperature": 0.0})})  # fmt: skip
    sample(greedy, run)
    return run


def test_report_files_and_escaping(cli: Cli, run: Path) -> None:
    code, out = cli("report", run, "--queries", "1e5", "--overhead", "model_load=20s")
    assert code == 0, out
    folder = run / "report"
    for name in ("report.html", "report.md", "report.json", "frontier.png", "curves.png", "cost.png", "phase.png"):
        assert (folder / name).is_file() and f"wrote {folder / name}" in out.replace("\n", "")
    page = (folder / "report.html").read_text()
    assert "<script" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert page.count("data:image/png;base64,") == 4 and 'src="x"' not in page


@pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)"
)
def test_report_in_headless_chromium(cli: Cli, run: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (dev extra)")
    code, out = cli("report", run, "--queries", "1e5", "--target-accuracy", "0.5")
    assert code == 0, out
    url = (run / "report" / "report.html").resolve().as_uri()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url, wait_until="load")
            images = page.eval_on_selector_all("img", "els => els.map(i => [i.complete, i.naturalWidth, i.alt])")
            text = page.inner_text("body")
            pwned = page.evaluate("() => typeof window.__pwned")
        finally:
            browser.close()
    assert len(images) == 4, images
    assert all(complete and width > 0 for complete, width, _ in images), images
    assert pwned == "undefined" and not errors
    assert "<script>window.__pwned = 1</script>" in text and '<img src=x onerror="window.__pwned = 2">' in text
