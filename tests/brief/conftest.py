"""Fixtures for the brief tests: tiny random-weight T5 and BART models built from configs and
saved to temporary folders (real loading code, no downloads), a private models folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtbrief.config import Settings

VOCAB_TEXT = (
    "the a of in on and to was is were said by for with at from that it as his her they "
    "attack attacks base forces soldiers minister talks withdrawal iraq iran syria us "
    "government statement officials july august report reuters people two three eight "
    "president city police new after before week year . , ' -"
)


def _word_tokenizer(specials: list[str], template: str):
    """A word-level tokenizer over VOCAB_TEXT (built offline with the tokenizers library)."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    words = list(dict.fromkeys(VOCAB_TEXT.split()))
    vocab = {tok: i for i, tok in enumerate([*specials, *words])}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single=template, special_tokens=[(t, vocab[t]) for t in specials if t in template]
    )
    return vocab, tok, PreTrainedTokenizerFast


def _save_without_specials(model, ids: list[int], path: Path) -> None:
    """Zero the output rows of special tokens, so a random model writes words, not an early
    end-of-sequence (greedy decoding then runs for max_new_tokens, on every backend alike)."""
    import torch

    with torch.no_grad():
        model.get_output_embeddings().weight[ids] = 0.0
    model.eval().save_pretrained(path)


def build_tiny_t5(path: Path) -> Path:
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    specials = ["<pad>", "</s>", "<unk>"]
    vocab, tok, fast = _word_tokenizer(specials, "$A </s>")
    tokenizer = fast(tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>",
                     model_max_length=512)
    torch.manual_seed(0)
    config = T5Config(
        vocab_size=len(vocab), d_model=32, d_kv=8, d_ff=64, num_layers=2, num_decoder_layers=2,
        num_heads=4, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    )
    _save_without_specials(T5ForConditionalGeneration(config), [0, 1, 2], path)
    tokenizer.save_pretrained(path)
    return path


def build_tiny_bart(path: Path) -> Path:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocab, tok, fast = _word_tokenizer(specials, "<s> $A </s>")
    tokenizer = fast(tokenizer_object=tok, bos_token="<s>", pad_token="<pad>", eos_token="</s>",
                     unk_token="<unk>", model_max_length=128)
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=128, pad_token_id=1, bos_token_id=0,
        eos_token_id=2, decoder_start_token_id=2, forced_bos_token_id=None,
        forced_eos_token_id=None,
    )
    _save_without_specials(BartForConditionalGeneration(config), [0, 1, 2, 3], path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_t5(tmp_path_factory.mktemp("tiny-t5"))


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bart(tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="session")
def tmp_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings with a private, empty models folder (conversions land there)."""
    return Settings(models_dir=tmp_path_factory.mktemp("models"))
