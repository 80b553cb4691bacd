"""Validate raw input before any repair sees it.

Never truncates: input over the limit is refused with an error that names the limit.  Plain text
is UTF-8 only: other encodings are refused (the message names the likely encoding), never guessed.
HTML pages, which declare their charset, are decoded by :func:`mtbrief.ingest.html.decode_html`.
"""

from __future__ import annotations

from ..config import get_settings
from ..errors import EmptyInputError, EncodingError, InputError, InputTooLargeError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _guess_hint(raw: bytes) -> str:
    """', perhaps <encoding>' for the error message (only ever used to explain a refusal:
    plain text input is UTF-8, never silently decoded from a guessed encoding)."""
    if raw.startswith(_UTF16_BOMS):
        return ", it is UTF-16 (it starts with a UTF-16 byte-order mark)"
    if len(raw) < 1000:  # charset_normalizer's guesses on short text mislead more than help
        return ""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:20_000]).best()
    return f", perhaps {best.encoding}" if best is not None and best.encoding else ""


def check_size(size: int, limit: int, what: str) -> None:
    """Refuse input over ``limit`` bytes, naming both numbers (never truncate)."""
    if size > limit:
        raise InputTooLargeError(f"{what} is {size:,} bytes; the limit is {limit:,} bytes")


def check_decoded(text: str, limit: int, what: str, noun: str = "text") -> str:
    """Checks every decoded input gets, text or HTML: size, not blank, no NUL characters."""
    check_size(len(text.encode("utf-8", "surrogatepass")), limit, what)
    if not text.strip():
        raise EmptyInputError(f"{what} is empty")
    if "\x00" in text:
        raise EncodingError(f"{what} contains NUL bytes; it looks like a binary file, not {noun}")
    return text


def ensure_text(data: object, *, max_bytes: int | None = None, what: str = "input") -> str:
    """Return ``data`` as a ``str`` or raise an :class:`InputError` that says what is wrong.

    Accepts ``str`` or UTF-8 ``bytes`` (a UTF-8 byte-order mark is dropped).  Rejects other types,
    bytes that are not UTF-8, text that is empty or only whitespace, and text larger than
    ``max_bytes`` (default: ``Settings.max_input_bytes``).
    """
    limit = get_settings().max_input_bytes if max_bytes is None else max_bytes
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        check_size(len(raw), limit, what)
        if b"\x00" in raw[:8192] and not raw.startswith(_UTF16_BOMS):
            raise EncodingError(f"{what} contains NUL bytes; it looks like a binary file, not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"{what} is not valid UTF-8 (byte {exc.start} is 0x{raw[exc.start]:02x})"
                f"{_guess_hint(raw)}; re-encode it as UTF-8"
            ) from None
    elif isinstance(data, str):
        text = data
    else:
        raise InputError(f"{what} must be text, not {type(data).__name__}")
    return check_decoded(text, limit, what)
