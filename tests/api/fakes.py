"""Fast, deterministic stand-ins for the library engines, so API tests never load a model.

They are real implementations of the engine protocols, just small: the fake cleaner applies one
genuine repair (split words glued at a lower/upper case boundary, "andIraq" -> "and Iraq")
through the real :class:`Document` edit log; the fake briefer keeps the first sentence of the
cleaned text and can add an invented name that it reports as unsupported.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from mtbrief.api.engines import WARMUP_TEXT
from mtbrief.brief.result import BriefResult, GuardReport, UnsupportedSpan
from mtbrief.cleanup.document import Document, Proposal
from mtbrief.cleanup.pipeline import CleanResult
from mtbrief.ingest.decode import ensure_text

_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


class FakeCleaner:
    """Splits glued words; records every call; optional per-call delay."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(
        self,
        text: str,
        *,
        lang: str | None = None,
        glossary: Mapping[str, str] | None = None,
        html: bool = False,
    ) -> CleanResult:
        with self._lock:
            self.calls += 1
        if self.delay_s:
            time.sleep(self.delay_s)
        text = ensure_text(text)
        if html:  # the tests' HTML is simple; strip tags the way a parser would see text
            text = re.sub(r"<[^>]*>", " ", text)
        doc = Document(original=text, lang=lang or "en", script="Latin")
        proposals = [
            Proposal(m.start(), m.start(), " ", "words glued together at a case boundary")
            for m in _GLUED.finditer(doc.text)
        ]
        for source, target in (glossary or {}).items():
            for m in re.finditer(re.escape(source), doc.text):
                proposals.append(Proposal(m.start(), m.end(), target, "glossary term"))
        proposals.sort(key=lambda p: p.start)
        doc.apply(proposals, "glued_words")
        return CleanResult(text=doc.text, lang=doc.lang, script="Latin", edits=doc.edits)

    def warmup(self) -> None:
        self(WARMUP_TEXT)


class FakeBriefer:
    """Brief = first sentence of the cleaned text (+ an invented name when ``invent`` is set)."""

    def __init__(
        self,
        cleaner: FakeCleaner | None = None,
        *,
        delay_s: float = 0.0,
        per_doc_s: float = 0.0,
        invent: str | None = None,
        fail_on: str | None = None,
    ) -> None:
        self.cleaner = cleaner or FakeCleaner()
        self.delay_s = delay_s
        self.per_doc_s = per_doc_s
        self.invent = invent
        self.fail_on = fail_on
        self.name = "fake-briefer"
        self.batches: list[int] = []
        self.options: list[dict[str, Any]] = []
        self.warmed = False
        self._lock = threading.Lock()

    def warmup(self) -> None:
        self.brief_many(["Warm up. Second sentence."])
        self.warmed = True

    def brief_many(self, texts: Sequence[str], **options: Any) -> list[BriefResult]:
        with self._lock:
            self.batches.append(len(texts))
            self.options.append(dict(options))
        time.sleep(self.delay_s + self.per_doc_s * len(texts))
        if self.fail_on is not None and any(self.fail_on in t for t in texts):
            raise ValueError("this document makes the fake model fail")
        return [self._one(t, **options) for t in texts]

    def _one(self, text: str, **options: Any) -> BriefResult:
        clean = self.cleaner(
            text, glossary=options.get("glossary"), html=options.get("html", False)
        )
        first = re.split(r"(?<=[.!?])\s+", clean.text.strip(), maxsplit=1)[0]
        words = first.split()
        if options.get("max_words"):
            words = words[: options["max_words"]]
        brief = " ".join(words)
        spans = []
        if self.invent:
            start = len(brief) + 1
            brief = f"{brief} {self.invent} agreed."
            spans.append(
                UnsupportedSpan(
                    text=self.invent,
                    kind="name",
                    start=start,
                    end=start + len(self.invent),
                    sentence=1,
                )
            )
        if not options.get("return_edits", True):
            clean = clean.model_copy(update={"edits": []})
        return BriefResult(
            clean=clean,
            brief=brief,
            lang=options.get("target_lang") or clean.lang,
            model=self.name,
            guard=GuardReport(supported=not spans, unsupported=spans, action="none"),
            source_sentences=[0],
            timings={"clean": 0.001, "generate": 0.002, "generated_tokens": len(words)},
        )
