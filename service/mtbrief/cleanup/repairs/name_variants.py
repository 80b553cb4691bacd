"""Name variants repair: one spelling per entity within a document.

MT output often spells one transliterated name several ways ("Ali Baqer Kani" ... "Kenny's first
visit"; "Ain al-Assad" ... "Ain al-Asad").  This repair finds capitalised name tokens, groups the
spellings that are transliterations of each other, and rewrites the rarer spelling to the
document's canonical one, recording ``doc.meta["name_map"] = {variant: canonical}``.

Mentions are runs of capitalised tokens joined by spaces or particles (al-, bin, ibn, abu, de,
van...; an article that is also a very common word of the language - English "at", "as", "an" -
joins only when hyphenated, so "Zelensky at Mariinsky" is two names); function words, month
names and capitalised common words ("President", "Foreign") are not name tokens, but such a word
right after a mention is kept as its head ("Jon Snow", "Welsh Parliament").  In a language whose
capitals mark names only (French, Spanish, Italian, Portuguese, Catalan) a frequent word the
spelling dictionary writes only with a capital is a name token all the same ("Diego Lopes").

A pair (variant -> canonical) is accepted only when all of these hold:

* same transliteration key (unidecode, lower case, digraphs and look-alike consonants folded -
  k/q/c, kh/h, sh/ch, w/v, ph/f - doubled letters collapsed, vowels dropped, but *whether* the
  word starts and ends with a vowel kept, so "Iraq"/"Iraqi" and "Sudan"/"Sudani" differ, and
  "Kanaani" keeps its two n's apart from "Kani"), or the attested-variants lexicon
  (``resources/names``) groups the two spellings, also behind one prefix and apostrophe
  ("O'Hara"/"O'Jara");
* close by edit distance on the folded spelling (rapidfuzz), and the same first letter unless the
  lexicon attests the pair ("Oran" is not "Iran");
* neither is used as an ordinary lower-case word in the text, and they are never two parts of one
  name ("Kunta Kinte");
* the same entity: every mention of the variant fits a mention of the canonical - same position
  (a lone "Kani" is a surname, never a given name), agreeing neighbours and no other title
  ("Mr"/"Mrs"), so "Nasser Kanaani" is not "Ali Kani" and "Muhammad Nasir" is not "Mohammed
  Al-Sudani"; a variant mention with a neighbour must share it ("Adam Newman"/"Adam Neumann"),
  else it is a name of its own ("Air Tanzania"); a middle initial does not cut a mention
  ("Victor N. Burton"); the same head word anchors like a shared neighbour ("Jon Snow"/"John
  Snow"), a weekday or function word never does; after the same given name, a mention that
  goes on only through "de"/"von" ends there too ("Darou Salam de Saint Louis"/"Darou
  Sallam"); a lone, untitled variant that is no established word may be the given name an
  attested canonical always is ("Belén Esteban" ... "Belin habló");
* a direction: a full-name mention decides alone (the canonical is the surname of "Ali Baqer
  Kani", the variant only stands alone; a hyphenated compound such as "Sistan-Baluchestan" is no
  full name); otherwise three signals vote - the majority spelling, the better-known spelling of
  the language (wordfreq Zipf at least ``PRIOR_GAP`` higher: "Assad" over "Asad", "Graham" over
  "Grahame"; silent when both are common, Zipf >= 4: "Jon"/"John" are two names), the first
  mention - and the canonical needs more votes than the variant; a tie goes to the first
  mention only where the variant repeats the full name ("Sadio Mané" ... "Sadio Mani");
* enough evidence that they are one name: a shared neighbour or title ("Ain al-Asad"/"Ain
  al-Assad", "Mr Janes"/"Mr Jaynes"), or a full-name mention, or the lexicon attests the pair,
  or (unattested look-alikes) the canonical is at least three times as frequent; a title alone
  does not tie two established surnames the lexicon keeps apart ("Ms Davis"/"Ms Davies");
* two established words (wordfreq Zipf >= 3 for both) need a shared neighbour, or the lexicon
  plus frequency or full-name evidence while one of them is below Zipf 4 or every variant
  mention has a title ("Red"/"Read" never; "Mr Clarke" beside "Greg Clark" is respelled);
* unambiguous: a variant close to two canonicals is left alone unless one is clearly closer.

Every edit's reason names the evidence ("same full name", "full-name mention", "attested
spelling", the votes) and the canonical's count.

Only languages without name inflection run (``NAME_LANGS``: English and other Western European
languages); in Russian or Serbian an ending is grammar ("Путина"), not a spelling variant.  In a
document written in another script (Russian in Cyrillic) only Latin-script names run, read as
English: a quoted "Member of the Welsh Parliament" is not inflected.

No library does document-level transliteration-variant unification (name matchers such as
rapidfuzz compare two strings; they do not decide which mentions co-refer), hence this module.
It must never merge different entities: when unsure, it leaves the text as it is.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import regex
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from ...config import RESOURCES_DIR
from ..document import Document, Proposal
from ..lexicon import base_lang, calendar_words, common_not_name, function_words, zipf

LEXICON_PATH = RESOURCES_DIR / "names" / "name_variant_groups.txt"

# A name token: a capitalised word (letters and marks, inner apostrophe allowed: "Ni'mah").
_TOKEN = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}'’])\p{Lu}[\p{L}\p{M}]*(?:['’](?![sS](?![\p{L}\p{M}]))[\p{L}\p{M}]+)*"
    r"(?![\p{L}\p{M}\p{N}])"
)
# Words that join the tokens of one name without breaking the mention ("Ain al-Assad",
# "Osama bin Laden", "Ludwig van Beethoven").  Lower-case particles are not tokens themselves.
_PARTICLES = frozenset(
    "al el ul as ad ar at az an ash ad-d bin ben ibn bint abu abou abi bou da de del der di "
    "dos du la le van von y".split()
)
# Arabic articles that join a name only with a hyphen ("at-Tanf") in a language where they are
# also very common words: "Zelensky at Mariinsky", "Gable as Rhett", "Messi al Barça".
_ARTICLES = frozenset("al el ul as ad ar at az an ash".split())
# Particles meaning "of": what follows may be another name ("Darou Salam de Saint Louis", a
# restaurant of a town) as well as the rest of this one ("Luis de Guindos").
_OF_PARTICLES = frozenset("da de del di dos du van von".split())
ARTICLE_WORD_ZIPF = 6.0
# A middle initial ("Victor N. Burton"): part of the mention, not a name token of its own.
_INITIAL = regex.compile(r"\p{Lu}\.(?= \p{Lu})")
_INITIAL_PART = regex.compile(r"\p{Lu}\.")
# Titles and honorifics right before a name: the same title is evidence of the same person and
# different ones ("Mr"/"Mrs") of different people.  A closed class; no library lists it.
TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady rev m mme mlle sr sra srta don dona doña dom "
    "herr frau hr fr".split()
)
_TITLE_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])(\p{Lu}\p{Ll}{0,4})\.?[ \u00a0]$")
# A capitalised word (name token or not: "Air", "Airways") touching a mention.
_CAP_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]*[ \u00a0-]$")
_CAP_AFTER = regex.compile(r"[ \u00a0-]\p{Lu}[\p{L}\p{M}]*")
# The capitalised word that ends a multi-word name but is too common to be a name token itself
# ("Jon Snow", "Welsh Parliament"), after one space.
_HEAD_AFTER = regex.compile(r"[ \u00a0](\p{Lu}\p{Ll}[\p{L}\p{M}]*)(?![\p{L}\p{M}\p{N}'’-])")
_LATIN_WORD = regex.compile(r"[\p{Latin}\p{M}'’]+")
MIN_LEN = 3  # shorter capitalised tokens are initials or acronyms
COMMON_WORD_ZIPF = 4.5  # a capitalised word this common is a title or a common noun
MAX_VARIANT_ZIPF = 3.0  # both spellings at or above this: two established words, not variants
COMMON_PAIR_ZIPF = 4.0  # ... and at or above this, not even the lexicon can tie them
MIN_SIMILARITY = 0.6  # normalised Levenshtein similarity of the folded spellings
GENERIC_HEAD_ZIPF = 5.0  # a head word this common ("Street", "Party") ends many names
PRIOR_GAP = 0.5  # Zipf gap at which one spelling is the better-known one of the language
CLEAR_MARGIN = 0.15  # how much closer the chosen canonical must be than a rival
# Languages whose names are not inflected (no case endings: Russian "Путина", Serbian
# "Barselonu") and whose diacritics do not distinguish names (Vietnamese, Yoruba).  Other
# languages pass through untouched: an ending there is grammar, not a spelling variant.
NAME_LANGS = frozenset({"en", "fr", "es", "it", "pt", "nl", "de", "ca", "sv", "da", "no", "nb",
                        "id", "ms"})
# Languages whose capitals mark names only (common nouns and demonyms are lower case), so a
# word their spelling dictionary writes only with a capital is a name however frequent it is.
CAPITAL_NAME_LANGS = frozenset({"fr", "es", "it", "pt", "ca"})
MAX_TOKENS = 200_000  # a longer document is not scanned (bounded work on hostile input)
MAX_MENTION_TOKENS = 6  # a longer capitalised run is a Title Case headline, not a name
MAX_FORMS_PER_KEY = 8  # more spellings of one skeleton is noise, not transliteration
MAX_OCCURRENCES = 64  # mentions of a canonical examined for same-entity evidence

# Folding rules: (pattern, replacement), applied in order to the unidecoded, lower-cased word.
_FOLDS: tuple[tuple[regex.Pattern[str], str], ...] = tuple(
    (regex.compile(p), r)
    for p, r in (
        (r"['’`ʿʾ-]", ""),
        (r"tch|tsch", "c"),
        (r"sch|sh|ch", "s"),
        (r"zh", "z"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"dh", "d"),
        (r"ck|q|c", "k"),
        (r"dj|dzh", "j"),
        (r"w", "v"),
        (r"x", "ks"),
        (r"ou|oo", "u"),
        (r"ee|ie$", "i"),
        (r"(.)\1+", r"\1"),  # doubled letters
        (r"(?<=[aeiouy])h$", ""),  # silent final h: Haniyeh/Haniye, Abdullah/Abdulla
        (r"y$", "i"),
    )
)
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A spelling with transliteration noise folded away (vowels kept).

    >>> fold("Kenny"), fold("Kani"), fold("Ain"), fold("al-Assad")
    ('keni', 'kani', 'ain', 'alasad')
    """
    s = unidecode(word).lower()
    for rx, rep in _FOLDS:
        s = rx.sub(rep, s)
    return regex.sub(r"[^a-z]", "", s)


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """Vowel-insensitive consonant skeleton, marking a leading and a trailing vowel.

    >>> translit_key("Kenny") == translit_key("Kani") != translit_key("Kanaani")
    True
    >>> len({translit_key("Iraq"), translit_key("Iraqi"), translit_key("Iran")})
    3
    """
    f = fold(word)
    if not f:
        return ""
    body = "".join(c for c in f if c not in _VOWELS)  # "Kanaani" keeps two n's: not "Kani"
    return ("V" if f[0] in _VOWELS else "") + body + ("V" if f[-1] in _VOWELS else "")


