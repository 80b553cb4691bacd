"""The transformers backend: AutoModelForSeq2SeqLM (BART, T5, PEGASUS, mT5, FLAN-T5) or
AutoModelForCausalLM with the chat template (instruction models); CPU or CUDA; batched, with left
padding for decoder-only models.  Loads from local files only, never from the network."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from ...errors import ModelUnavailableError
from .base import Backend, GenerationConfig, Prompt, family_for


def pick_torch_device(device: str = "auto") -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailableError("device 'cuda' requested but torch sees no CUDA device")
    return device


class TransformersBackend(Backend):
    backend_name: ClassVar[str] = "transformers"

    def __init__(self, path: Path, name: str | None = None, device: str = "auto") -> None:
        import torch
        from transformers import (
            AutoConfig,
            AutoModelForCausalLM,
            AutoModelForSeq2SeqLM,
            AutoTokenizer,
        )

        device = pick_torch_device(device)
        try:
            config = AutoConfig.from_pretrained(path, local_files_only=True)
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load model files from {path}: {exc}") from None
        kind, family = family_for(config, tokenizer)
        super().__init__(name or Path(path).name, tokenizer, kind, family, device)
        dtype = torch.float32 if device == "cpu" else torch.float16
        if device != "cpu" and torch.cuda.is_bf16_supported():
            dtype = torch.bfloat16
        cls = AutoModelForSeq2SeqLM if kind == "seq2seq" else AutoModelForCausalLM
        self.model = cls.from_pretrained(path, local_files_only=True, dtype=dtype).to(device)
        self.model.eval()
        if kind == "causal":
            tokenizer.padding_side = "left"  # generation continues from the right end
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        self._config = config

    @property
    def max_positions(self) -> int:
        for attr in ("max_position_embeddings", "n_positions", "max_sequence_length"):
            value = getattr(self._config, attr, None)
            if isinstance(value, int) and value > 0:
                return value
        limit = getattr(self.tokenizer, "model_max_length", 0)
        return limit if 0 < limit < 1_000_000 else 512  # T5: relative positions, trained on 512

    def preprocess(self, prompts: Sequence[Prompt]) -> Any:
        texts = [self.render(p) for p in prompts]
        # Chat templates already hold the special tokens the model expects.
        special = self.kind == "seq2seq" or all(isinstance(p, str) for p in prompts)
        return self.tokenizer(
            texts,
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_positions,
            add_special_tokens=special,
        ).to(self.device)

    def forward(self, inputs: Any, config: GenerationConfig) -> list[list[int]]:
        import torch

        eos = [self.tokenizer.eos_token_id]
        eos += [self.tokenizer.convert_tokens_to_ids(t) for t in self.end_tokens]
        kwargs: dict[str, Any] = {
            "max_new_tokens": config.max_new_tokens,
            "num_beams": config.num_beams,
            "repetition_penalty": config.repetition_penalty,
            "no_repeat_ngram_size": config.no_repeat_ngram_size,
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": sorted({i for i in eos if i is not None}),
            "do_sample": config.temperature > 0,
        }
        if config.temperature > 0:
            kwargs["temperature"] = config.temperature
            torch.manual_seed(config.seed)
        with torch.inference_mode():
            out = self.model.generate(**inputs, **kwargs)
        if self.kind == "causal":
            out = out[:, inputs["input_ids"].shape[1] :]  # drop the prompt
        pad = self.tokenizer.pad_token_id
        return [[t for t in row.tolist() if t != pad] for row in out]
