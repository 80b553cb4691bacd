"""Put back the space machine translation lost where a hyperlink began or ended.

MT systems translate the text of a page and the text of its links separately; when the pieces are
stitched back together the space at the link boundary often disappears: ``and<a>Iraq</a>`` comes
out as ``andIraq``, ``<a>cliff</a> which`` as ``cliffwhich``, ``informing…<a>Al-Nujaba</a>`` as
``informing…Al-Nujaba``.  This repair inserts the missing space, and nothing else.

Evidence comes from per-language word frequencies (wordfreq, via :mod:`..lexicon`), the
document itself (a word that occurs on its own elsewhere in the text is attested) and a lexicon
of attested name spellings (``resources/name_tokens.txt``).  General word segmenters (wordninja,
SymSpell's word segmentation) are not used because they split *every* unknown token into the
most probable known pieces: they shred names ("Abdollahian" -> "Ab dolla hi an").  Here a split
is only accepted when the token as a whole is unknown and both sides are known words or names:

* lower->Upper (``andIraq``, ``succeedingHussein``, ``иИрак``): the left part is a function word
  or a frequent word, the right part a known word or a capitalised name;
* no case change (``cliffwhich``, ``Abdollahianwho``, ``onthe``): one side is a function word
  that seldom begins/ends other words (measured on the language's word list: "which" ends none,
  "and" ends "husband"), the other a known word, a name attested in the document, or (before
  "who"/"which") a long capitalised name; two known content words only where the language does
  not write closed compounds and neither piece is a productive affix ("over-", "-ness");
* punctuation (``informing…Al-Nujaba``, ``said.The``, ``Iraq,Syria``): the space after it.

Documents where unknown words are common (agglutinating languages such as Turkish) get only the
first and last kinds.

This repair must never: split a token that is a known word or name as a whole (``iPhone``,
``DeSantis``, ``Kanaani``); change a letter; touch numbers (``1,000``, ``3.5``), abbreviations
(``U.S.``, ``e.g.``), domain names (``example.com``, ``Node.js``, ``ASP.NET``), URLs, e-mail
addresses, @handles or #hashtags.  It prefers missing a glued pair to splitting a real word.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import ClassVar

import regex

from .. import lexicon
from ..document import Document, Proposal

# A whole token at or above this Zipf frequency is a word or a name; it is never split.  wordfreq
# keeps very rare camel-case brands ("airBaltic" 1.2) above it, random glued pairs ("andIraq")
# at 0.
WHOLE_KNOWN_ZIPF = 1.0
# A frequent glued pair of function words ("ofthe" 3.3) is attested by wordfreq's web sources; it is
# still split when it is this much rarer than its rarer half (real compounds such as "within" are
# about as frequent as their parts).
FUNCTION_PAIR_GAP = 4.0
# Minimum Zipf frequency of a lower-case left word before a capital ("succeeding|Hussein").
CAMEL_LEFT_ZIPF = 2.5

# Word beginnings and endings (3 to AFFIX_MAX letters) are counted over the words at or above
# AFFIX_FLOOR_ZIPF.  A function word is a safe glued *suffix* when few words end with it:
# STRONG ("which", "who": almost none), MEDIUM, WEAK ("and": "-land", "-hand"; only after a
# frequent or attested word); shares of all counted words.
AFFIX_FLOOR_ZIPF = 2.5
AFFIX_MAX = 7
STRONG_AFFIX_SHARE = 1e-4
MEDIUM_AFFIX_SHARE = 2e-3
WEAK_AFFIX_SHARE = 5e-3
# A piece that begins (ends) more than this many counted words is a bound prefix (suffix) such as
# "over-", "hyper-", "анти-", "-ness", "-going", never one side of a two-content-word split.
BOUND_AFFIX_WORDS = 3
# A function word is glued as a *prefix* ("the|cliff") only when its Zipf frequency exceeds the
# log10 of the number of words it begins by this much ("the" 7.7 - 1.9; not "über", "вне", "par").
FREE_WORD_MARGIN = 4.0
# An unknown capitalised word is taken for a name before a glued suffix only when the suffix is
# this frequent (the closed class: "who", "which", "that", "with"; not "area" or "bill").
NAME_SUFFIX_ZIPF = 5.8
# Two splits backed by the same kind of evidence: the one whose words are this much more
# frequent (sum of Zipf values) wins ("to|many" 13.3 over "tom|any" 10.6); else no split.
AMBIGUITY_MARGIN = 2.0
# Both-sides-known splits of lower-case tokens ("forcesrenewed"): Zipf floor for each side.
CONTENT_SIDE_ZIPF = 3.5
# Lower-case glue is only looked for where unknown words are rare: a document whose long words
# wordfreq lacks more often than this is in an agglutinating language (Turkish, Finnish,
# Indonesian: 5-30%) or full of jargon; clean English, Spanish, Russian news stays under 3%.
FUNCTION_GLUE_MAX_UNKNOWN = 0.045
CONTENT_GLUE_MAX_UNKNOWN = 0.02
# Languages that write compounds closed: two known words in a row are a normal word there.
# (No library exposes this typological fact; the list is the standard one.)
CLOSED_COMPOUND_LANGS = frozenset(
    {"de", "nl", "sv", "da", "no", "nb", "nn", "fi", "et", "hu", "is", "af", "lb", "fy"}
)
# Longest letter run examined; longer runs are not glued words (and bound the work per token).
MAX_RUN = 40

# Per-language memo of candidate decisions (bounded: hostile input must not grow it forever).
CANDIDATE_CACHE_SIZE = 200_000
# Longest whitespace-free chunk examined around a candidate (a guard against hostile input).
MAX_CHUNK = 200

# Letter runs.  The standard library's re is 3x faster than regex here (the hot loop).
_RUN = re.compile(r"[^\W\d_]+")
# A chunk that is (part of) a URL, e-mail, handle, hashtag, path or markup: left alone entirely.
_CODEY = regex.compile(r"://|^www\.|[@#_/\\=<>{}|~^`]|\.(?:com|org|net|gov|edu|io)\b", regex.I)
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
# Punctuation glued to the next word.  Lookbehinds keep numbers ("1,000", "3.5"), dotted
# abbreviations ("U.S.", "e.g.") and lower-case extensions ("Node.js", "example.com") out.
_PUNCT_GLUE = regex.compile(
    r"""
      (?<=[\p{L}\p{M}]{2})(?P<ell>…|\.\.\.)(?=\p{Lu})              # informing…Al-Nujaba
    | (?<=[\p{L}\p{M}]{2})(?P<sep>[,;])(?=\p{L}{2})                 # Iraq,Syria
    | (?<=\p{Ll}{2})(?P<col>:)(?=\p{L}{2})                          # said:The
    | (?<=\p{Ll}{2})(?P<end>[.?!])(?=\p{Lu}\p{Ll})                  # said.The
    """,
    regex.X,
)
_ENTITY_BEFORE = regex.compile(r"&[#\w]+$")


def _z(zipf: float) -> float:
    """Zipf value -> wordfreq relative frequency."""
    return 10.0 ** (zipf - 9.0)


@lru_cache(maxsize=1)
def name_tokens() -> frozenset[str]:
    """Lower-cased Latin name tokens attested in public name-variant lists (see SOURCES.md)."""
    text = resources.files("mtbrief").joinpath("resources/name_tokens.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@dataclass(frozen=True)
class _LangModel:
    """Everything the repair needs to know about one language, computed once."""

    lang: str
    freq: dict[str, float]
    function: frozenset[str]
    starts: Counter[str]  # prefix (3-7 letters) -> how many words start with it
    ends: Counter[str]  # suffix (3-7 letters) -> how many words end with it
    strong_suffix: frozenset[str]  # function words that almost never end another word
    medium_suffix: frozenset[str]
    weak_suffix: frozenset[str]
    prefix: frozenset[str]  # function words that are free words more than word beginnings
    closed_compounds: bool
    common: frozenset[str]  # frequent lower-case words (Zipf >= 4): never candidates
    candidate_cache: dict[str, bool]  # token -> could it be glue (document-independent)

    def f(self, word: str) -> float:
        return self.freq.get(word.lower(), 0.0)

    def bound_start(self, word: str) -> bool:
        """``word`` begins many other words ("over", "back", "hyper", "анти"): a prefix."""
        return len(word) <= AFFIX_MAX and self.starts[word] > BOUND_AFFIX_WORDS

    def bound_end(self, word: str) -> bool:
        """``word`` ends many other words ("ness", "going", "balls"): a suffix."""
        return len(word) <= AFFIX_MAX and self.ends[word] > BOUND_AFFIX_WORDS


@lru_cache(maxsize=32)
def _model(lang: str | None) -> _LangModel | None:
    """Per-language lexicon for the repair; None when wordfreq does not know the language."""
    base = lexicon.base_lang(lang)
    freq = lexicon.frequency_dict(base)
    if not freq:
        return None
    function = lexicon.function_words(base)
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    floor = _z(AFFIX_FLOOR_ZIPF)
    words = []
    # wordfreq's dict is sorted by frequency, so the loop stops at the first rare word.
    for word, fr in freq.items():
        if fr < floor:
            break
        words.append(word)
    for k in range(3, AFFIX_MAX + 1):
        starts.update(w[:k] for w in words if len(w) >= k + 3)
        ends.update(w[-k:] for w in words if len(w) >= k + 3)
    total = max(len(words), 1)
    affixes = {w for w in function if len(w) >= 3}

    def free(w: str) -> bool:  # far more frequent on its own than as the start of words
        return math.log10(freq.get(w, 1e-9)) + 9 - math.log10(1 + starts[w]) >= FREE_WORD_MARGIN

    return _LangModel(
        lang=base or "",
        freq=freq,
        function=function,
        starts=starts,
        ends=ends,
        strong_suffix=frozenset(w for w in affixes if ends[w] / total <= STRONG_AFFIX_SHARE),
        medium_suffix=frozenset(w for w in affixes if ends[w] / total <= MEDIUM_AFFIX_SHARE),
        weak_suffix=frozenset(w for w in affixes if ends[w] / total <= WEAK_AFFIX_SHARE),
        prefix=frozenset(w for w in affixes if len(w) > AFFIX_MAX or free(w)),
        closed_compounds=base in CLOSED_COMPOUND_LANGS,
        common=frozenset(words[: sum(1 for w in words if freq[w] >= _z(4.0))]),
        candidate_cache={},
    )


@dataclass(frozen=True)
class _Split:
    """An accepted split of a letter run: a space goes in at ``at`` (offset inside the run)."""

    at: int
    reason: str
    confidence: float


class GluedWordsRepair:
    """Insert the space lost between two words (or after punctuation) at a link boundary."""

    name: ClassVar[str] = "glued_words"
    kind: ClassVar[str] = "glued_word"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        text = doc.text
        if not text:
            return []
        out = _punctuation(text)
        model = _model(doc.lang)
        if model is not None:
            out.extend(_words(text, model))
        return out


def _chunk(text: str, start: int, end: int) -> str | None:
    """The whitespace-delimited chunk around ``text[start:end]``; None when it is huge."""
    s, e = start, end
    while s > 0 and not text[s - 1].isspace():
        s -= 1
        if start - s > MAX_CHUNK:
            return None
    while e < len(text) and not text[e].isspace():
        e += 1
        if e - end > MAX_CHUNK:
            return None
    return text[s:e]


def _plain(text: str, start: int, end: int) -> bool:
    """The span sits in ordinary prose, not in a URL, e-mail, handle, path or markup."""
    chunk = _chunk(text, start, end)
    return chunk is not None and not _CODEY.search(chunk)


# -- punctuation glued to a following word --------------------------------------------------------
def _punctuation(text: str) -> list[Proposal]:
    out = []
    for m in _PUNCT_GLUE.finditer(text):
        mark, kind = m.group(), m.lastgroup or "sep"
        before = text[max(0, m.start() - MAX_CHUNK) : m.start()]
        after = text[m.end() : m.end() + MAX_CHUNK]
        if not _plain(text, m.start(), m.end()):
            continue
        if kind == "sep" and mark == ";" and _ENTITY_BEFORE.search(before):
            continue  # "&amp;" "&nbsp;": an HTML entity, not a semicolon
        if kind == "col" and regex.match(r"\S*:", after):
            continue  # "urn:isbn:...", "a:b:c": identifiers, not prose
        if kind == "end" and regex.match(r"\p{Lu}\p{Ll}*\.\p{L}", after):
            continue  # "Yahoo.Com.Br"-like dotted names
        left = regex.search(r"[\p{L}\p{M}\-]*$", before).group()  # type: ignore[union-attr]
        right = regex.match(r"[\p{L}\p{M}\-]*", after).group()  # type: ignore[union-attr]
        what = {"ell": "an ellipsis", "sep": f"'{mark}'", "col": "':'", "end": f"'{mark}'"}[kind]
        out.append(
            Proposal(
                start=m.start(),
                end=m.end(),
                replacement=mark + " ",
                reason=f"{what} after '{left}' was glued to '{right}' where a link began",
                confidence=0.8 if kind == "col" else 0.9,
            )
        )
    return out


# -- two words glued together ---------------------------------------------------------------------
def _words(text: str, model: _LangModel) -> list[Proposal]:
    words = set(_RUN.findall(text))
    cache = model.candidate_cache
    candidates = []
    for t in words - model.common:  # set difference in C drops most words at once
        hit = cache.get(t)
        if hit is None:
            hit = _candidate(t, model)
            if len(cache) < CANDIDATE_CACHE_SIZE:
                cache[t] = hit
        if hit:
            candidates.append(t)
    if not candidates:
        return []
    positions = _positions(text, candidates)
    doc = _DocWords(words, {t: len(p) for t, p in positions.items()}, model)
    out = []
    for token in candidates:
        splits: list[_Split] | None = None
        for s in positions[token]:
            e = s + len(token)
            # Letters touching digits ("COVID19", "5G") are codes, not glued words.
            if (s and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit()):
                continue
            if not _plain(text, s, e):
                continue
            if splits is None:
                splits = _split_token(token, model, doc)
            if not splits:
                break
            pieces, prev = [], 0
            for sp in splits:
                pieces.append(token[prev : sp.at])
                prev = sp.at
            pieces.append(token[prev:])
            out.append(
                Proposal(
                    start=s,
                    end=e,
                    replacement=" ".join(pieces),
                    reason="; ".join(sp.reason for sp in splits),
                    confidence=min(sp.confidence for sp in splits),
                )
            )
    return out


def _unknown_share(words: set[str], model: _LangModel) -> float:
    """Share of distinct long lower-case words wordfreq does not know, less one (the glue).

    Clean English, Spanish or Russian news stays under 2-3%; Turkish, Finnish or Indonesian
    (agglutinating languages) run at 5-30%, where an unknown word is no sign of glue at all.
    """
    long = [w for w in words if len(w) >= 6 and w.islower()]
    unknown = sum(1 for w in long if w not in model.freq)
    return max(0, unknown - 1) / max(len(long), 20)


def _positions(text: str, tokens: list[str]) -> dict[str, list[int]]:
    """Start offsets of each token where it occurs as a whole letter run.

    Short texts: one ``str.find`` scan per token (fast, in C).  Long texts: one pass over all
    letter runs, so the work stays linear however many candidates there are.
    """
    if len(text) * len(tokens) <= 2_000_000:
        return {t: _occurrences(text, t) for t in tokens}
    out: dict[str, list[int]] = {t: [] for t in tokens}
    for m in _RUN.finditer(text):
        hit = out.get(m.group())
        if hit is not None:
            hit.append(m.start())
    return out


def _occurrences(text: str, token: str) -> list[int]:
    """Start offsets where ``token`` occurs as a whole letter run."""
    out, i = [], text.find(token)
    while i >= 0:
        e = i + len(token)
        if not (i and _is_letter(text[i - 1])) and not (e < len(text) and _is_letter(text[e])):
            out.append(i)
        i = text.find(token, i + 1)
    return out


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


@dataclass
class _DocWords:
    """What the document itself attests: the letter runs that occur in it."""

    words: set[str]
    counts: dict[str, int]  # candidate token -> how often it occurs
    model: _LangModel

    @cached_property
    def unknown_share(self) -> float:
        """Of the document's long lower-case words, the share wordfreq lacks."""
        return _unknown_share(self.words, self.model)

    def attested(self, word: str) -> bool:
        """The word occurs on its own somewhere in the document, spelled the same way."""
        return word in self.words

    def repeated(self, token: str) -> bool:
        """The token occurs more than once (a deliberate spelling, such as a brand)."""
        return self.counts.get(token, 0) > 1


