"""A planted secret — ``--backend-option api_key=…``, a spec's ``options:``, credentials in a ``base_url`` —
is used, but appears nowhere: not in any file of the run directory, not in a dump of the ledger, not in any
output or error, and not in a sample's identity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.fake_openai import FaultServer, fault_server
from tradeoff.cli.main import main
from tradeoff.secrets import REDACTED, is_secret_name, redact, redact_url, scrub

KEY, PASSWORD, SPEC_KEY = "sk-PLANTED-cli-4f1e2d", "PLANTED-pw-9c8b", "sk-PLANTED-spec-77aa"
SECRETS = (KEY, PASSWORD, SPEC_KEY)


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


def leaks(run: Path, outputs: list[str]) -> list[str]:
    """Where any planted secret (or a recognisable piece of it) was found."""
    found = []
    needles = [s.encode() for s in SECRETS] + [b"PLANTED"]
    for path in run.rglob("*"):
        if path.is_file() and any(n in path.read_bytes() for n in needles):
            found.append(str(path))
    with sqlite3.connect(run / "ledger.sqlite") as db:
        dump = "\n".join(db.iterdump())
    found += ["ledger dump"] if "PLANTED" in dump else []
    found += [f"output {i}" for i, text in enumerate(outputs) if "PLANTED" in text]
    return found


SPEC = """\
name: secrets
run_dir: {run}
tasks: [{{name: arithmetic, limit: 3}}]
models:
  - name: api
    backend: openai
    model: tiny
    options: {{base_url: "http://alice:{password}@127.0.0.1:{port}/v1", api_key: {key}, max_retries: 0}}
sampling: {{temperature: 0.7, max_tokens: 16}}
strategies: [{{name: majority, budgets: [1, 2]}}]
cost: {{queries: [1000]}}
"""


def test_a_planted_secret_is_used_but_never_stored_hashed_or_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run, outputs = tmp_path / "run", []
    with fault_server() as server:
        url = f"http://bob:{PASSWORD}@127.0.0.1:{server.port}/v1"
        sample = ["sample", "--run", str(run), "--backend", "openai", "--model", "tiny", "--limit", "3"]
        sample += ["--backend-option", f"base_url={url}", "--backend-option", f"api_key={KEY}"]
        code, text = cli(sample, capsys)
        outputs.append(text)
        assert code == 0, text
        assert all(h.get("Authorization") == f"Bearer {KEY}" for _, h in server.calls)  # the key was used
        code, text = cli(["show", str(run), "--write"], capsys)
        outputs.append(text)
        assert code == 0, text
        outputs.append(_failures(server, run, url, capsys))
        spec = tmp_path / "spec.yaml"
        spec.write_text(SPEC.format(run=tmp_path / "exp", password=PASSWORD, port=server.port, key=SPEC_KEY))
        code, text = cli(["run", str(spec)], capsys)
        outputs.append(text)
        assert code == 0, text
        assert any(h.get("Authorization") == f"Bearer {SPEC_KEY}" for _, h in server.calls)
    assert (run / "summary.json").is_file() and (tmp_path / "exp" / "experiment.json").is_file()
    assert leaks(run, outputs) == [] and leaks(tmp_path / "exp", []) == []
    with sqlite3.connect(run / "ledger.sqlite") as db:
        backends = {r[0] for r in db.execute("SELECT backend FROM samples")}
    assert backends == {f"openai/127.0.0.1:{server.port}/tiny"}  # no credentials in the sample identity


def _failures(server: FaultServer, run: Path, url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Errors that name the server or the options must not print the secret either."""
    base = ["sample", "--run", str(run), "--backend", "openai", "--model", "tiny", "--limit", "4", "--pool", "x"]
    texts = []
    server.mode = "401"
    code, text = cli([*base, "--backend-option", f"base_url={url}", "--backend-option", f"api_key={KEY}"], capsys)
    assert code == 2 and "API key" in text and REDACTED in text
    texts.append(text)
    code, text = cli([*base, "--backend-option", f"api_key={KEY}", "--backend-option", "nope=1"], capsys)
    assert code == 2 and "nope: Extra inputs are not permitted" in text
    texts.append(text)
    code, text = cli([*base, "--backend-option", f"base_url=ftp://u:{PASSWORD}@h/v1"], capsys)
    assert code == 2
    server.mode = "ok"
    return "\n".join([*texts, text])


def test_secret_names() -> None:
    secret = ["api_key", "OPENAI_API_KEY", "hf_token", "access-token", "password", "db_password", "secret"]
    plain = ["api_key_env", "max_tokens", "top_k", "tokens", "model", "base_url", "keyword"]
    assert all(is_secret_name(n) for n in secret) and not any(is_secret_name(n) for n in plain)


def test_redaction_keeps_everything_else() -> None:
    options = {"api_key": "sk-1234", "base_url": "https://u:p4ss@host:8000/v1?api_key=sk-9999&x=1", "n": [1, 2]}
    clean = redact(options)
    assert clean["api_key"] == REDACTED and clean["n"] == [1, 2]
    assert clean["base_url"].startswith(f"https://{REDACTED}@host:8000/v1?") and "x=1" in clean["base_url"]
    assert not any(s in str(clean) for s in ("sk-1234", "p4ss", "sk-9999"))
    assert "sk-1234" not in scrub("the key sk-1234 failed") and "p4ss" not in scrub("p4ss was refused")
    assert redact_url("http://127.0.0.1:8000/v1") == "http://127.0.0.1:8000/v1"
