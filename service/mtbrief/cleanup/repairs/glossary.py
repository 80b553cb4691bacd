"""Glossary repair: replace literal machine translations of names with the established term.

MT systems translate proper names word by word: the Iraqi town جرف الصخر (Jurf al-Sakhar) comes
out as "rock cliff", الحشد الشعبي as "Popular Crowd".  No general model can know which ordinary
phrase hides a name, so this repair applies a *glossary*: user-supplied term mappings, merged on
top of a small default glossary (``resources/glossary/default.toml``) whose every entry cites a
source.

Glossaries merge in this order, later winning for the same (language, source phrase):
default glossary (``Settings.use_default_glossary``) < ``Settings.glossary_path`` < the per-call
glossary in ``doc.meta["glossary"]`` (a mapping or a path).

File formats (chosen by suffix; see ``resources/glossary/README.md``):

* TOML: top-level ``"source" = "target"`` pairs apply to every language; a table named by a
  language code (``[en]``, ``[ru]``) holds pairs for that language only; ``[[entry]]`` tables
  carry the full form: ``source`` (a string or a list), ``target``, optional ``lang``, ``note``
  (why: shown in the edit reason), ``context`` (words of which one must occur in the document),
  ``case_sensitive`` (match only the source's own capitalisation) and ``drop_article`` (absorb a
  preceding "the": the target is a bare proper name).
* TSV: ``source<TAB>target[<TAB>lang[<TAB>note]]`` per line; ``#`` starts a comment; an optional
  header line ``source<TAB>target...`` is skipped.

Matching is case-insensitive, at word boundaries, any run of spaces or tabs between words, the
longest source first.  A match that starts with a capital gets a capital target.  Text that
already reads as the target is never touched.  This repair must never guess: it only replaces
what a glossary names.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from ...config import RESOURCES_DIR, get_settings
from ...errors import InputError
from ..document import Document, Proposal
from ..lexicon import base_lang

DEFAULT_GLOSSARY_PATH = RESOURCES_DIR / "glossary" / "default.toml"
MAX_ENTRIES = 10_000  # a glossary is a curated list; refuse something that is clearly not one
MAX_SOURCE_CHARS = 200
_LANG_KEY = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")
_ARTICLE = re.compile(r"(?i)\b(the)[^\S\n]+$")


class GlossaryError(InputError):
    """A glossary file or mapping cannot be read; the message says what is wrong."""

    code = "bad_glossary"


@dataclass(frozen=True)
class GlossaryEntry:
    """One term mapping: ``source`` (the literal rendering) -> ``target`` (the established term)."""

    source: str
    target: str
    lang: str | None = None  # ISO 639-1; None = every language
    note: str = ""  # why the mapping holds (a citation for shipped entries)
    context: tuple[str, ...] = ()  # the document must contain one of these words
    drop_article: bool = False  # "the rock cliff" -> "Jurf al-Sakhar"
    case_sensitive: bool = False  # only match the source's own capitalisation
    origin: str = "user glossary"

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.lang, _norm(self.source))


@dataclass(frozen=True)
class Glossary:
    """An ordered, de-duplicated set of entries (later entries override earlier ones)."""

    entries: tuple[GlossaryEntry, ...] = ()
    _by_key: dict[tuple[str | None, str], GlossaryEntry] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for e in self.entries:
            self._by_key[e.key] = e

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s entries on top."""
        return Glossary(tuple({**self._by_key, **other._by_key}.values()))

    def for_lang(self, lang: str | None) -> list[GlossaryEntry]:
        """Entries that apply to a document in ``lang`` (language-specific ones win)."""
        lang = base_lang(lang)
        chosen: dict[str, GlossaryEntry] = {}
        for e in self._by_key.values():
            if e.lang is None:
                chosen.setdefault(_norm(e.source), e)
        for e in self._by_key.values():
            if e.lang is not None and e.lang == lang:
                chosen[_norm(e.source)] = e
        return list(chosen.values())

    def __len__(self) -> int:
        return len(self._by_key)