def _candidate(token: str, model: _LangModel) -> bool:
    """Could this letter run be two glued words?  (Document-independent, so cached.)"""
    if len(token) < 4 or len(token) > MAX_RUN:
        return False
    if _whole_known(token, model):
        return False
    if _CAMEL.search(token):
        return True
    return len(token) >= 5 and (token.islower() or (token[0].isupper() and token[1:].islower()))


def _split_token(token: str, model: _LangModel, doc: _DocWords) -> list[_Split]:
    """The accepted splits of one candidate letter run (usually none)."""
    if _CAMEL.search(token):
        return _split_camel(token, model, doc)
    if token.islower() or (token[0].isupper() and token[1:].islower()):
        sp = _split_lower(token, model, doc)
        return [sp] if sp else []
    return []


def _whole_known(token: str, model: _LangModel) -> bool:
    low = token.lower()
    if low in name_tokens():
        return True
    if model.f(low) < _z(WHOLE_KNOWN_ZIPF):
        return False
    return not _function_pair(low, model)


def _function_pair(low: str, model: _LangModel) -> bool:
    """True for a rare glued pair of function words ("ofthe", "andthe"; not "within")."""
    whole = model.f(low)
    for i in range(1, len(low)):
        left, right = low[:i], low[i:]
        if left in model.function and right in model.function:
            rarer = min(model.f(left), model.f(right))
            if whole < rarer * 10.0 ** (-FUNCTION_PAIR_GAP):
                return True
    return False


