"""HTML input: decode a page, keep words apart at link boundaries, extract the article, clean it.

Data flow::

    bytes/str -> decode_html (BOM, <meta charset>, UTF-8, charset_normalizer)
              -> lxml tree (never fetched, never rendered, no scripts run)
              -> separate_link_words (the markup says where a link starts and ends; machine
                 translation often drops the space there: ``and<a>Iraq</a>`` -> "and Iraq")
              -> trafilatura (favor_precision; chosen by measurement, see
                 benchmarks/html_extraction.py) -> plain text
              -> mtbrief.cleanup.pipeline.clean -> CleanResult

This module must never fetch a URL, execute a script, or silently drop part of the page because
of its size or depth: markup nested deeper than :data:`MAX_DEPTH` or bytes over the limit are
refused with an :class:`~mtbrief.errors.InputError` that says so.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
import regex
from lxml import etree

from ..cleanup.lexicon import function_words, zipf
from ..cleanup.pipeline import CleanResult, clean
from ..config import get_settings
from ..errors import EmptyInputError, EncodingError, InputError
from .decode import check_decoded, check_size
from .language import detect_language

# libxml2 silently drops content nested deeper than 256 levels (2,048 with huge_tree), and deep
# trees make extraction slow (500 levels: > 1 s).  Deeper pages are refused, never truncated.
MAX_DEPTH = 256
# Extraction time grows faster than linearly with the element count (20,000 elements: ~2 s);
# real news pages have < 2,000 once scripts are gone (article_extraction_news: at most 1,565).
MAX_ELEMENTS = 20_000
# HTML carries markup around the text; by default a page may be this many times the text limit.
HTML_SIZE_FACTOR = 8
# A word formed across a link edge that is at least this frequent (wordfreq Zipf) is one word
# split by markup (``<a>Iraq</a>i``), not two words glued by translation.
KNOWN_WORD_ZIPF = 3.0

# Elements whose edges render as a line or paragraph break: words never glue across them.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is never rendered as text.
DROP_TAGS = ("script", "style", "template", "svg", "math", "object", "embed", "iframe")
# Scripts that separate words with spaces and whose words never legitimately run into a link
# (Arabic clitics do: "و<a>العراق</a>" is "and Iraq" correctly written; Chinese has no spaces).
_SPACED_LETTER = regex.compile(
    r"[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}&&\p{L}]", regex.V1
)
# A word-like fragment at a link edge: letters and digits, with inner apostrophes and hyphens
# ("October’s", "self-scripted").
_FRAGMENT_END = regex.compile(r"[\p{L}0-9]+(?:['’\-][\p{L}0-9]+)*$")
_FRAGMENT_START = regex.compile(r"^[\p{L}0-9]+(?:['’\-][\p{L}0-9]+)*")
_DIGIT = regex.compile(r"[0-9]")
# Punctuation that a space normally follows; a letter right after it at a link edge is glue.
_CLOSING_PUNCT = frozenset(",;:!?”»)")

# WHATWG "prescan": the first 1,024 bytes name the encoding (we look a little further).
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Per the HTML standard a <meta> can't declare UTF-16/32 (the bytes that say so are ASCII), and
# UTF-7 is refused outright (a classic filter-evasion trick).
_META_IGNORED = frozenset(
    {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"}
)
# Legacy encodings by how common they are on the web (W3Techs), for breaking ties between guesses.
_WEB_CHARSETS = (
    "utf_8",
    "cp1252",
    "cp1251",
    "shift_jis",
    "gb2312",
    "gbk",
    "gb18030",
    "euc_kr",
    "euc_jp",
    "cp1250",
    "iso8859_2",
    "iso8859_9",
    "cp1256",
    "iso8859_15",
    "big5",
    "cp1254",
    "koi8_r",
    "cp1253",
    "cp1255",
    "cp874",
    "cp1257",
)
_CHAOS_TIE = 0.02
_LEGACY_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}  # WHATWG


# -- decoding -----------------------------------------------------------------------------------
def html_byte_limit() -> int:
    """Largest HTML page accepted, in bytes (``Settings.max_html_bytes`` when set)."""
    settings = get_settings()
    explicit = getattr(settings, "max_html_bytes", None)
    return int(explicit) if explicit else HTML_SIZE_FACTOR * settings.max_input_bytes


def declared_charset(raw: bytes) -> str | None:
    """The Python codec named by a ``<meta charset>`` or XML declaration, if usable."""
    head = raw[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "ignore").strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _META_IGNORED:
        return None
    return _LEGACY_ALIASES.get(name, name)


def decode_html(data: str | bytes, *, max_bytes: int | None = None) -> str:
    """Return the page as ``str``, honouring its declared charset, or raise an InputError.

    Bytes: a byte-order mark wins; then UTF-8 when the bytes are valid UTF-8 (a page whose
    non-ASCII bytes happen to be valid UTF-8 is UTF-8 whatever its ``<meta>`` says: legacy text
    almost never is); then the declared charset when it decodes the bytes; then the guess of
    charset_normalizer.  NUL bytes mean a binary file, not a page.
    """
    limit = html_byte_limit() if max_bytes is None else max_bytes
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        check_size(len(raw), limit, "HTML")
        text = _decode_bytes(raw)
    elif isinstance(data, str):
        text = data
    else:
        raise InputError(f"HTML must be text or bytes, not {type(data).__name__}")
    return check_decoded(text, limit, "HTML", noun="a page")


def _decode_bytes(raw: bytes) -> str:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise EncodingError(
                    f"HTML starts with a {codec} byte-order mark but is not valid {codec}"
                ) from None
    if b"\x00" in raw[:4096]:
        raise EncodingError("HTML contains NUL bytes; it looks like a binary file, not a page")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(raw)
    if declared:
        try:
            return raw.decode(declared)
        except UnicodeDecodeError:
            pass
    guess = _guess_charset(raw)
    if guess:
        try:
            return raw.decode(guess)
        except (UnicodeDecodeError, LookupError):
            pass
    if declared:
        said = f"its declared charset {declared!r} does not decode it"
    else:
        said = "it declares no charset and none fits"
    raise EncodingError(f"HTML is not valid UTF-8 and {said}; re-encode it as UTF-8")


def _guess_charset(raw: bytes) -> str | None:
    """charset_normalizer's guess, ties broken by how common an encoding is on the web.

    On a short page many legacy code pages decode equally cleanly (French in cp1252 reads as
    well in cp1257); among guesses within :data:`_CHAOS_TIE` of the best, the commonest wins.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw[:200_000]))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    near = {c for m in matches if m.chaos <= best + _CHAOS_TIE for c in m.could_be_from_charset}
    for name in _WEB_CHARSETS:
        if name in near:
            return name
    return min(matches, key=lambda m: m.chaos).encoding