# -- the attested-variants lexicon -----------------------------------------------------------------
@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[int]]:
    """Lower-cased spelling -> ids of the attested-variant groups it belongs to."""
    out: dict[str, set[int]] = defaultdict(set)
    try:
        lines = LEXICON_PATH.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    gid = 0
    for line in lines:
        if not line or line.startswith("#"):
            continue
        gid += 1
        for name in line.split():
            out[name].add(gid)
    return {k: frozenset(v) for k, v in out.items()}


def attested_pair(a: str, b: str) -> bool:
    """True when the lexicon lists ``a`` and ``b`` as spellings of one name, or ``a`` and ``b``
    are one prefix and apostrophe before such spellings ("O'Hara"/"O'Jara", "D'Souza")."""
    lex = lexicon()
    a, b = _plain(a), _plain(b)
    ga, gb = lex.get(a), lex.get(b)
    if ga and gb and ga & gb:
        return True
    pa, _, ra = a.rpartition("'")
    pb, _, rb = b.rpartition("'")
    if not pa or pa != pb or not ra or not rb:
        return False
    ga, gb = lex.get(ra), lex.get(rb)
    return bool(ga and gb and ga & gb)


def _lexicon_groups(form: str) -> frozenset[int]:
    """The lexicon groups of a spelling, or of its part after a prefix and apostrophe."""
    lex = lexicon()
    low = _plain(form)
    return lex.get(low) or lex.get(low.rpartition("'")[2], frozenset())


