"""GGUF adapter export: what it takes from the llama-cpp-python source archive, and what it refuses. The
conversion itself runs against the real converter in tests/backends/test_llamacpp_engine.py."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from tradeoff.errors import BackendError, ConfigError
from tradeoff.train.gguf_adapter import _extract, export_gguf_adapter


def archive(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "llama_cpp_python-0.3.36.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name in names:
            data = f"# {name}\n".encode()
            info = tarfile.TarInfo(f"llama_cpp_python-0.3.36/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_only_the_converter_parts_are_extracted(tmp_path: Path) -> None:
    vendor = "vendor/llama.cpp/"
    names = ["convert_lora_to_gguf.py", "convert_hf_to_gguf.py", "conversion/llama.py", "gguf-py/gguf/__init__.py"]
    source = archive(tmp_path, [vendor + n for n in names] + [vendor + "src/llama.cpp", "llama_cpp/llama.py"])
    _extract(source, tmp_path / "out")
    found = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert found == sorted(names)


def test_an_archive_without_the_script_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match=r"convert_lora_to_gguf\.py"):
        _extract(archive(tmp_path, ["vendor/llama.cpp/convert_hf_to_gguf.py"]), tmp_path / "out")


def test_a_folder_that_is_not_a_peft_adapter_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"adapter_config\.json"):
        export_gguf_adapter(tmp_path, tmp_path / "out.gguf", converter=tmp_path)
