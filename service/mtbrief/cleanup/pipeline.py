"""The cleanup pipeline: ordered, named repairs over one :class:`Document`.

Data flow::

    text -> ensure_text -> detect language/script -> Document
         -> unicode_text -> quotes -> glued_words -> link_capitals -> lm_check -> glossary
         -> name_variants
         -> CleanResult(text, lang, edits, name_map)

Each repair only *proposes* edits; the document records them in input offsets.  A repair whose
``scripts`` do not include the document's script is skipped, so Arabic, Persian or Chinese text
passes through untouched (with its language reported).  Single documents and batches share this
one code path (:func:`clean` is what the batch engines call).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field

from ..config import get_settings
from ..ingest.decode import ensure_text
from ..ingest.language import detect_language, dominant_script
from .document import Document, Edit
from .repairs.base import Repair

log = logging.getLogger(__name__)

# (registry name, "module:Class"), in the order they run.  Later repairs see earlier repairs'
# output: quotes are separated before words are split, words are split before case is fixed,
# and names are unified last, over the fully repaired text.
REPAIR_ORDER: tuple[tuple[str, str], ...] = (
    ("unicode_text", "mtbrief.cleanup.repairs.unicode_text:UnicodeRepair"),
    ("quotes", "mtbrief.cleanup.repairs.quotes:QuoteRepair"),
    ("glued_words", "mtbrief.cleanup.repairs.glued_words:GluedWordsRepair"),
    ("link_capitals", "mtbrief.cleanup.repairs.link_capitals:LinkCapitalsRepair"),
    ("lm_check", "mtbrief.cleanup.repairs.lm_check:LanguageModelCheck"),
    ("glossary", "mtbrief.cleanup.repairs.glossary:GlossaryRepair"),
    ("name_variants", "mtbrief.cleanup.repairs.name_variants:NameVariantsRepair"),
)
REPAIR_NAMES: tuple[str, ...] = tuple(name for name, _ in REPAIR_ORDER)


class CleanResult(BaseModel):
    """What :func:`clean` returns: the repaired text and how it got there."""

    text: str
    lang: str | None = Field(None, description="ISO 639-1 code of the detected (or given) language")
    script: str | None = Field(None, description="Dominant writing system, e.g. 'Latin'")
    edits: list[Edit] = Field(default_factory=list, description="Every change, in input offsets")
    name_map: dict[str, str] = Field(
        default_factory=dict, description="Name spelling variant -> canonical form in this text"
    )
    skipped: list[str] = Field(
        default_factory=list, description="Repairs not run (script unsupported or disabled)"
    )


def _load(spec: str) -> Repair:
    module, cls = spec.split(":")
    return getattr(importlib.import_module(module), cls)()


@dataclass
class Pipeline:
    """An ordered list of repairs.  Build one with ``Pipeline.default(disable=[...])``."""

    repairs: list[Repair] = field(default_factory=list)

    @classmethod
    def default(cls, disable: Sequence[str] = ()) -> Pipeline:
        unknown = set(disable) - set(REPAIR_NAMES)
        if unknown:
            raise ValueError(f"unknown repair(s): {sorted(unknown)}; known: {list(REPAIR_NAMES)}")
        return cls([_load(spec) for name, spec in REPAIR_ORDER if name not in disable])

    def __call__(
        self,
        text: str,
        lang: str | None = None,
        glossary: object = None,
        max_bytes: int | None = None,
    ) -> CleanResult:
        text = ensure_text(text, max_bytes=max_bytes)
        script = dominant_script(text)
        lang = lang or detect_language(text)
        doc = Document(original=text, lang=lang, script=script)
        if glossary is not None:
            doc.meta["glossary"] = glossary
        skipped = []
        for repair in self.repairs:
            if repair.scripts is not None and script not in repair.scripts:
                skipped.append(repair.name)
                continue
            try:
                proposals = repair.propose(doc)
            except Exception as exc:  # a bug in one repair must not lose the others' work
                log.exception("repair %s failed; the text goes on without it", repair.name)
                skipped.append(f"{repair.name} (failed: {type(exc).__name__}: {exc})")
                continue
            doc.apply(proposals, repair.kind)
        skipped += doc.meta.get("skipped", [])  # type: ignore[arg-type]
        return CleanResult(
            text=doc.text,
            lang=lang,
            script=script,
            edits=doc.edits,
            name_map=dict(doc.meta.get("name_map", {})),  # type: ignore[arg-type]
            skipped=skipped,
        )


_DEFAULTS: dict[str, Pipeline] = {}


def default_pipeline() -> Pipeline:
    """The default pipeline for the current settings, built once per language-model mode
    (``cleanup_lm``; the CLI's ``--lm`` changes it for its process)."""
    mode = get_settings().cleanup_lm
    if mode not in _DEFAULTS:
        _DEFAULTS[mode] = Pipeline.default()
    return _DEFAULTS[mode]


def clean(
    text: str | bytes,
    lang: str | None = None,
    glossary: Mapping[str, str] | str | Path | None = None,
) -> CleanResult:
    """Repair machine-translation artifacts in ``text`` and explain every edit.

    ``lang`` skips detection; ``glossary`` adds term mappings for this call (a mapping, or a path
    to a glossary file) on top of the default glossary.
    """
    return default_pipeline()(text, lang=lang, glossary=glossary)  # type: ignore[arg-type]