def build_lexicon(source_dir: Path, out_path: Path, min_similarity: float = 0.6) -> int:
    """Derive the compact group file from the attested-spelling tables (JSONL) in ``source_dir``.

    Keeps single-word alphabetic spellings seen at least twice (Wikidata counts), drops the
    generated spelling grids (arabnamer) and, inside each group, spellings not at least
    ``min_similarity`` similar to another member (exonyms such as Constantinople/Istanbul).
    Returns the number of groups written.
    """
    groups: set[tuple[str, ...]] = set()
    for path in sorted(source_dir.glob("*.jsonl")):
        if path.name.startswith("arabnamer"):
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                lv = rec.get("latin_variants")
                if isinstance(lv, dict):
                    names = [k for k, v in lv.items() if v >= 2]
                elif isinstance(lv, list):
                    names = [x["latin"] if isinstance(x, dict) else x for x in lv]
                else:
                    continue
                names = sorted({n.lower() for n in names if regex.fullmatch(r"\p{L}{2,}", n)})
                keep = [a for a in names if any(
                    a != b and Levenshtein.normalized_similarity(fold(a), fold(b))
                    >= min_similarity for b in names)]
                if len(keep) > 1:
                    groups.add(tuple(keep))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Attested Latin spellings of one name, one group a line (derived by\n"
        "# mtbrief.cleanup.repairs.name_variants.build_lexicon; sources and licences: SOURCES.md)\n"
    )
    out_path.write_text(header + "".join(" ".join(g) + "\n" for g in sorted(groups)),
                        encoding="utf-8")
    return len(groups)


