"""Stage 2: a short, faithful brief of a cleaned article (library entry points).

``brief(text)`` cleans the text (stage 1), writes a brief with the chosen model and backend, and
checks every name and number against the cleaned source (see :mod:`.guard`).  ``brief_many``
does the same for many texts with batched generation (the batch engines and the HTTP service's
micro-batches call it).  The model loads once per process (:func:`.backends.load_backend`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..config import Settings
from .backends import load_backend
from .pipeline import Briefer, BriefOptions, clean_inputs
from .result import BriefResult, GuardReport, UnsupportedSpan


def brief_many(
    texts: Sequence[str | bytes],
    *,
    target_lang: str | None = None,
    max_words: int | None = None,
    max_sentences: int | None = None,
    model: str | None = None,
    glossary: Mapping[str, str] | str | Path | None = None,
    html: bool = False,
    return_edits: bool = True,
    lang: str | None = None,
    backend: str | None = None,
    device: str | None = None,
    batch_size: int = 8,
    settings: Settings | None = None,
) -> list[BriefResult]:
    """Briefs of ``texts`` in order, generated in batches of ``batch_size``.

    Options are those of :func:`brief`.  An input that cannot be cleaned (empty, not UTF-8, too
    large) raises its :class:`~mtbrief.errors.InputError`, naming nothing of the others; callers
    that must go on (batch jobs) call :func:`brief` per record or pre-validate.
    """
    options = BriefOptions.build(target_lang, max_words, max_sentences, batch_size=batch_size)
    t0 = time.perf_counter()
    cleans = clean_inputs(texts, lang=lang, glossary=glossary, html=html)
    clean_time = (time.perf_counter() - t0) / max(1, len(texts))
    t0 = time.perf_counter()
    loaded = load_backend(model, backend, device, settings)
    load_time = time.perf_counter() - t0
    results = Briefer(loaded, options).run(cleans)
    for r in results:
        r.timings = {"clean": round(clean_time, 4), "load": round(load_time, 4), **r.timings}
        r.timings["total"] = round(sum(r.timings.values()), 4)
        if not return_edits:
            r.clean.edits = []
    return results


def brief(
    text: str | bytes,
    *,
    target_lang: str | None = None,
    max_words: int | None = None,
    max_sentences: int | None = None,
    model: str | None = None,
    glossary: Mapping[str, str] | str | Path | None = None,
    html: bool = False,
    return_edits: bool = True,
    lang: str | None = None,
    backend: str | None = None,
    device: str | None = None,
    settings: Settings | None = None,
) -> BriefResult:
    """Clean ``text`` and write a brief whose every name and number the cleaned text supports.

    * ``target_lang``: language of the brief (default: the article's own language);
    * ``max_words`` / ``max_sentences``: length (default 60 words, 3 sentences); the brief is
      cut back to whole sentences within it;
    * ``model``: ``"default"``, ``"small"``, a local folder or a cached hub id (default: the
      ``MTBRIEF_MODEL`` setting); ``backend``: ``"auto"``, ``"ctranslate2"``, ``"transformers"``;
    * ``glossary`` / ``lang`` / ``html``: passed to the cleanup; ``return_edits=False`` leaves
      the edit list out of ``result.clean``.

    Raises :class:`~mtbrief.errors.InputError` for unusable input and
    :class:`~mtbrief.errors.ModelUnavailableError` when the model is not on disk.
    """
    return brief_many(
        [text], target_lang=target_lang, max_words=max_words, max_sentences=max_sentences,
        model=model, glossary=glossary, html=html, return_edits=return_edits, lang=lang,
        backend=backend, device=device, batch_size=1, settings=settings,
    )[0]


__all__ = ["BriefResult", "GuardReport", "UnsupportedSpan", "brief", "brief_many"]
