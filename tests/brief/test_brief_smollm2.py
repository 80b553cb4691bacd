"""One real generation with the packaged SmolLM2-135M-Instruct (prepared on first use under the
models folder: ~1 min once).  The model is weak, so these tests assert what the pipeline must
guarantee whatever the model writes: a brief within the length, in English, every name and
number supported by the cleaned seed, canonical names, and reported sources."""

from pathlib import Path

import pytest

from mtbrief.brief import brief
from mtbrief.brief.guard import SourceIndex, check
from mtbrief.brief.text import count_words, split_sentences

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_f02d0a58a933895d.txt"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_brief():
    return brief(SEED.read_text(encoding="utf-8"), model="small", backend="ctranslate2",
                 device="cpu")


def test_seed_brief_is_faithful_short_and_english(seed_brief):
    r = seed_brief
    assert r.brief and r.lang == "en"
    assert count_words(r.brief) <= 60 and len(split_sentences(r.brief)) <= 3
    assert "Kenny" not in r.brief
    index = SourceIndex(r.clean.text, r.clean.lang, r.clean.script, r.clean.name_map)
    assert check(r.brief, index, "en").unsupported == []
    assert r.guard.supported
    assert r.guard.action in {"none", "retry", "removed_sentences", "extractive"}
    assert r.guard.drafts  # the model was called
    if r.guard.action != "extractive":
        # int8 weights, float32 compute: the small model is below FLOAT32_BELOW_BYTES
        assert r.model == "SmolLM2-135M-Instruct (ctranslate2 float32, cpu)"
    n = len(split_sentences(r.clean.text))
    assert r.source_sentences and all(0 <= i < n for i in r.source_sentences)


def test_transformers_causal_path_left_pads_batches_and_stops_at_im_end(seed_brief):
    from mtbrief.brief.backends import load_backend
    from mtbrief.brief.backends.base import GenerationConfig

    backend = load_backend("small", backend="transformers", device="cpu")
    assert backend.kind == "causal" and backend.family == "chat"
    assert backend.tokenizer.padding_side == "left"
    assert "<|im_end|>" in backend.end_tokens
    prompts = [[{"role": "user", "content": "Name the capital of France."}],
               [{"role": "user", "content": "Write one short sentence about the sea and the "
                 "wind, and the boats that sail on it every morning."}]]
    config = GenerationConfig(max_new_tokens=6)
    batched = backend.generate(prompts, config, batch_size=2)
    # the short prompt is the one left-padded in the batch: alone, it must read the same
    assert batched[0] == backend.generate(prompts[:1], config)[0]
    assert all(t and "<|im_end|>" not in t and "<|im_start|>" not in t for t in batched)