def _norm(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def _entry(source: object, target: object, *, lang: object = None, note: object = "",
           context: object = (), drop_article: object = False, case_sensitive: object = False,
           origin: str) -> GlossaryEntry:
    if not isinstance(source, str) or not isinstance(target, str):
        raise GlossaryError(f"glossary entries map text to text, not {source!r} -> {target!r}")
    source, target = " ".join(source.split()), target.strip()
    if not source or not target:
        raise GlossaryError(f"glossary entry with an empty side: {source!r} -> {target!r}")
    if len(source) > MAX_SOURCE_CHARS or len(target) > MAX_SOURCE_CHARS:
        raise GlossaryError(f"glossary entry longer than {MAX_SOURCE_CHARS} characters")
    if lang is not None and (not isinstance(lang, str) or not _LANG_KEY.fullmatch(lang)):
        raise GlossaryError(f"glossary language must be a code like 'en', not {lang!r}")
    if isinstance(context, str):
        context = (context,)
    if not isinstance(context, (list, tuple)) or not all(isinstance(c, str) for c in context):
        raise GlossaryError("glossary 'context' must be a word or a list of words")
    return GlossaryEntry(source, target, base_lang(lang) if lang else None, str(note or ""),
                         tuple(context), bool(drop_article), bool(case_sensitive), origin)


def _from_mapping(data: Mapping[str, object], origin: str) -> list[GlossaryEntry]:
    out: list[GlossaryEntry] = []
    for key, value in data.items():
        if key in ("entry", "entries") and isinstance(value, list):
            for item in value:
                if not isinstance(item, Mapping):
                    raise GlossaryError("each [[entry]] must be a table")
                sources = item.get("source")
                for src in sources if isinstance(sources, list) else [sources]:
                    out.append(_entry(src, item.get("target"), lang=item.get("lang"),
                                      note=item.get("note", ""),
                                      context=item.get("context", ()),
                                      drop_article=item.get("drop_article", False),
                                      case_sensitive=item.get("case_sensitive", False),
                                      origin=origin))
        elif key in ("meta", "about") and not isinstance(value, str):
            continue  # free-form description of the glossary
        elif isinstance(value, Mapping):
            if not _LANG_KEY.fullmatch(key):
                raise GlossaryError(f"glossary section {key!r} is not a language code")
            out.extend(_entry(s, t, lang=key, origin=origin) for s, t in value.items())
        else:
            out.append(_entry(key, value, origin=origin))
    return out


def _read_tsv(text: str, origin: str) -> list[GlossaryEntry]:
    out: list[GlossaryEntry] = []
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, row in enumerate(rows, 1):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if n == 1 and row[0].strip().lower() == "source":
            continue  # header
        if len(row) < 2:
            raise GlossaryError(f"glossary line {n} needs source<TAB>target")
        lang = row[2].strip() or None if len(row) > 2 else None
        note = row[3].strip() if len(row) > 3 else ""
        out.append(_entry(row[0], row[1], lang=lang, note=note, origin=origin))
    return out


@lru_cache(maxsize=32)
def _read_file(path: Path, mtime_ns: int) -> Glossary:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryError(f"glossary file {path.name} is not UTF-8") from None
    origin = "default glossary" if path == DEFAULT_GLOSSARY_PATH else f"glossary {path.name}"
    if path.suffix.lower() in (".tsv", ".txt", ".tab"):
        entries = _read_tsv(text, origin)
    elif path.suffix.lower() == ".toml":
        try:
            entries = _from_mapping(tomllib.loads(text), origin)
        except tomllib.TOMLDecodeError as exc:
            raise GlossaryError(f"glossary file {path.name} is not valid TOML: {exc}") from None
    else:
        raise GlossaryError(f"glossary file {path.name}: use .toml or .tsv")
    if len(entries) > MAX_ENTRIES:
        raise GlossaryError(f"glossary has {len(entries):,} entries; the limit is {MAX_ENTRIES:,}")
    return Glossary(tuple(entries))


def load_glossary(source: Glossary | Mapping[str, object] | str | Path | None) -> Glossary:
    """Read a glossary from a TOML/TSV file path or a mapping (``{"rock cliff": "Jurf ..."}``,
    or ``{"en": {...}}`` for a language section).  ``None`` gives an empty glossary.

    Raises :class:`GlossaryError` (an ``InputError``) with a readable message on bad input.
    """
    if source is None:
        return Glossary()
    if isinstance(source, Glossary):
        return source
    if isinstance(source, Mapping):
        entries = _from_mapping(source, "user glossary")
        if len(entries) > MAX_ENTRIES:
            raise GlossaryError(f"glossary has {len(entries):,} entries; limit {MAX_ENTRIES:,}")
        return Glossary(tuple(entries))
    if isinstance(source, (str, Path)):
        path = Path(source).expanduser()
        if not path.is_file():
            raise GlossaryError(f"glossary file not found: {path.name}")
        return _read_file(path.resolve(), path.stat().st_mtime_ns)
    raise GlossaryError(f"a glossary is a mapping or a file path, not {type(source).__name__}")


def default_glossary() -> Glossary:
    """The shipped glossary (empty when ``use_default_glossary`` is off), plus the settings'
    ``glossary_path`` file when one is configured."""
    settings = get_settings()
    glossary = load_glossary(DEFAULT_GLOSSARY_PATH) if settings.use_default_glossary else Glossary()
    if settings.glossary_path:
        glossary = glossary.merged(load_glossary(settings.glossary_path))
    return glossary


def _phrase_pattern(source: str) -> str:
    words = [re.escape(w) for w in source.split()]
    return r"[^\S\n]+".join(words)


@lru_cache(maxsize=64)
def _compile(sources: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "Popular Crowd Forces" wins over "Popular Crowd".
    ordered = sorted(sources, key=lambda s: (-len(s), s))
    alternation = "|".join(_phrase_pattern(s) for s in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


def _with_case(target: str, matched: str) -> str:
    if matched[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


# Matching uses the standard library's ``re``: for plain case-insensitive alternations of
# literal phrases it is several times faster than the ``regex`` package.
@lru_cache(maxsize=256)
def _context_regex(context: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(c) for c in context)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _already_target(text: str, start: int, end: int, target: str) -> bool:
    """True when the match lies inside an occurrence of the target itself."""
    lo = max(0, start - len(target))
    window = text[lo : end + len(target)].casefold()
    t = target.casefold()
    i = window.find(t)
    while i != -1:
        if lo + i <= start and lo + i + len(t) >= end:
            return True
        i = window.find(t, i + 1)
    return False


def _reason(entry: GlossaryEntry, matched: str) -> str:
    phrase = " ".join(matched.split())
    if entry.note:
        return f"glossary: '{phrase}' is a literal translation of {entry.target} ({entry.note})"
    return f"glossary: '{phrase}' -> {entry.target} ({entry.origin})"


def glossary_proposals(text: str, entries: Iterable[GlossaryEntry]) -> list[Proposal]:
    """Replacements of every glossary source in ``text`` (non-overlapping, longest first)."""
    entries = list(entries)
    folded = text.casefold()  # the usual case: no source's first word occurs at all
    entries = [e for e in entries if _norm(e.source).split(" ", 1)[0] in folded]
    if not entries:
        return []
    seen: dict[tuple[str, ...], bool] = {}
    by_norm: dict[str, GlossaryEntry] = {}
    for e in entries:
        if e.context and e.context not in seen:
            seen[e.context] = _context_regex(e.context).search(text) is not None
        if not e.context or seen[e.context]:
            by_norm[_norm(e.source)] = e
    if not by_norm:
        return []
    pattern = _compile(tuple(sorted(e.source for e in by_norm.values())))
    proposals: list[Proposal] = []
    for m in pattern.finditer(text):
        entry = by_norm.get(_norm(m.group()))
        if entry is None or _already_target(text, m.start(), m.end(), entry.target):
            continue
        if entry.case_sensitive and m.group().split() != entry.source.split():
            continue
        start, matched = m.start(), m.group()
        reason = _reason(entry, matched)
        if entry.drop_article:
            art = _ARTICLE.search(text, max(0, start - 8), start)
            if art is not None:
                start, matched = art.start(), art.group(1)
        proposals.append(Proposal(start, m.end(), _with_case(entry.target, matched),
                                  reason, 0.9 if entry.note else 0.95))
    return proposals


class GlossaryRepair:
    """Replace glossary sources (literal translations) with their established terms."""

    name: ClassVar[str] = "glossary"
    kind: ClassVar[str] = "glossary"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        glossary = default_glossary()
        extra = doc.meta.get("glossary")
        if extra is not None:
            glossary = glossary.merged(load_glossary(extra))  # type: ignore[arg-type]
        if not len(glossary):
            return []
        return glossary_proposals(doc.text, glossary.for_lang(doc.lang))
