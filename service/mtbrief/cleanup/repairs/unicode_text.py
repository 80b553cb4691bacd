"""Safe Unicode repair: mojibake, control characters, terminal escapes, broken surrogates.

MT pipelines and scrapers often decode UTF-8 bytes with the wrong codec ("CafÃ©", "donâ€™t",
"РїСЂРёРІРµС‚"), leak terminal colour codes or C0/C1 control characters, and split surrogate
pairs.  ftfy knows how to undo exactly this damage and is conservative by design, so this repair
delegates the *decision* to ``ftfy.fix_and_explain`` and only does two things itself:

* runs ftfy one line at a time (line terminators are never handed to ftfy, so CRLF and LF survive
  as they were) and turns each changed line into minimal span edits (a diff of the line before and
  after), so the audit trail says "Ã© -> é", not "this whole line changed";
* words the reason from ftfy's own explanation (the codec it undid, or the fixer it applied).

It must never change clean text, in any script: curly quotes stay curly (``uncurl_quotes=False``),
fullwidth punctuation and compatibility characters stay (no NFC/NFKC, no width folding), ZWJ/ZWNJ
and bidi marks stay (ftfy leaves them alone), and line breaks are not normalised.
"""

from __future__ import annotations

import difflib
import re
from typing import ClassVar

import ftfy
import regex
from ftfy import TextFixerConfig
from rapidfuzz.distance import Levenshtein

from ..document import Document, Proposal

# ftfy options: everything that repairs *damage*, nothing that merely *normalises* style.
# ``unescape_html`` is decided per document (see ``_config_for``).
_BASE_CONFIG = TextFixerConfig(
    unescape_html="auto",
    uncurl_quotes=False,  # typographic quotes are correct text, not damage
    fix_character_width=False,  # fullwidth CJK punctuation "，" is correct text
    normalization=None,  # no NFC/NFKC: keeps compatibility characters and the user's form
    fix_line_breaks=False,  # keep CRLF / LF / U+2028 exactly as they were
    explain=True,
)
_NO_HTML_CONFIG = _BASE_CONFIG._replace(unescape_html=False)

# Lines made only of these characters cannot hold anything ftfy would change, so they skip
# ftfy (most English news lines): printable ASCII without "&", tab/CR, and the typographic
# marks news uses (curly quotes, dashes, ellipsis, no-break space).  In Windows-1252 those marks
# are bytes 0x85-0xA0, UTF-8 continuation bytes: mojibake needs a lead byte (Â, Ã, â, Ð...),
# which is not in this set.
_ASCII_SAFE = re.compile(r"[\t\r\x20-\x25\x27-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026\xa0]*")
# Characters that can take part in damage ftfy repairs: C0/C1 controls and DEL, "&" (entities),
# Latin-1/Windows-125x letters (mojibake), surrogates, BOM/specials, ligatures, private use.
# Lines of other scripts without any of these (clean Arabic, Chinese, Hindi...) skip ftfy.
_SUSPICIOUS = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\xff&\u0100-\u02ff\u0370-\u04ff\u180e\u200b\u2010-\u23ff"
    "\u2500-\u25ff"
    "\ud800-\udfff\ue000-\uf8ff\ufb00-\ufb06\ufeff\ufff9-\ufffd"
    "\U000e0000-\U000e007f]"
)
# A line longer than this is diffed token by token first (difflib is quadratic on characters).
_CHAR_DIFF_LIMIT = 400
_ALIGN_LIMIT = 200_000_000  # chars x chars; beyond this a changed stretch gets one coarse edit
_TOKEN_RE = re.compile(r"\s+|[^\s]+")

# Zero-width characters with no meaning between letters of space-separated scripts (see
# ``remove_stray_invisibles``), and the scripts that do use them as word/line-break hints.
_STRAY_RE = regex.compile(r"[\u200b\u2060\u180e\ufeff\u2061-\u2064]+")
_USES_ZERO_WIDTH = regex.compile(
    r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}"
    r"\p{Hangul}\p{Balinese}\p{Javanese}\p{Mongolian}]"
)