def _is_name(word: str, model: _LangModel, doc: _DocWords) -> bool:
    """A capitalised word the document, the name lexicon or wordfreq knows."""
    if not (word[0].isupper() and len(word) >= 2):
        return False
    return doc.attested(word) or word.lower() in name_tokens() or model.f(word) >= _z(2.0)


def _split_camel(token: str, model: _LangModel, doc: _DocWords) -> list[_Split]:
    """lower->Upper glue: "andIraq", "succeedingHussein", Cyrillic "иИрак"."""
    splits: list[_Split] = []
    start = 0
    for m in _CAMEL.finditer(token):
        at = m.start()
        left, right = token[start:at], token[at:]
        sp = _camel_pair(left, right, token, model, doc)
        if sp is not None:
            splits.append(_Split(at, sp.reason, sp.confidence))
            start = at
    return splits


def _camel_pair(
    left: str, right: str, token: str, model: _LangModel, doc: _DocWords
) -> _Split | None:
    low = left.lower()
    is_function = low in model.function
    head = regex.match(r"\p{Lu}[\p{Ll}\p{M}]*", right)
    if head is None:
        return None
    simple = head.group() == right  # "Iraq", "Hussein" (not "McDonald", not "US")
    right_known = simple and _is_name(right, model, doc)
    if left[0].isupper():
        # "MacBook", "DeSantis", "LeBron", "PlayStation": a capitalised left part is usually a
        # name particle or a brand.  Split only a one-off token whose parts are well attested.
        if doc.repeated(token) or not simple:
            return None
        if len(left) <= 3 and low in name_tokens() and not is_function:
            return None  # "DelBene", "VanHollen", "AbuDhabi": a name particle
        if is_function and len(left) >= 3:  # sentence-initial "TheMet", "AndIraq"
            ok = right_known
        elif is_function:  # "InJune": two letters could be a particle ("LaGuardia")
            ok = doc.attested(right)
        else:  # "MovementIraq", "BorisJohnson": a frequent word, then an attested name
            ok = (
                len(left) >= 4
                and model.f(left) >= _z(3.5)
                and (doc.attested(right) or right.lower() in name_tokens())
            )
        conf = 0.75
    elif len(left) == 1:
        # "иИрак", "aCompany": a one-letter word must occur on its own in the document ("i" in
        # "iPhone" never does in English prose).
        ok = is_function and doc.attested(left) and right_known
        conf = 0.85
    else:
        if not (is_function or (len(left) >= 3 and model.f(left) >= _z(CAMEL_LEFT_ZIPF))):
            return None
        if not is_function and doc.repeated(token):
            return None  # a camel-case token repeated verbatim is a brand, not an accident
        conf = 0.9 if is_function else 0.85
        if simple:
            # "succeedingHussein", "містіТалса": after a frequent word, any capitalised word of
            # three letters or more is taken for a name.
            # ("medRxiv", "bioRxiv": a short lower-case prefix is part of a brand name.)
            plausible = len(right) >= 3 and (
                is_function or model.f(left) >= _z(3.5 if len(left) >= 4 else 4.5)
            )
            ok = right_known or plausible
            if not right_known:
                conf -= 0.1
        elif right.isupper():  # "andUS": an acronym must occur on its own in the document
            ok = is_function and doc.attested(right)
        else:  # "andMcDonald": the rest must be a known camel-case name
            ok = _whole_known(right, model) or doc.attested(right)
    if not ok:
        return None
    if doc.attested(right):
        conf = min(0.95, conf + 0.05)
    return _Split(
        len(left),
        f"'{left}' and '{right}' were glued where a link began or ended",
        round(conf, 2),
    )


