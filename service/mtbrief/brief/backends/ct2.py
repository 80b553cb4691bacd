"""The CTranslate2 backend: ``Generator`` for decoder-only models, ``Translator`` for
encoder-decoder ones; int8 on CPU (float32 for models under :data:`FLOAT32_BELOW_BYTES`),
float16 on CUDA.  It reads a converted folder (the caller
converts once and caches it: see :func:`mtbrief.brief.backends.ct2_folder`) plus the Hugging Face
tokenizer saved beside it.  Never downloads."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from ...errors import ModelUnavailableError
from ..models import SIDECAR
from .base import Backend, GenerationConfig, Prompt

# A model whose int8 weights are smaller than this computes in float32 on CPU.  SmolLM2-135M (the
# small model: 0.17 GB) is too small to take int8 activations: on an AVX2-only CPU (AMD EPYC,
# no AVX-512) its greedy briefs derail ("The article is in Japanese, in at most 1 sentence.") and
# the smoke suite's briefs scored R-1 0.32 in int8; float32 wrote the expected briefs (see
# RESULTS.md).  On the earlier AVX-512 machines int8 had scored 0.50-0.55.  Float32 costs a model
# this small little; larger ones (Qwen2.5-Coder-1.5B, 1.6 GB) keep int8.
FLOAT32_BELOW_BYTES = 400_000_000


def pick_ct2_device(device: str = "auto") -> str:
    import ctranslate2

    has_cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device.startswith("cuda") and not has_cuda:
        raise ModelUnavailableError("device 'cuda' requested but CTranslate2 sees no CUDA device")
    return "cuda" if device.startswith("cuda") else "cpu"


def ct2_threads() -> int:
    """Threads for one CTranslate2 model: ``MTBRIEF_CT2_THREADS``, else the cores this process
    may use, at most 4 (CTranslate2's default of 4 oversubscribes small machines)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return int(os.environ.get("MTBRIEF_CT2_THREADS", "0")) or min(4, cores or 1)


def ct2_sidecar(path: Path) -> dict[str, Any]:
    """What ``mtbrief models prepare`` recorded beside a converted folder (empty if nothing)."""
    meta_path = Path(path) / SIDECAR
    return json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}


def load_ct2_tokenizer(path: Path) -> Any:
    """The Hugging Face tokenizer saved in a CTranslate2 folder.  The folder's config.json is
    CTranslate2's, which transformers' Mistral-tokenizer check misreads as "maybe Mistral" (and
    warns of "an incorrect regex pattern" for Qwen's correct one); say from the source model
    type recorded at conversion what it is."""
    from transformers import AutoTokenizer

    mistral = ct2_sidecar(path).get("model_type") in {"mistral", "mistral3", "ministral", "pixtral"}
    return AutoTokenizer.from_pretrained(path, local_files_only=True, fix_mistral_regex=mistral)


class CTranslate2Backend(Backend):
    backend_name: ClassVar[str] = "ctranslate2"

    def __init__(self, path: Path, name: str | None = None, device: str = "auto") -> None:
        import ctranslate2

        device = pick_ct2_device(device)
        path = Path(path)
        meta = ct2_sidecar(path)
        try:
            tokenizer = load_ct2_tokenizer(path)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(
                f"CTranslate2 folder {path} has no usable tokenizer ({exc})"
            ) from None
        kind = meta.get("kind") or ("causal" if tokenizer.chat_template else "seq2seq")
        family = meta.get("family") or ("chat" if kind == "causal" else "seq2seq")
        super().__init__(name or meta.get("name") or path.name, tokenizer, kind, family, device)
        self.quantization = meta.get("quantization", "int8")
        quant = str(self.quantization)
        if device == "cpu":
            weights = path / "model.bin"
            small = weights.is_file() and weights.stat().st_size < FLOAT32_BELOW_BYTES
            compute = "int8" if quant.startswith("int8") and not small else "float32"
        else:
            compute = "int8_float16" if quant.startswith("int8") else "float16"
        cls = ctranslate2.Generator if kind == "causal" else ctranslate2.Translator
        threads = ct2_threads()
        self.model = cls(str(path), device=device, compute_type=compute, intra_threads=threads)
        self.path = path
        self.compute_type = compute
        self._max_positions = int(meta.get("max_positions") or 2048)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.backend_name} {self.compute_type}, {self.device})"

    @property
    def max_positions(self) -> int:
        return self._max_positions

    def preprocess(self, prompts: Sequence[Prompt]) -> list[list[str]]:
        texts = [self.render(p) for p in prompts]
        special = self.kind == "seq2seq" or all(isinstance(p, str) for p in prompts)
        ids = self.tokenizer(
            texts, add_special_tokens=special, truncation=True, max_length=self.max_positions
        )["input_ids"]
        return [self.tokenizer.convert_ids_to_tokens(row) for row in ids]

    def forward(self, inputs: list[list[str]], config: GenerationConfig) -> list[list[int]]:
        sampling = (
            {"sampling_topk": 50, "sampling_temperature": config.temperature}
            if config.temperature > 0
            else {"sampling_topk": 1}
        )
        common: dict[str, Any] = {
            "beam_size": config.num_beams,
            "repetition_penalty": config.repetition_penalty,
            "no_repeat_ngram_size": config.no_repeat_ngram_size,
            **sampling,
        }
        if self.kind == "causal":
            end = [*self.end_tokens, self.tokenizer.eos_token]
            results = self.model.generate_batch(
                inputs,
                max_length=config.max_new_tokens,
                include_prompt_in_result=False,
                end_token=[t for t in dict.fromkeys(end) if t],
                **common,
            )
            return [r.sequences_ids[0] for r in results]
        results = self.model.translate_batch(
            inputs, max_decoding_length=config.max_new_tokens, **common
        )
        return [self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