_STEP_REASONS = {
    "unescape_html": "HTML entities decoded",
    "remove_terminal_escapes": "terminal escape codes removed",
    "remove_control_chars": "invisible control characters removed",
    "fix_surrogates": "broken UTF-16 surrogates repaired",
    "fix_latin_ligatures": "typographic ligatures expanded",
    "fix_c1_controls": "C1 control characters read as Windows-1252 punctuation",
    "restore_byte_a0": "non-breaking-space byte restored",
    "replace_lossy_sequences": "mojibake: lossy UTF-8 sequences repaired",
    "decode_inconsistent_utf8": "mojibake: UTF-8 read as Windows-1252 in part of the line",
}


def _config_for(text: str) -> TextFixerConfig:
    """Unescape HTML entities only when the document does not look like markup itself.

    ftfy's "auto" mode decides per string; deciding once per document keeps "&lt;" in a line of
    a document that contains real tags elsewhere.
    """
    return _NO_HTML_CONFIG if "<" in text else _BASE_CONFIG


def explain_steps(steps: list[tuple[str, str]] | None) -> str:
    """Turn ftfy's explanation (a list of (action, argument) steps) into one readable reason.

    >>> explain_steps([("encode", "sloppy-windows-1252"), ("decode", "utf-8")])
    'mojibake: utf-8 text had been decoded as windows-1252 (ftfy re-decoded it)'
    """
    parts: list[str] = []
    encoded: str | None = None
    for action, arg in steps or []:
        if action == "encode":
            encoded = arg.removeprefix("sloppy-")
        elif action == "decode":
            if encoded is not None and encoded != arg:
                parts.append(
                    f"mojibake: {arg} text had been decoded as {encoded} (ftfy re-decoded it)"
                )
            encoded = None
        elif action in ("apply", "transcode"):
            parts.append(_STEP_REASONS.get(arg, f"ftfy {arg}"))
    return "; ".join(dict.fromkeys(parts)) or "Unicode repair (ftfy)"


def _diff_spans(a: str, b: str) -> list[tuple[int, int, str]]:
    """Minimal replacements ``(start, end, new)`` in ``a`` that turn it into ``b``."""
    # Strip the common prefix and suffix first: the diff then only sees the damaged middle.
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    a_mid, b_mid = a[p : len(a) - s], b[p : len(b) - s]
    if not a_mid and not b_mid:
        return []
    if len(a_mid) + len(b_mid) <= _CHAR_DIFF_LIMIT:
        return [(p + i, p + j, new) for i, j, new in _char_diff(a_mid, b_mid)]
    # Long damaged stretch: align whitespace-separated tokens, then diff inside changed groups.
    ta, tb = _TOKEN_RE.findall(a_mid), _TOKEN_RE.findall(b_mid)
    offs_a, offs_b = _offsets(ta), _offsets(tb)
    if len(ta) == len(tb):  # the usual case: ftfy repaired characters inside tokens
        groups = [(i, i + 1, i, i + 1) for i in range(len(ta)) if ta[i] != tb[i]]
    elif len(a_mid) * len(b_mid) <= _ALIGN_LIMIT:
        # Tokens were merged or split (a removed control character was whitespace): align
        # characters with rapidfuzz's bit-parallel Levenshtein (difflib is quadratic in Python
        # and crawls on repetitive text).
        ops = Levenshtein.opcodes(a_mid, b_mid)
        spans = [(p + o.src_start, p + o.src_end, b_mid[o.dest_start : o.dest_end])
                 for o in ops if o.tag != "equal"]
        return _merge_close(spans, a, touching_only=True)
    else:  # pathological: one edit for the whole damaged stretch (still exact, less minimal)
        return [(p, len(a) - s, b_mid)]
    spans: list[tuple[int, int, str]] = []
    for i1, i2, j1, j2 in groups:
        sa, ea = offs_a[i1], offs_a[i2]
        sb, eb = offs_b[j1], offs_b[j2]
        seg_a, seg_b = a_mid[sa:ea], b_mid[sb:eb]
        if len(seg_a) + len(seg_b) <= _CHAR_DIFF_LIMIT:
            spans.extend((p + sa + i, p + sa + j, new) for i, j, new in _char_diff(seg_a, seg_b))
        else:
            spans.append((p + sa, p + ea, seg_b))
    return spans


