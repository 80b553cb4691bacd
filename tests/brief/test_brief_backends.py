"""Both backends on tiny random-weight T5 and BART models (real loading and conversion code)."""

import pytest

from mtbrief.brief.backends import clear_cache, load_backend
from mtbrief.brief.backends.base import GenerationConfig
from mtbrief.brief.backends.ct2 import CTranslate2Backend
from mtbrief.brief.backends.hf import TransformersBackend
from mtbrief.brief.prepare import convert_ct2

PROMPTS = [
    "the attack on the base was in july .",
    "iran said the talks were new and the soldiers were at the base in iraq after two weeks .",
    "reuters report .",
]
CONFIG = GenerationConfig(max_new_tokens=6)


@pytest.fixture(params=["t5", "bart"])
def tiny(request, tiny_t5, tiny_bart):
    return {"t5": tiny_t5, "bart": tiny_bart}[request.param], request.param


def test_transformers_seq2seq_generates_and_batching_changes_nothing(tiny):
    path, kind = tiny
    backend = TransformersBackend(path, device="cpu")
    assert backend.kind == "seq2seq"
    assert backend.family == ("t5" if kind == "t5" else "seq2seq")
    batched = backend.generate(PROMPTS, CONFIG, batch_size=3)
    single = [backend.generate([p], CONFIG)[0] for p in PROMPTS]
    assert batched == single
    assert all(isinstance(t, str) and t for t in batched)
    assert all("<pad>" not in t and "</s>" not in t for t in batched)


def test_ctranslate2_float32_matches_transformers_token_for_token(tiny, tmp_path):
    path, _ = tiny
    reference = TransformersBackend(path, device="cpu").generate(PROMPTS, CONFIG)
    folder = convert_ct2(path, tmp_path / "ct2", "float32")
    backend = CTranslate2Backend(folder, device="cpu")
    assert backend.kind == "seq2seq" and backend.compute_type == "float32"
    assert backend.generate(PROMPTS, CONFIG, batch_size=2) == reference


def test_ctranslate2_small_int8_models_compute_in_float32_on_cpu(tiny, tmp_path, monkeypatch):
    """int8 activations derail a very small model's greedy decoding on CPUs without AVX-512, so
    int8 weights under FLOAT32_BELOW_BYTES compute in float32; larger ones stay int8."""
    from mtbrief.brief.backends import ct2

    path, _ = tiny
    folder = convert_ct2(path, tmp_path / "ct2", "int8")
    assert (folder / "model.bin").stat().st_size < ct2.FLOAT32_BELOW_BYTES
    assert CTranslate2Backend(folder, device="cpu").compute_type == "float32"
    monkeypatch.setattr(ct2, "FLOAT32_BELOW_BYTES", 0)
    backend = CTranslate2Backend(folder, device="cpu")
    assert backend.compute_type == "int8" and "ctranslate2 int8, cpu" in backend.label


def test_ctranslate2_int8_conversion_is_done_once_and_cached(tiny_t5, tmp_settings):
    clear_cache()
    first = load_backend(str(tiny_t5), backend="ctranslate2", device="cpu",
                         settings=tmp_settings)
    assert first is load_backend(str(tiny_t5), backend="ctranslate2", device="cpu",
                                 settings=tmp_settings)
    assert first.label.startswith("tiny-t5") or "ctranslate2 int8, cpu" in first.label
    converted = list((tmp_settings.models_dir / "converted").glob("*-int8"))
    assert len(converted) == 1
    stamp = (converted[0] / "model.bin").stat().st_mtime_ns
    clear_cache()
    again = load_backend(str(tiny_t5), backend="ctranslate2", device="cpu", settings=tmp_settings)
    assert again is not first
    assert (converted[0] / "model.bin").stat().st_mtime_ns == stamp
    assert all(isinstance(t, str) for t in again.generate(PROMPTS, CONFIG))


def test_auto_backend_prefers_ctranslate2(tiny_bart, tmp_settings):
    backend = load_backend(str(tiny_bart), backend="auto", device="cpu", settings=tmp_settings)
    assert backend.backend_name == "ctranslate2"


def test_unknown_backend_and_missing_cuda(tiny_t5, tmp_settings):
    with pytest.raises(ValueError, match="unknown backend"):
        load_backend(str(tiny_t5), backend="onnx", settings=tmp_settings)
    import torch

    if not torch.cuda.is_available():
        from mtbrief.errors import ModelUnavailableError

        with pytest.raises(ModelUnavailableError, match="cuda"):
            load_backend(str(tiny_t5), backend="transformers", device="cuda",
                         settings=tmp_settings)


def test_token_counting_and_positions(tiny_bart):
    backend = TransformersBackend(tiny_bart, device="cpu")
    assert backend.max_positions == 128
    assert backend.count_tokens(["the attack", ""]) == [2, 0]
    assert backend.count_tokens([]) == []
