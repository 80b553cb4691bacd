"""Validate raw input before any repair sees it.

Never truncates: input over the limit is refused with an error that names the limit.
"""

from __future__ import annotations

from ..config import get_settings
from ..errors import EmptyInputError, EncodingError, InputError, InputTooLargeError


def ensure_text(data: object, *, max_bytes: int | None = None, what: str = "input") -> str:
    """Return ``data`` as a ``str`` or raise an :class:`InputError` that says what is wrong.

    Accepts ``str`` or UTF-8 ``bytes`` (a UTF-8 byte-order mark is dropped).  Rejects other types,
    bytes that are not UTF-8, text that is empty or only whitespace, and text larger than
    ``max_bytes`` (default: ``Settings.max_input_bytes``).
    """
    limit = get_settings().max_input_bytes if max_bytes is None else max_bytes
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) > limit:
            raise InputTooLargeError(f"{what} is {len(raw):,} bytes; the limit is {limit:,} bytes")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"{what} is not valid UTF-8 (byte {exc.start} is 0x{raw[exc.start]:02x}); "
                "re-encode it as UTF-8"
            ) from None
    elif isinstance(data, str):
        text = data
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limit:
            raise InputTooLargeError(f"{what} is {size:,} bytes; the limit is {limit:,} bytes")
    else:
        raise InputError(f"{what} must be text, not {type(data).__name__}")
    if not text.strip():
        raise EmptyInputError(f"{what} is empty")
    if "\x00" in text:
        raise EncodingError(f"{what} contains NUL bytes; it looks like a binary file, not text")
    return text