def _split_lower(token: str, model: _LangModel, doc: _DocWords) -> _Split | None:
    """Glue without a case change: "cliffwhich", "Abdollahianwho", "forcesrenewed"."""
    if len(token) < 5 or doc.unknown_share > FUNCTION_GLUE_MAX_UNKNOWN or doc.repeated(token):
        return None
    capital = token[0].isupper()
    content_ok = (
        not capital
        and not model.closed_compounds
        and len(token) >= 8
        and doc.unknown_share <= CONTENT_GLUE_MAX_UNKNOWN
    )
    function = model.function
    candidates: list[tuple[int, float, _Split]] = []
    function_split = False  # some split puts a function word next to a known word
    for at in range(2, len(token) - 2):
        left, right = token[:at], token[at:]
        low = left.lower()
        if not (content_ok or right in function or low in function):
            continue  # no rule can apply: skip the lookups
        fl, fr = model.f(low), model.f(right)
        if (right in function and fl >= _z(2.0)) or (low in function and fr >= _z(2.0)):
            function_split = True
        left_attested = doc.attested(left) or (capital and low in name_tokens())
        reason = f"'{left}' and '{right}' were glued where a link began or ended"
        # 0. two function words: "on|the", "if|there", sentence-initial "We|must", "Он|также".
        if low in model.function and right in model.function and len(right) >= 2:
            candidates.append((3, min(fl, fr), _Split(at, reason, 0.9)))
            continue
        if len(token) < 6:
            continue
        # 1. right is a function word that seldom ends a word: "cliff|which", "Abdollahian|who".
        if right in model.weak_suffix:
            strong = right in model.strong_suffix
            if left_attested and len(left) >= 3:  # "Hezbollah|which" with "Hezbollah" elsewhere
                candidates.append((4, fr, _Split(at, reason, 0.9)))
                continue
            if right not in model.medium_suffix:
                if not capital and len(left) >= 3 and fl >= _z(4.0):
                    candidates.append((3, fl, _Split(at, reason, 0.75)))
                continue
            # (A long inflected form, "трубками", is rarer than its lemma: 2.5 is enough.)
            floor = (2.5 if len(left) >= 6 else 3.0) if strong else 3.5
            if len(left) >= 3 and fl >= _z(floor) and (strong or not capital):
                candidates.append((3, fl, _Split(at, reason, 0.9 if strong else 0.8)))
                continue
            if (
                capital
                and strong
                and fr >= _z(NAME_SUFFIX_ZIPF)
                and len(left) >= 5
                and regex.search(r"[aeiouyаеёиоуыэюяіїє]", low)
            ):
                # An unknown capitalised word before "who"/"which": a name ("Abdollahianwho").
                candidates.append((2, 0.0, _Split(at, reason, 0.75)))
                continue
        if capital:
            continue  # capitalised unknown tokens are names: only the rule above applies
        # 2. left is a function word that seldom starts a word: "the|cliff", "with|rockets".
        if low in model.prefix and len(right) >= 3 and fr >= _z(3.0) and not model.bound_end(right):
            candidates.append((3, fr, _Split(at, reason, 0.8)))
            continue
        # 3. two known content words, where the language does not write closed compounds.
        if (
            content_ok
            and len(left) >= 4
            and len(right) >= 4
            and fl >= _z(CONTENT_SIDE_ZIPF)
            and fr >= _z(CONTENT_SIDE_ZIPF)
            and not model.bound_start(low)
            and not model.bound_end(right)
        ):
            candidates.append((1, min(fl, fr), _Split(at, reason, 0.7)))
    if not candidates:
        return None
    tier = max(c[0] for c in candidates)
    if tier == 1 and function_split:
        return None  # "condom|sand" vs "condoms|and": a function word may be the true split

    def pair_zipf(sp: _Split) -> float:
        return _zipf(model.f(token[: sp.at])) + _zipf(model.f(token[sp.at :]))

    # Two splits with the same kind of evidence: take the clearly more probable pair of words
    # ("to|many" over "tom|any"), or leave the token alone when neither is.
    top = sorted((c[2] for c in candidates if c[0] == tier), key=pair_zipf, reverse=True)
    if len(top) > 1 and pair_zipf(top[0]) - pair_zipf(top[1]) < AMBIGUITY_MARGIN:
        return None
    return top[0]


def _zipf(freq: float) -> float:
    return math.log10(freq) + 9 if freq > 0 else 0.0
