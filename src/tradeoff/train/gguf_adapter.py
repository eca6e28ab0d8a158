"""A PEFT LoRA adapter → a GGUF LoRA adapter, for the ``llamacpp`` backend (``lora_path``).

llama.cpp reads adapters in its own GGUF format. Its converter, ``convert_lora_to_gguf.py``, is not in the
llama-cpp-python wheel; it ships in the source archive on PyPI (``vendor/llama.cpp``: the script, the
``conversion`` package it imports and the matching ``gguf-py``). :func:`llama_cpp_converter` fetches the
archive of the installed llama-cpp-python version once with ``pip download`` (PyPI is the only source, the
same one that built the wheel) and keeps those three parts under ``cache_root()/llama-cpp-convert/<version>``.
:func:`export_gguf_adapter` runs the script in a subprocess (it needs torch, transformers and ``gguf``: the
``hf`` extra) against the base model's local Hugging Face folder — for a GGUF alias, the converted folder of
:mod:`tradeoff.backends.gguf_cache` — writing float32 weights.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tradeoff.backends.models import cache_root, local_hf_folder
from tradeoff.errors import BackendError, ConfigError
from tradeoff.registry import require
from tradeoff.train.export import base_of

SCRIPT = "convert_lora_to_gguf.py"
_PARTS = (SCRIPT, "convert_hf_to_gguf.py", "conversion/", "gguf-py/")


def llama_cpp_converter(*, cache: Path | None = None) -> Path:
    """The converter folder for the installed llama-cpp-python, fetched from PyPI on first use."""
    version = str(require("llama_cpp", "llamacpp").__version__)
    target = (cache or cache_root()) / "llama-cpp-convert" / version
    if (target / SCRIPT).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        done = subprocess.run(
            [*command, f"llama-cpp-python=={version}", "-d", scratch], capture_output=True, text=True, check=False
        )
        archives = sorted(Path(scratch).glob("llama_cpp_python-*.tar.gz"))
        if done.returncode != 0 or not archives:
            tail = " ".join(done.stderr.split())[-200:]
            raise BackendError(f"could not fetch the llama-cpp-python {version} source archive: {tail}")
        _extract(archives[0], Path(scratch) / "convert")
        try:
            (Path(scratch) / "convert").rename(target)
        except OSError:
            if not (target / SCRIPT).is_file():
                raise
    return target


def _extract(archive: Path, into: Path) -> None:
    """Copy the converter's parts out of ``vendor/llama.cpp`` in the source archive."""
    with tarfile.open(archive) as tar:
        members = []
        for member in tar.getmembers():
            _, _, inner = member.name.partition("/vendor/llama.cpp/")
            if inner and any(inner == p or (p.endswith("/") and inner.startswith(p)) for p in _PARTS):
                member.name = inner
                members.append(member)
        tar.extractall(into, members=members, filter="data")
    if not (into / SCRIPT).is_file():
        raise BackendError(f"{archive.name} has no vendor/llama.cpp/{SCRIPT}")


def export_gguf_adapter(adapter: Path, out: Path, *, model: str | None = None, converter: Path | None = None) -> Path:
    """Convert the PEFT adapter folder ``adapter`` to the GGUF file ``out`` (float32); returns ``out``."""
    adapter = Path(adapter)
    if not (adapter / "adapter_config.json").is_file():
        raise ConfigError(f"{adapter} has no adapter_config.json; pass a PEFT adapter folder")
    base = local_hf_folder(model or base_of(adapter))
    script = (converter or llama_cpp_converter()) / SCRIPT
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(script), "--base", str(base), "--outtype", "f32", "--outfile", str(out)]
    done = subprocess.run([*command, str(adapter)], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        tail = " ".join((done.stderr or done.stdout).split())[-300:]
        raise BackendError(f"{SCRIPT} failed on {adapter}: {tail}")
    return out


__all__ = ["SCRIPT", "export_gguf_adapter", "llama_cpp_converter"]
