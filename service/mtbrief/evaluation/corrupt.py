"""Inject machine-translation artifacts into clean news, recording each one, so cleanup can be
scored against a known gold text.

How it corrupts (deterministic: the same ``seed``, document id and text give the same output).
The clean text is split at whitespace into tokens; for each artifact kind the generator lists every
place where that artifact could arise, draws a few of them (about one per 150 tokens, at most
``max_per_kind``), keeps them at least one token apart, and rewrites them:

* ``glued_word`` - the space at a former link boundary disappears, in both directions: before a
  capitalised mid-sentence word (``and Iraq`` -> ``andIraq``), after one (``Movement which`` ->
  ``Movementwhich``), between two lower-case words (``cliff which`` -> ``cliffwhich``), and after
  punctuation before a name (``informing… Al-Nujaba`` -> ``informing…Al-Nujaba``); never inside
  a name (two capitalised words, ``Election Day``; a title such as ``Dr.`` does not end a
  sentence), since a link keeps a name whole, and never the same pair of words twice.  A glue that
  would form a real word of the language (wordfreq Zipf >= 1, e.g. ``in to`` -> ``into``) is
  never drawn, since no repair could tell it from the real word.
* ``link_capital`` - a lower-case mid-sentence word gets a capital, as link text does after MT
  (``base in the province`` -> ``base In the province``); words next to a name are drawn more often.
* ``sentence_break`` - a spurious full stop before a mid-sentence name
  (``the Iranian president Ebrahim Raisi`` -> ``the Iranian president. Ebrahim Raisi``).
* ``quote`` - a closing quote is glued to the next word, which gets a capital, and a curly
  closing quote is turned into an opening one (``Iraq” by`` -> ``Iraq“By``; ``"folly" and`` ->
  ``"folly"And``).
* ``name_variant`` - one later mention (only one per name) of a name that occurs at least twice
  is respelled with an attested transliteration variant of it (``al-Assad`` -> ``al-Asad``),
  taken from the groups of attested spellings
  (``mtbrief/resources/names/name_variant_groups.txt``, derived from the shared
  ``name_variants`` tables); the document's dominant spelling is the gold.
* ``glossary`` (only with a glossary) - a term is replaced by its literal translation
  (``Jurf al-Sakhar`` -> ``rock cliff``) from a ``{literal: term}`` mapping that the cleanup
  stage is then given.
* ``mojibake`` - a word with non-ASCII characters is encoded as UTF-8 and decoded as
  Windows-1252 (``Ni’mah`` -> ``Niâ€™mah``).
* ``control_char`` - an invisible character (zero-width space, BOM, word joiner, BEL) is
  inserted inside a word.

Every artifact is recorded as an :class:`Injection` with its kind, its span in the corrupted text
and the gold token window it damaged.  This module must never read anything except the text and
the optional resources it is given, and never changes the text beyond the recorded injections.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

from ..brief.text import ABBREVIATION

KINDS: tuple[str, ...] = (
    "glued_word",
    "link_capital",
    "sentence_break",
    "quote",
    "name_variant",
    "glossary",
    "mojibake",
    "control_char",
)

# Which repair of the cleanup pipeline (REPAIR_ORDER name) is meant to undo each kind.
REPAIR_FOR_KIND: dict[str, str] = {
    "glued_word": "glued_words",
    "link_capital": "link_capitals",
    "sentence_break": "link_capitals",
    "quote": "quotes",
    "name_variant": "name_variants",
    "glossary": "glossary",
    "mojibake": "unicode_text",
    "control_char": "unicode_text",
}

_TOKEN = regex.compile(r"\S+")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*")
_LOWER_WORD = regex.compile(r"\p{Ll}[\p{Ll}\p{M}]*")
_CAP_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*")
_SENT_END = regex.compile(r"[.!?…:;]['\"”’»)\]]*$")
_GLUE_PUNCT = regex.compile(r"^(?:\p{L}[\p{L}\p{M}]*)[…,;:]$")
_CLOSE_QUOTE = regex.compile(r"^(?P<body>.*\p{L}[.,!?]?)(?P<q>[”\"])$")
_NAME_PART = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}\p{Ll}[\p{Ll}\p{M}]+(?![\p{L}\p{M}])")
INVISIBLE = ("\u200b", "\ufeff", "\u2060", "\u0007")  # what control_char injects


@dataclass(frozen=True)
class Injection:
    """One injected artifact.

    ``start``/``end`` and ``after`` locate it in the corrupted text, ``before`` is the gold text
    it replaced; ``gold_tokens`` is the [first, last) whitespace-token window of the gold text it
    damaged (used to decide whether the cleanup restored it exactly).
    """

    kind: str
    start: int
    end: int
    before: str
    after: str
    gold_tokens: tuple[int, int]


@dataclass
class CorruptedDoc:
    """A clean text, its corrupted version, and the list of injected artifacts."""

    id: str
    lang: str | None
    gold: str
    text: str
    injections: list[Injection] = field(default_factory=list)

    @property
    def kinds(self) -> Counter[str]:
        return Counter(i.kind for i in self.injections)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "lang": self.lang,
            "gold": self.gold,
            "text": self.text,
            "injections": [asdict(i) for i in self.injections],
        }


@dataclass(frozen=True)
class _Candidate:
    first: int  # first damaged token index
    last: int  # last damaged token index (inclusive)
    start: int  # gold character span replaced
    end: int
    replacement: str
    weight: float = 1.0
    group: str = ""  # at most one candidate of a non-empty group is drawn per document


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str
    initial: bool  # starts a sentence or a line


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        prev = out[-1] if out else None
        initial = (
            prev is None
            or "\n" in text[prev.end : m.start()]
            or (bool(_SENT_END.search(prev.text)) and not ABBREVIATION.search(prev.text))
        )
        out.append(_Tok(m.start(), m.end(), m.group(), initial))
    return out


def _same_line(text: str, a: _Tok, b: _Tok) -> bool:
    return "\n" not in text[a.end : b.start]


def _is_real_word(word: str, lang: str | None) -> bool:
    try:
        from wordfreq import zipf_frequency

        return zipf_frequency(word.lower(), lang or "en") >= 1.0
    except (LookupError, ValueError):  # wordfreq has no list for this language
        return False


def _is_common_word(word: str, lang: str | None) -> bool:
    try:
        from wordfreq import zipf_frequency

        low = word.lower()
        return zipf_frequency(low, lang or "en") >= 4.5 and low not in _name_words(lang)
    except (LookupError, ValueError):
        return False


def _name_words(lang: str | None) -> frozenset[str]:
    try:
        from ..cleanup.lexicon import proper_name_words
    except ImportError:  # pragma: no cover - lexicon is part of the package
        return frozenset()
    return proper_name_words(lang)


def _function_words(lang: str | None) -> frozenset[str]:
    from ..cleanup.lexicon import function_words

    return function_words(lang)


def _calendar_words(lang: str | None) -> frozenset[str]:
    from ..cleanup.lexicon import calendar_words

    return frozenset(w.lower() for w in calendar_words(lang))


def _mojibake(word: str) -> str:
    """UTF-8 bytes read as Windows-1252 (undefined bytes read as Latin-1, as browsers do)."""
    out = []
    for b in word.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


# -- name variants ------------------------------------------------------------------------------
PACKAGED_GROUPS = Path(__file__).resolve().parents[1] / "resources" / "names" / \
    "name_variant_groups.txt"


def _default_variant_dirs() -> list[Path]:
    here = Path(__file__).resolve()
    return [p / "shared" / "data" / "resources" / "name_variants" for p in here.parents]


def _groups_from_jsonl(folder: Path) -> list[list[str]]:
    groups: list[list[str]] = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.name.startswith("arabnamer"):
            continue  # generated spelling grids, not attested spellings
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                lv = rec.get("latin_variants")
                if isinstance(lv, dict):  # {spelling: count}
                    names = [k for k, v in lv.items() if v >= 2]
                elif isinstance(lv, list):
                    names = [x["latin"] if isinstance(x, dict) else x for x in lv]
                else:
                    continue
                names = [n.lower() for n in names if regex.fullmatch(r"\p{L}+", n)]
                if len(set(names)) > 1:
                    groups.append(sorted(set(names)))
    return groups


def _groups_from_txt(path: Path) -> list[list[str]]:
    groups = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            names = [n for n in line.lower().split() if regex.fullmatch(r"\p{L}+", n)]
            if len(set(names)) > 1:
                groups.append(sorted(set(names)))
    return groups


@lru_cache(maxsize=4)
def load_name_variants(
    source: str | None = None, min_ratio: float = 0.7
) -> dict[str, list[str]]:
    """Attested spellings: lower-cased single-word name -> other spellings of the same name.

    ``source`` is a folder of the shared ``name_variants/*.jsonl`` tables (pypi name-variants,
    Wikidata transliteration pairs seen at least twice, arabic-name-romanizer units, GeoNames) or
    a text file with one group of spellings a line; by default the packaged
    ``mtbrief/resources/names/name_variant_groups.txt``, else the shared tables.  Only pairs at
    least ``min_ratio`` similar (normalised Levenshtein) are kept, so exonyms such as
    Constantinople/Istanbul are not variants.  Returns ``{}`` when no table is found.
    """
    if source:
        path = Path(source)
        groups = _groups_from_txt(path) if path.is_file() else _groups_from_jsonl(path)
    elif PACKAGED_GROUPS.is_file():
        groups = _groups_from_txt(PACKAGED_GROUPS)
    else:
        folder = next((d for d in _default_variant_dirs() if d.is_dir()), None)
        groups = _groups_from_jsonl(folder) if folder else []
    table: dict[str, set[str]] = {}
    for g in groups:
        for a in g:
            for b in g:
                if a != b and Levenshtein.normalized_similarity(a, b) >= min_ratio:
                    table.setdefault(a, set()).add(b)
    return {k: sorted(v) for k, v in table.items()}


def _match_case(variant: str, model: str) -> str:
    return variant[:1].upper() + variant[1:] if model[:1].isupper() else variant


# -- the generator ------------------------------------------------------------------------------
class Corruptor:
    """Deterministic artifact injector.  ``corrupt(text, doc_id)`` returns a :class:`CorruptedDoc`.

    ``kinds`` chooses the artifact kinds; ``per_tokens`` sets the density (one artifact of each
    kind per that many tokens, at least one where possible, at most ``max_per_kind``).
    """

    def __init__(
        self,
        kinds: Sequence[str] = KINDS,
        seed: int = 0,
        per_tokens: int = 150,
        max_per_kind: int = 4,
        name_variants: Mapping[str, Sequence[str]] | None = None,
        glossary: Mapping[str, str] | None = None,
    ) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown artifact kind(s) {sorted(unknown)}; known: {list(KINDS)}")
        self.kinds = tuple(kinds)
        self.seed = seed
        self.per_tokens = per_tokens
        self.max_per_kind = max_per_kind
        self._variants = name_variants
        self.glossary = dict(glossary or {})

    @property
    def name_variants(self) -> Mapping[str, Sequence[str]]:
        if self._variants is None:
            self._variants = load_name_variants()
        return self._variants

    # candidates per kind ----------------------------------------------------------------------
    def _glued_word(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        out = []
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            if not _same_line(text, a, b):
                continue
            b_word = _WORD.match(b.text)
            if not b_word or len(b_word.group()) < 2:
                continue
            b_cap = bool(_CAP_WORD.fullmatch(b_word.group())) and not b.initial
            if _GLUE_PUNCT.match(a.text):
                if b_cap:  # "informing… Al-Nujaba" -> "informing…Al-Nujaba"
                    out.append(_Candidate(i, i + 1, a.end, b.start, "", 2.0))
                continue
            if not _WORD.fullmatch(a.text) or len(a.text) < 2:
                continue
            a_cap = bool(_CAP_WORD.fullmatch(a.text)) and not a.initial
            b_low = bool(_LOWER_WORD.match(b_word.group()))
            if a_cap and b_cap:
                continue  # two capitalised words are one name: links do not split names
            if b_cap or (a_cap and b_low):
                weight = 3.0
            elif _LOWER_WORD.fullmatch(a.text) and b_low:
                weight = 1.0
            else:
                continue
            if _is_real_word(a.text + b_word.group(), lang):
                continue
            out.append(_Candidate(i, i + 1, a.end, b.start, "", weight,
                                  group=f"{a.text} {b_word.group()}".lower()))
        return out

    def _link_capital(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        out = []
        for i, t in enumerate(toks):
            if t.initial or i == 0 or not _LOWER_WORD.fullmatch(t.text):
                continue
            prev, nxt = toks[i - 1], toks[i + 1] if i + 1 < len(toks) else None
            if not _WORD.fullmatch(prev.text):
                continue  # after punctuation a capital may be legitimate
            near_name = bool(_CAP_WORD.fullmatch(prev.text)) and not prev.initial
            near_name |= nxt is not None and bool(_CAP_WORD.match(nxt.text)) and not nxt.initial
            out.append(
                _Candidate(i, i, t.start, t.start + 1, t.text[0].upper(), 3.0 if near_name else 1.0)
            )
        return out

    def _sentence_break(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        function = _function_words(lang)
        calendar = _calendar_words(lang)
        out = []
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            if (
                _LOWER_WORD.fullmatch(a.text)
                and a.text not in function  # "the. Commission" is not how MT breaks sentences
                and b.text.rstrip(".,;:").lower() not in function  # nor ". The" before a name
                and not calendar.intersection((a.text, b.text.rstrip(".,;:").lower()))
                and not b.initial
                and _CAP_WORD.fullmatch(b.text.rstrip(".,;:"))
                and _same_line(text, a, b)
            ):
                out.append(_Candidate(i, i + 1, a.end, a.end, "."))
        return out

    def _quote(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        out = []
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            m = _CLOSE_QUOTE.match(a.text)
            if not m or not _same_line(text, a, b) or not _LOWER_WORD.match(b.text):
                continue
            q = m.group("q")
            rng = random.Random(f"{self.seed}:quote:{a.start}")
            turned = "“" if q == "”" and rng.random() < 0.7 else q
            cap = b.text[0].upper() if rng.random() < 0.8 else b.text[0]
            qpos = a.end - 1
            out.append(_Candidate(i, i + 1, qpos, b.start + 1, turned + cap))
        return out

    def _name_variant(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        table = self.name_variants
        if not table:
            return []
        occurrences: dict[str, list[regex.Match[str]]] = {}
        for m in _NAME_PART.finditer(text):
            occurrences.setdefault(m.group(), []).append(m)
        starts = [t.start for t in toks]
        lowered = {t.text.lower() for t in toks if t.text.islower()}
        out = []
        for name, ms in occurrences.items():
            if name.lower() in lowered or _is_common_word(name, lang):
                continue  # "Long Lartin": a name that is also an ordinary word is not respelled
            variants = [
                v for v in table.get(name.lower(), ())
                if v.lower() != name.lower() and _match_case(v, name) not in occurrences
            ]
            if len(ms) < 2 or not variants:
                continue
            rng = random.Random(f"{self.seed}:variant:{name}")
            variant = _match_case(rng.choice(sorted(variants)), name)
            for m in ms[1:]:  # never the first (often full) mention
                ti = _token_index(starts, m.start())
                out.append(_Candidate(ti, ti, m.start(), m.end(), variant, 1.0 / (len(ms) - 1),
                                      group=name))
        return out

    def _glossary(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        starts = [t.start for t in toks]
        out = []
        for literal, term in sorted(self.glossary.items()):
            pattern = rf"(?<![\p{{L}}\p{{N}}]){regex.escape(term)}(?![\p{{L}}\p{{N}}])"
            for m in regex.finditer(pattern, text):
                first = _token_index(starts, m.start())
                last = _token_index(starts, m.end() - 1)
                out.append(_Candidate(first, last, m.start(), m.end(), literal))
        return out

    def _mojibake(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        out = []
        for i, t in enumerate(toks):
            if any(ord(c) > 127 for c in t.text) and regex.search(r"\p{L}", t.text):
                out.append(_Candidate(i, i, t.start, t.end, _mojibake(t.text)))
        return out

    def _control_char(self, text: str, toks: list[_Tok], lang: str | None) -> list[_Candidate]:
        out = []
        for i, t in enumerate(toks):
            if _WORD.fullmatch(t.text) and len(t.text) >= 4:
                rng = random.Random(f"{self.seed}:ctrl:{t.start}")
                k = rng.randrange(1, len(t.text))
                ch = rng.choice(INVISIBLE)
                out.append(_Candidate(i, i, t.start + k, t.start + k, ch))
        return out

    # driver -------------------------------------------------------------------------------------
    def corrupt(self, text: str, doc_id: str = "", lang: str | None = None) -> CorruptedDoc:
        """Inject the configured artifact kinds into ``text`` and record each one."""
        toks = _tokens(text)
        budget = max(1, min(self.max_per_kind, round(len(toks) / self.per_tokens)))
        taken: list[tuple[int, int]] = []  # token windows already used, +-1 token margin
        chosen: list[tuple[str, _Candidate]] = []
        for kind in self.kinds:
            if kind == "glossary" and not self.glossary:
                continue
            cands = getattr(self, f"_{kind}")(text, toks, lang)
            rng = random.Random(f"{self.seed}:{doc_id}:{kind}")
            picked = 0
            groups: set[str] = set()
            pool = list(cands)
            while pool and picked < budget:
                c = rng.choices(pool, weights=[x.weight for x in pool])[0]
                pool.remove(c)
                if any(c.first <= b + 1 and a - 1 <= c.last for a, b in taken):
                    continue
                if c.group and c.group in groups:
                    continue
                groups.add(c.group)
                taken.append((c.first, c.last))
                chosen.append((kind, c))
                picked += 1
        chosen.sort(key=lambda kc: kc[1].start)
        parts, pos, delta = [], 0, 0
        injections = []
        for kind, c in chosen:
            parts.append(text[pos : c.start])
            parts.append(c.replacement)
            injections.append(
                Injection(
                    kind=kind,
                    start=c.start + delta,
                    end=c.start + delta + len(c.replacement),
                    before=text[c.start : c.end],
                    after=c.replacement,
                    gold_tokens=(c.first, c.last + 1),
                )
            )
            delta += len(c.replacement) - (c.end - c.start)
            pos = c.end
        parts.append(text[pos:])
        return CorruptedDoc(doc_id, lang, text, "".join(parts), injections)

    def corrupt_many(
        self, docs: Iterable[tuple[str, str, str | None]]
    ) -> list[CorruptedDoc]:
        """Corrupt ``(id, text, lang)`` triples."""
        return [self.corrupt(text, doc_id, lang) for doc_id, text, lang in docs]


def _token_index(starts: list[int], pos: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)