def _offsets(tokens: list[str]) -> list[int]:
    out = [0]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _char_diff(a: str, b: str) -> list[tuple[int, int, str]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    spans: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            spans.append((i1, i2, b[j1:j2]))
    return _merge_close(spans, a)


def _merge_close(spans: list[tuple[int, int, str]], a: str,
                 touching_only: bool = False) -> list[tuple[int, int, str]]:
    """Join edits separated by at most one unchanged character (one readable edit per glitch)."""
    gap = 0 if touching_only else 1
    merged: list[tuple[int, int, str]] = []
    for start, end, new in spans:
        if merged and start - merged[-1][1] <= gap and not a[merged[-1][1] : start].isspace():
            ps, pe, pn = merged[-1]
            merged[-1] = (ps, end, pn + a[pe:start] + new)
        else:
            merged.append((start, end, new))
    return merged


def remove_stray_invisibles(text: str) -> str:
    """Drop zero-width spaces, word joiners and mid-text BOMs that sit inside space-separated text.

    ftfy keeps these on purpose (Thai, Khmer or Japanese text uses them as line-break hints), so
    no library removes them; MT and CMS pipelines leak them into English words ("p\u200blans"),
    where they break search and tokenisation.  They are removed unless a neighbour belongs to a
    script that uses them.  ZWJ/ZWNJ (U+200D/U+200C) and bidi marks are never touched.

    >>> remove_stray_invisibles("p\u200blans a\u2060nd")
    'plans and'
    >>> remove_stray_invisibles("ภาษา\u200bไทย") == "ภาษา\u200bไทย"
    True
    """
    if not _STRAY_RE.search(text):
        return text

    def keep_or_drop(m: regex.Match[str]) -> str:
        before = text[m.start() - 1 : m.start()]
        after = text[m.end() : m.end() + 1]
        if _USES_ZERO_WIDTH.match(before) or _USES_ZERO_WIDTH.match(after):
            return m.group()
        return ""

    return _STRAY_RE.sub(keep_or_drop, text)


def fix_line(line: str, config: TextFixerConfig = _BASE_CONFIG) -> tuple[str, str]:
    """ftfy one line (without its terminator), then drop stray zero-width characters;
    returns ``(fixed, reason)``."""
    result = ftfy.fix_and_explain(line, config=config)
    reason = explain_steps(result.explanation) if result.text != line else ""
    fixed = remove_stray_invisibles(result.text)
    if fixed != result.text:
        stray = "stray zero-width characters removed from space-separated text"
        reason = f"{reason}; {stray}" if reason else stray
    return fixed, reason


def _needs_ftfy(line: str) -> bool:
    if _ASCII_SAFE.fullmatch(line):
        return False
    return _SUSPICIOUS.search(line) is not None


class UnicodeRepair:
    """Undo encoding damage with ftfy, as minimal, explained span edits."""

    name: ClassVar[str] = "unicode_text"
    kind: ClassVar[str] = "unicode"
    scripts: ClassVar[frozenset[str] | None] = None  # damage is script-independent

    def propose(self, doc: Document) -> list[Proposal]:
        text = doc.text
        config = _config_for(text)
        proposals: list[Proposal] = []
        pos = 0
        for raw in text.split("\n"):
            start = pos
            pos += len(raw) + 1
            line = raw[:-1] if raw.endswith("\r") else raw  # CR stays outside ftfy's view
            if not line or not _needs_ftfy(line):
                continue
            fixed, reason = fix_line(line, config)
            if fixed == line:
                continue
            confidence = 0.95 if "mojibake" in reason else 0.9
            for s, e, new in _diff_spans(line, fixed):
                proposals.append(Proposal(start + s, start + e, new, f"unicode: {reason}",
                                          confidence))
        return proposals
