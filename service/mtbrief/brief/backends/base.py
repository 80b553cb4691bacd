"""The one generate contract every backend honours.

Like a Hugging Face pipeline, generation is split into ``preprocess`` (prompt -> token ids),
``forward`` (the model call, batched) and ``postprocess`` (ids -> text, cut at the chat end
token), so each part can be tested and batched apart.  The device is chosen once, when the
backend is built.  Backends know nothing about briefs, prompts' wording or faithfulness: they
turn prompts into text, and must never download anything.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

Message = dict[str, str]
Prompt = str | list[Message]  # plain text (seq2seq) or chat messages (instruction models)

CHAT_END_TOKENS = ("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>")


@dataclass(frozen=True)
class GenerationConfig:
    """Decoding settings shared by all backends (greedy by default: briefs must be stable)."""

    max_new_tokens: int = 128
    num_beams: int = 1
    temperature: float = 0.0  # 0 = greedy; above 0 samples with this temperature
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    seed: int = 0


class Backend(ABC):
    """A loaded model that turns prompts into text."""

    backend_name: ClassVar[str]

    def __init__(self, name: str, tokenizer: Any, kind: str, family: str, device: str) -> None:
        self.name = name
        self.tokenizer = tokenizer
        self.kind = kind  # "causal" or "seq2seq"
        self.family = family  # prompt family: "chat", "t5", "seq2seq"
        self.device = device
        self._lock = threading.Lock()  # one generation at a time per loaded model
        self.end_tokens = [
            t for t in CHAT_END_TOKENS if t in (getattr(tokenizer, "get_vocab", dict)() or {})
        ]

    # ---- facts the planner needs -------------------------------------------------------------
    @property
    def label(self) -> str:
        """What wrote the brief, e.g. ``SmolLM2-135M-Instruct (ctranslate2 int8, cpu)``."""
        return f"{self.name} ({self.backend_name}, {self.device})"

    @property
    @abstractmethod
    def max_positions(self) -> int:
        """Longest input (tokens) the model accepts."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token count of each text, without special tokens."""
        if not texts:
            return []
        enc = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in enc]

    def render(self, prompt: Prompt) -> str:
        """The exact string the model reads (the chat template applied for chat prompts)."""
        if isinstance(prompt, str):
            return prompt
        return self.tokenizer.apply_chat_template(
            prompt, tokenize=False, add_generation_prompt=True
        )

    # ---- the pipeline ------------------------------------------------------------------------
    @abstractmethod
    def preprocess(self, prompts: Sequence[Prompt]) -> Any:
        """Tokenise a batch of prompts."""

    @abstractmethod
    def forward(self, inputs: Any, config: GenerationConfig) -> list[list[int]]:
        """Run the model on one batch; return the generated token ids of each prompt."""

    def postprocess(self, outputs: list[list[int]]) -> list[str]:
        """Decode generated ids, stopping at the first chat end token."""
        texts = []
        for ids in outputs:
            text = self.tokenizer.decode(ids, skip_special_tokens=False)
            for end in self.end_tokens:
                text = text.split(end, 1)[0]
            for special in self.tokenizer.all_special_tokens:
                text = text.replace(special, "")
            texts.append(text.strip())
        return texts

    def generate(
        self,
        prompts: Sequence[Prompt],
        config: GenerationConfig | None = None,
        batch_size: int = 8,
    ) -> list[str]:
        """Text for every prompt, in order; prompts of similar length are batched together."""
        config = config or GenerationConfig()
        rendered = [self.render(p) for p in prompts]
        lengths = self.count_tokens(rendered)
        order = sorted(range(len(prompts)), key=lambda i: lengths[i])
        out: list[str] = [""] * len(prompts)
        with self._lock:
            for k in range(0, len(order), max(1, batch_size)):
                idx = order[k : k + batch_size]
                batch = self.preprocess([prompts[i] for i in idx])
                texts = self.postprocess(self.forward(batch, config))
                for i, text in zip(idx, texts, strict=True):
                    out[i] = text
        return out


def family_for(config: Any, tokenizer: Any) -> tuple[str, str]:
    """(kind, prompt family) of a model from its Hugging Face config and tokenizer."""
    if getattr(config, "is_encoder_decoder", False):
        model_type = getattr(config, "model_type", "")
        return "seq2seq", "t5" if model_type in {"t5", "mt5", "umt5", "longt5"} else "seq2seq"
    return "causal", "chat" if getattr(tokenizer, "chat_template", None) else "seq2seq"