# -- mentions -------------------------------------------------------------------------------------
@dataclass
class _Occurrence:
    start: int
    end: int
    form: str
    left: str | None  # neighbouring name token in the same mention, if any
    right: str | None
    mention_len: int
    title: str | None = None  # "mr", "dr", "mme" right before the mention
    compound: bool = False  # joined to the token before by a bare hyphen ("Sistan-Baluchestan")
    bare: bool = True  # no capitalised word of any kind right before or after the mention
    head: str | None = None  # common capitalised word right after a mention's last token
    of_right: bool = False  # the next token follows "de"/"von": "Darou Salam de Saint Louis"


@dataclass
class _Form:
    form: str
    key: str
    folded: str
    occurrences: list[_Occurrence] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def max_mention(self) -> int:
        return max(o.mention_len for o in self.occurrences)


@lru_cache(maxsize=65536)
def _is_name_token(word: str, stop: frozenset[str], lang: str | None) -> bool:
    if len(word) < MIN_LEN or word.isupper():
        return False
    low = word.lower()
    if low in stop or low in _PARTICLES:
        return False
    # Capitalised common words ("President", "Foreign", "Minister") are titles, not names,
    # unless the names lexicon knows them as a name.
    if zipf(word, lang) < COMMON_WORD_ZIPF or low in lexicon():
        return True
    # A frequent given name ("Diego Lopes", "Juan Pérez") is a name where the spelling
    # dictionary writes it only with a capital, in a language that writes its common nouns and
    # demonyms in lower case (in English "French", in German every noun has a capital).  A word
    # more at home in English ("The", "New" of a quoted title) is a quote, not this language's.
    return (base_lang(lang) in CAPITAL_NAME_LANGS
            and common_not_name(word, lang) is False
            and zipf(word, "en") < zipf(word, lang))