# -- parsing ------------------------------------------------------------------------------------
def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse ``text`` into an lxml tree without fetching anything; drop scripts and styles.

    Refuses markup nested deeper than :data:`MAX_DEPTH` or with more than :data:`MAX_ELEMENTS`
    elements rather than silently losing part of it.
    """
    # Lone surrogates cannot be encoded for libxml2; they are not text a page can display.
    safe = regex.sub(r"[\ud800-\udfff]", "\ufffd", text)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = lxml.html.document_fromstring(safe.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"HTML could not be parsed: {exc}") from None
    for el in list(root.iter(*DROP_TAGS)):
        el.drop_tree()  # keeps the tail text that follows the element
    depth = deepest = elements = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            elements += 1
        else:
            depth -= 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                raise InputError(
                    f"HTML nests elements more than {MAX_DEPTH} levels deep; refusing broken or "
                    "hostile markup"
                )
    if elements > MAX_ELEMENTS:
        raise InputError(
            f"HTML has {elements:,} elements; the limit is {MAX_ELEMENTS:,} (send the article's "
            "own markup, or its text)"
        )
    return root


def page_language(root: lxml.html.HtmlElement) -> str | None:
    """The language of the page's text, detected from its paragraphs (else its body).

    ``<html lang>`` is only a fallback: machine-translated pages often keep the source
    language's attribute.
    """
    paragraphs = []
    size = 0
    for p in root.iter("p"):
        paragraphs.append(p.text_content())
        size += len(paragraphs[-1])
        if size > 3000:
            break
    if size < 200:
        body = root.find("body")
        paragraphs = [(body if body is not None else root).text_content()[:6000]]
    sample = " ".join(" ".join(paragraphs).split())
    lang = detect_language(sample) if sample else None
    if lang:
        return lang
    declared = (root.get("lang") or root.get("xml:lang") or "").strip()
    if regex.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", declared):
        return declared.replace("_", "-").split("-")[0].lower()
    return None


# -- link boundaries ----------------------------------------------------------------------------
# Why hand-written: extractors (trafilatura, selectolax, html2text) reproduce the text nodes as
# they are; none knows that a link edge is where machine translation loses the space.
_Slot = tuple[Any, str]  # (element, "text" | "tail")


def _stream(root: lxml.html.HtmlElement) -> Iterator[tuple[str, Any]]:
    """Document-order events: ("slot", (el, attr)), ("open"|"close", el) for links,
    ("inline-open"|"inline-close", el) for other inline elements, ("block", None)."""
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                yield ("block", None)
            if tag == "a":
                yield ("open", el)
            elif tag and tag not in BLOCK_TAGS:
                yield ("inline-open", el)
            yield ("slot", (el, "text"))
        else:
            if tag == "a":
                yield ("close", el)
            elif tag and tag not in BLOCK_TAGS:
                yield ("inline-close", el)
            if tag in BLOCK_TAGS:
                yield ("block", None)
            yield ("slot", (el, "tail"))


def _get(slot: _Slot) -> str:
    return getattr(slot[0], slot[1]) or ""


def separate_link_words(root: lxml.html.HtmlElement, lang: str | None = None) -> int:
    """Insert a space where a link edge joins two words with none; returns how many.

    ``and<a>Iraq</a>``, ``<a>cliff</a>which`` and ``<a>Iraq</a>is`` get a space (a function
    word outside a link is its own word).  Otherwise no space goes in when the joined form is a
    known word (``<a>Iraq</a>i``, ``<a>W</a>ord``) or the fragment outside the link has one or
    two letters (an affix: ``<a>MacBook</a>s``), nor next to spaces or block boundaries, nor
    between letters of scripts written without spaces or with attached clitics (Chinese,
    Arabic).  At the edges of other inline elements (``<b>``, ``<span>``...) only a letter right
    after clause or sentence punctuation gets a space (``<span>offline.</span>Click``), never
    one inside a word (``<b>W</b>ord``).
    """
    events = list(_stream(root))
    inserted = 0
    for i, (kind, _) in enumerate(events):
        if kind in ("slot", "block"):
            continue
        left = _neighbour(events, i, -1)
        right = _neighbour(events, i, +1)
        if left is None or right is None:
            continue
        ltext, rtext = _get(left), _get(right)
        if kind.startswith("inline"):
            # <b>, <span>...: words split mid-word are common (drop caps, highlights), so only
            # a sentence or clause that ends at the edge counts ("<span>offline.</span>Click").
            if not _after_punctuation(ltext[-1], rtext[0]):
                continue
        elif not _glued(ltext, rtext, kind == "open", lang):
            continue
        if kind.endswith("open"):  # the space goes outside the element
            setattr(left[0], left[1], ltext + " ")
        else:
            setattr(right[0], right[1], " " + rtext)
        inserted += 1
    return inserted


def _glued(ltext: str, rtext: str, opening: bool, lang: str | None) -> bool:
    """Whether the text either side of a link edge (``ltext`` | ``rtext``) ran two words together.

    ``opening``: the edge is where the link starts, so the fragment outside the link is the
    left one.
    """
    lchar, rchar = ltext[-1], rtext[0]
    if _after_punctuation(lchar, rchar):  # "<a>Claure,</a>employees", "”from"
        return True
    lword = _SPACED_LETTER.match(lchar) is not None
    rword = _SPACED_LETTER.match(rchar) is not None
    if not ((lword or _DIGIT.match(lchar)) and (rword or _DIGIT.match(rchar))):
        return False
    if not (lword or rword):
        return False  # digits on both sides: one number split by markup
    lmatch, rmatch = _FRAGMENT_END.search(ltext), _FRAGMENT_START.search(rtext)
    lfrag = lmatch.group() if lmatch else ""
    rfrag = rmatch.group() if rmatch else ""
    outside = lfrag if opening else rfrag
    words = function_words(lang)
    # Editors link whole words, so a function word outside the link ("<a>Iraq</a>is",
    # "and<a>Iraq</a>", "by<a>30</a>") is a word of its own even when the joined form is one
    # ("Iraqis"); a one-letter one only before a link ("a<a>group</a>"; "<a>MacBook</a>s" is
    # an affix).
    if outside.lower() in words and (len(outside) >= 2 or opening):
        return len(outside) >= 2 or zipf(lfrag + rfrag, lang) < KNOWN_WORD_ZIPF
    if zipf(lfrag + rfrag, lang) >= KNOWN_WORD_ZIPF:
        return False  # one word split by markup ("<a>Iraq</a>i", "<a>W</a>ord")
    if outside.isdigit():
        return False  # a number on a linked name ("<a>COVID</a>19", "<a>G</a>20")
    # an affix on the link text ("<a>MacBook</a>s", "<a>5</a>th"), not a glued word
    return len(outside) > 2 or (len(outside) == 2 and not outside.islower())


def _after_punctuation(lchar: str, rchar: str) -> bool:
    """A letter straight after punctuation that a space follows: ``,x`` ``”x`` ``.X``.

    A full stop counts only before a capital ("U.S.-based", "e.g.x" stay as they are).
    """
    if _SPACED_LETTER.match(rchar) is None:
        return False
    return lchar in _CLOSING_PUNCT or (lchar in ".!?" and rchar.isupper())


def _neighbour(events: list[tuple[str, Any]], i: int, step: int) -> _Slot | None:
    """The nearest non-empty text slot from event ``i`` in direction ``step``, within a block."""
    j = i + step
    while 0 <= j < len(events):
        kind, value = events[j]
        if kind == "block":
            return None
        if kind == "slot" and _get(value):
            return value
        j += step
    return None


# -- extraction ---------------------------------------------------------------------------------
def extract_text(html: str | bytes, lang: str | None = None, max_bytes: int | None = None) -> str:
    """The article body of a page as plain text (paragraphs on their own lines).

    Raises :class:`EmptyInputError` when the page has no readable text.
    """
    import trafilatura

    root = parse_html(decode_html(html, max_bytes=max_bytes))
    separate_link_words(root, lang or page_language(root))
    text = None
    for options in ({"favor_precision": True}, {"favor_recall": True}):
        text = trafilatura.extract(root, include_comments=False, include_tables=True, **options)
        if text and text.strip():
            break
    if not text or not text.strip():
        text = trafilatura.html2txt(root)
    if not text or not text.strip():
        raise EmptyInputError("HTML contains no readable text")
    return text.strip()


def clean_html(
    html: str | bytes,
    lang: str | None = None,
    glossary: Any = None,
) -> CleanResult:
    """Extract the article from an HTML page, keeping words apart at link boundaries, and clean it.

    Edits in the result are in offsets of the extracted text (``revert_edits(result.text,
    result.edits)`` gives it back).
    """
    text = extract_text(html, lang=lang)
    return clean(text, lang=lang, glossary=glossary)