def _mentions(text: str, stop: frozenset[str], lang: str | None = None,
              latin_only: bool = False) -> list[list[tuple[int, int, str]]]:
    """Runs of name tokens joined only by spaces or particles ("Ali Baqer Kani", "Ain al-Asad");
    with ``latin_only`` a word in another script breaks a run and is no name token."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    last_end = -1
    for n, m in enumerate(_TOKEN.finditer(text)):
        if n > MAX_TOKENS:
            break
        word = m.group()
        if word.lower() in _PARTICLES or (len(word) == 1 and _INITIAL.match(text, m.start())):
            continue  # "Al-Sudani", "Victor N. Burton": a particle or an initial joins
        if not _is_name_token(word, stop, lang) or (latin_only and not _LATIN_WORD.fullmatch(word)):
            if current:
                runs.append(current)
            current, last_end = [], -1
            continue
        if current and (m.start() - last_end > 10
                        or not _joins(text[last_end : m.start()], _word_articles(lang))):
            runs.append(current)
            current = []
        current.append((m.start(), m.end(), word))
        last_end = m.end()
    if current:
        runs.append(current)
    return runs


@lru_cache(maxsize=4096)
def _joins(gap: str, words: frozenset[str] = frozenset()) -> bool:
    """True when the text between two name tokens keeps them in one mention; a particle in
    ``words`` (an article that is also a common word) joins only when hyphenated."""
    if len(gap) > 10 or "\n" in gap:
        return False
    if gap in (" ", "\u00a0", "-"):
        return True
    if any(p.lower() in words for p in gap.split()):
        return False
    parts = gap.replace("-", " ").split()
    return bool(parts) and all(p.lower() in _PARTICLES or _INITIAL_PART.fullmatch(p) for p in parts)


@lru_cache(maxsize=64)
def _word_articles(lang: str | None) -> frozenset[str]:
    return frozenset(a for a in _ARTICLES if zipf(a, lang) >= ARTICLE_WORD_ZIPF)


@lru_cache(maxsize=64)
def _stopwords(lang: str | None) -> frozenset[str]:
    """Capitalised words that are not names: function words, months and weekdays."""
    return function_words(lang) | calendar_words(lang)


def _collect(text: str, lang: str | None,
             latin_only: bool = False) -> tuple[dict[str, _Form], set[tuple[str, str]]]:
    stop = _stopwords(lang)
    forms: dict[str, _Form] = {}
    adjacent: set[tuple[str, str]] = set()
    for run in _mentions(text, stop, lang, latin_only):
        if len(run) > MAX_MENTION_TOKENS:
            continue
        bare = not (_CAP_BEFORE.search(text, max(0, run[0][0] - 30), run[0][0])
                    or _CAP_AFTER.match(text, run[-1][1]))
        head = _head(text, run[-1][1], lang)
        for i, (s, e, word) in enumerate(run):
            if i > 0:
                adjacent.update(((run[i - 1][2], word), (word, run[i - 1][2])))
            left = run[i - 1][2] if i > 0 else None
            right = run[i + 1][2] if i + 1 < len(run) else None
            f = forms.get(word)
            if f is None:
                f = forms[word] = _Form(word, translit_key(word), fold(word))
            compound = i > 0 and text[run[i - 1][1] : s] == "-"
            of_right = right is not None and any(
                p.lower() in _OF_PARTICLES for p in text[e : run[i + 1][0]].split())
            f.occurrences.append(_Occurrence(s, e, word, left, right, len(run),
                                             _title(text, run[0][0]), compound, bare,
                                             head if right is None else None, of_right))
    return forms, adjacent


def _head(text: str, end: int, lang: str | None) -> str | None:
    m = _HEAD_AFTER.match(text, end)
    if m is None:
        return None
    word, low = m.group(1), m.group(1).lower()
    # a function word or a weekday is no part of the name; "Sun" (Justin Sun) may be
    if low in function_words(lang) or (len(low) > 3 and low in calendar_words(lang)):
        return None
    return word


def _title(text: str, start: int) -> str | None:
    m = _TITLE_BEFORE.search(text, max(0, start - 7), start)
    if m is None:
        return None
    word = m.group(1).lower()
    return word if word in TITLES else None


# -- deciding variant -> canonical ----------------------------------------------------------------
def _role(o: _Occurrence) -> str:
    if o.left is None:
        return "single" if o.right is None else "first"
    return "last" if o.right is None else "middle"


def _same_position(a: _Occurrence, b: _Occurrence) -> bool:
    """Both end a name (surname, lone name) or both are followed by more of it (given name).

    A lone mention ("Kani said") stands for a surname, never for a given name; a title before
    the name ("Reverend", "Minister") does not change the position."""
    return (a.right is None) == (b.right is None)


def _ends_before_of(a: _Occurrence, b: _Occurrence) -> bool:
    """The same given name, then one mention ends where the other goes on only through "de"
    ("Darou Sallam" ... "Darou Salam de Saint Louis", "Juan Karlos" ... "Juan Carlos de
    Borbón"): the same position, whatever the "de" phrase is."""
    return (_anchor(a.left, b.left)
            and ((a.right is None and b.of_right) or (b.right is None and a.of_right)))


def _same_neighbour(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a == b or (translit_key(a) == translit_key(b) and _similar(a, b) >= MIN_SIMILARITY)


def _anchor(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and _same_neighbour(a, b)


def _match(v: _Occurrence, c: _Form, max_head_zipf: float | None = None,
           lang: str | None = None, given: bool = False) -> tuple[bool, str | None]:
    """(compatible, anchored): some mention of the canonical can be the same entity as this
    mention of the variant; anchored when they also share a neighbouring name token or a title
    ("Mr Clarke" ... "Mr Clark"), or a head word rarer than ``max_head_zipf`` ("Jon Snow" ...
    "John Snow"); another title ("Mrs") is another person.  With ``given`` a lone, untitled
    mention may also be the given name the canonical always is (see :func:`_given_name_only`)."""
    compatible, anchored = False, None
    lone = given and v.left is None and v.right is None and v.title is None
    for o in c.occurrences[:MAX_OCCURRENCES]:
        if not (_same_position(v, o) or (lone and o.right is not None)
                or _ends_before_of(v, o)):
            continue
        if v.title and o.title and v.title != o.title:
            continue
        if _same_neighbour(v.left, o.left) and _same_neighbour(v.right, o.right):
            compatible = True
            if _anchor(v.left, o.left) or _anchor(v.right, o.right):
                return True, "same full name"
            if (max_head_zipf is not None and v.head is not None and v.head == o.head
                    and zipf(v.head, lang) < max_head_zipf):
                return True, "same full name"
            if v.title is not None and v.title == o.title:
                anchored = f"same title '{v.title}'"
    return compatible, anchored


def _similar(a: str, b: str) -> float:
    return Levenshtein.normalized_similarity(fold(a), fold(b))


def _plain(word: str) -> str:
    return word.replace("’", "'").lower()


@dataclass
class _Decision:
    canonical: str
    similarity: float
    evidence: str
    occurrences: list[_Occurrence]


def _full(f: _Form) -> bool:
    """Some mention puts a given name before this one and nothing after, or only a "de"
    phrase: a full name's surname ("Ali Baqer Kani", "Darou Salam de Saint Louis")."""
    return any((_role(o) == "last" or (_role(o) == "middle" and o.of_right))
               and not o.compound for o in f.occurrences)


def _direction(v: _Form, c: _Form, lang: str | None, tie_to_first: bool = False) -> str | None:
    """What says that ``c``, not ``v``, is the document's spelling; None when nothing does.

    A full-name mention decides alone ("Ali Baqer Kani" beside a lone "Kenny").  Otherwise three
    signals vote and ``c`` needs more votes than ``v``: the majority spelling in the text; the
    better-known spelling of the language (wordfreq Zipf at least ``PRIOR_GAP`` higher: "Graham"
    over "Grahame", "Assad" over "Asad"; a weak signal alone, it decides only with one of the
    others); the spelling that introduced the name (first mention).  A tie leaves the text alone,
    unless ``tie_to_first``: then the first mention breaks it (the caller allows that only for
    the same full name: "Sadio Mané" ... "Sadio Mani", where the language's word frequency of
    "mani" says nothing about this man).
    """
    fv, fc = _full(v), _full(c)
    if fc != fv:
        return "full-name mention" if fc else None
    votes: list[str] = []
    balance = 0
    if c.count != v.count:
        balance += 1 if c.count > v.count else -1
        if c.count > v.count:
            votes.append("frequency")
    zc, zv = zipf(c.form, lang), zipf(v.form, lang)
    gap = zc - zv
    # Two common spellings ("Jon"/"John") are both a name of their own: which one the language
    # uses more says nothing about which one this person uses.
    if abs(gap) >= PRIOR_GAP and min(zc, zv) < COMMON_PAIR_ZIPF:
        balance += 1 if gap > 0 else -1
        if gap > 0:
            votes.append("better-known spelling")
    if c.occurrences[0].start < v.occurrences[0].start:
        balance += 1
        votes.append("first mention")
    else:
        balance -= 1
    if balance == 0 and tie_to_first and votes and votes[-1] == "first mention":
        return "first mention"
    return " + ".join(votes) if balance > 0 else None


def _given_name_only(v: _Form, c: _Form, attested: bool, lang: str | None) -> bool:
    """True when a lone ``v`` may stand for the given name ``c``: Spanish and Portuguese news
    call people by their given name alone ("Belén Esteban" ... "Belén da la campanada").  Only
    for an attested pair, a ``c`` that never ends a name (never a surname or a lone name of its
    own) and a ``v`` that is no established word of the language (a rare spelling, not another
    entity: "Silvija" beside "Sylvia Lemos")."""
    return (attested and zipf(v.form, lang) < MAX_VARIANT_ZIPF
            and all(o.right is not None for o in c.occurrences[:MAX_OCCURRENCES]))


def _decide(v: _Form, c: _Form, ctx: _Context) -> _Decision | None:
    """Whether ``c`` may replace ``v`` in this document, and on which mentions."""
    if _plain(v.form) == _plain(c.form):
        return None  # same word (case and apostrophe style are other repairs' business)
    if (v.form, c.form) in ctx.adjacent:
        return None  # two parts of one name are not variants
    attested = attested_pair(v.form, c.form)
    if v.key != c.key and not attested:
        return None
    if v.folded[:1] != c.folded[:1] and not attested:
        return None
    sim = _similar(v.form, c.form)
    if sim < MIN_SIMILARITY:
        return None
    if ctx.is_word(v.form) or ctx.is_word(c.form):
        return None  # the text also uses it as an ordinary lower-case word
    direction = _direction(v, c, ctx.lang)
    tie = direction is None
    if tie:  # settled by the first mention only if the variant repeats a full name
        direction = _direction(v, c, ctx.lang, tie_to_first=True)
        if direction is None:
            return None
    v_given = {o.left for o in v.occurrences if o.left}
    c_given = {o.left for o in c.occurrences[:MAX_OCCURRENCES] if o.left}
    if v_given and c_given and not any(_anchor(a, b) for a in v_given for b in c_given):
        return None  # "Kenneth Clarke" and "Greg Clark": own given names, two people
    min_zipf = min(zipf(v.form, ctx.lang), zipf(c.form, ctx.lang))
    both_words = min_zipf >= MAX_VARIANT_ZIPF
    # A shared head word ties only attested spellings, and two common words only under a head
    # that is not itself the head of many names ("Hall Street"/"Hull Street" may be two
    # streets, "Labour Party"/"Labor Party" two parties; "Jon Snow"/"John Snow" is one man).
    max_head = (None if not attested
                else GENERIC_HEAD_ZIPF if min_zipf >= COMMON_PAIR_ZIPF else float("inf"))
    given = _given_name_only(v, c, attested, ctx.lang)
    chosen: list[_Occurrence] = []
    anchored: str | None = None
    for occ in v.occurrences:
        ok, anch = _match(occ, c, max_head, ctx.lang, given)
        if not ok and (occ.left is not None or occ.right is not None):
            return None  # the variant has its own given name / surname: another entity
        if tie and anch != "same full name":
            return None  # a tie is broken only where the variant repeats the full name
        if ok and (anch or (occ.left is None and occ.right is None)):
            chosen.append(occ)  # "Air Tanzania" next to a lone "Tanzanie" is a name of its own
            anchored = anch if anchored is None or anch == "same full name" else anchored
    if not chosen:
        return None
    fuller = direction == "full-name mention"
    if v.count > c.count and not attested and anchored != "same full name":
        # "Barron" x4 beside "Martin Van Buren" x2: a look-alike the text uses more often than
        # the full name it resembles is a name of its own (MT respells a name now and then; it
        # does not make the respelling the majority)
        return None
    if anchored and (anchored == "same full name" or attested or not both_words):
        evidence = anchored
    elif anchored and both_words:
        # a shared title alone ("Ms Davis" ... "Ms Davies") does not make two established
        # surnames one name: the lexicon must tie them, as it ties "Clark"/"Clarke"
        return None
    elif both_words and not (
        attested
        and (min_zipf < COMMON_PAIR_ZIPF or all(o.title for o in chosen))
        and (fuller or c.count >= 2 * v.count)
    ):
        # two established words: only a shared full name or the lexicon ties them, and for two
        # very common words only when a title ("Mr Clarke") shows the variant is a surname
        return None
    elif fuller or attested:
        evidence = "attested spelling" if attested and not fuller else "full-name mention"
    elif c.count >= 3 * v.count and c.count >= 3 and all(o.bare for o in chosen):
        evidence = "frequency"  # a majority alone, for lone mentions only ("Air Tanzania" stays)
    else:
        return None  # an unattested look-alike needs a full name, a majority or a shared name
    if direction != evidence:
        evidence += ", " + direction
    return _Decision(c.form, sim, evidence, chosen)


@dataclass
class _Context:
    text: str
    lang: str | None
    adjacent: set[tuple[str, str]]
    _words: dict[str, bool] = field(default_factory=dict)

    def is_word(self, form: str) -> bool:
        low = form.lower()
        if low not in self._words:
            rx = rf"(?<![\p{{L}}\p{{M}}]){regex.escape(low)}(?![\p{{L}}\p{{M}}])"
            self._words[low] = low != form and regex.search(rx, self.text) is not None
        return self._words[low]


def name_map(forms: dict[str, _Form], ctx: _Context) -> dict[str, _Decision]:
    """variant -> decision for the name forms of one document."""
    by_key: dict[str, list[_Form]] = defaultdict(list)
    for f in forms.values():
        by_key[f.key].append(f)
    by_group: dict[int, list[_Form]] = defaultdict(list)
    for f in forms.values():
        for gid in _lexicon_groups(f.form):
            by_group[gid].append(f)
    out: dict[str, _Decision] = {}
    for v in forms.values():
        same_key = by_key[v.key]
        rivals: set[str] = set()
        if len(same_key) <= MAX_FORMS_PER_KEY:
            rivals.update(f.form for f in same_key)
        for gid in _lexicon_groups(v.form):  # attested spellings present in the text
            rivals.update(f.form for f in by_group[gid][:MAX_FORMS_PER_KEY])
        if len(rivals) < 2:
            continue
        scored = [d for d in (_decide(v, forms[name], ctx) for name in rivals) if d is not None]
        if not scored:
            continue
        scored.sort(key=lambda d: (-d.similarity, -forms[d.canonical].count))
        if len(scored) > 1 and scored[0].similarity - scored[1].similarity < CLEAR_MARGIN:
            continue  # ambiguous: two plausible canonicals
        out[v.form] = scored[0]
    # A canonical must not itself be a variant of something else (no chains).
    return {v: d for v, d in out.items() if d.canonical not in out}


_LETTER = regex.compile(r"\p{L}")
_LATIN_LETTER = regex.compile(r"\p{Latin}")


def _latin_is_foreign(doc: Document) -> bool:
    """True when the document is written in another script, so its Latin words are quotes."""
    script = doc.script
    if script is None:
        sample = doc.text[:1500]
        letters = len(_LETTER.findall(sample))
        script = "Latin" if 2 * len(_LATIN_LETTER.findall(sample)) >= letters else "other"
    return script != "Latin"


def _case_like(canonical: str, variant: str) -> str:
    if variant[:1].islower():
        return canonical[:1].lower() + canonical[1:]
    return canonical


class NameVariantsRepair:
    """Unify transliteration variants of one entity's name within a document."""

    name: ClassVar[str] = "name_variants"
    kind: ClassVar[str] = "name_variant"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        lang, latin_only = doc.lang, False
        if base_lang(doc.lang) not in NAME_LANGS:
            if not _latin_is_foreign(doc):
                return []
            # Latin-script names quoted in Cyrillic text ("Member of the Welsh Parliament") are
            # not inflected by its grammar: unify those, as English, and leave the rest alone.
            lang, latin_only = "en", True
        forms, adjacent = _collect(doc.text, lang, latin_only)
        decisions = name_map(forms, _Context(doc.text, lang, adjacent))
        proposals: list[Proposal] = []
        applied: dict[str, str] = {}
        for variant, d in decisions.items():
            n = forms[d.canonical].count
            attested = ", attested variant" if attested_pair(variant, d.canonical) else ""
            reason = (f"name variant: '{variant}' is a spelling of '{d.canonical}' "
                      f"({d.evidence}; '{d.canonical}' x{n}{attested})")
            confidence = round(0.6 + 0.3 * d.similarity, 2)
            for occ in d.occurrences:
                proposals.append(Proposal(occ.start, occ.end, _case_like(d.canonical, variant),
                                          reason, confidence))
            applied[variant] = d.canonical
        existing = doc.meta.get("name_map")
        merged = dict(existing) if isinstance(existing, dict) else {}
        merged.update(applied)
        doc.meta["name_map"] = merged
        return proposals


if __name__ == "__main__":  # python -m mtbrief.cleanup.repairs.name_variants build SRC_DIR [OUT]
    if len(sys.argv) >= 3 and sys.argv[1] == "build":
        target = Path(sys.argv[3]) if len(sys.argv) > 3 else LEXICON_PATH
        print(build_lexicon(Path(sys.argv[2]), target), "groups ->", target)
    else:
        print(__doc__)
