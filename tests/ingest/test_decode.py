"""Bad input in the library: empty, not UTF-8, binary, too large, lone surrogates, 1 MB."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtbrief
from mtbrief import revert_edits
from mtbrief.errors import EmptyInputError, EncodingError, InputError, InputTooLargeError
from mtbrief.ingest.decode import ensure_text

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_f02d0a58a933895d.txt"


@pytest.mark.parametrize("data", ["", "   \n\t ", b"", b" \r\n", "\ufeff".encode("utf-8")])
def test_empty_input_is_refused(data):
    with pytest.raises(EmptyInputError, match="empty"):
        ensure_text(data)
    with pytest.raises(EmptyInputError):
        mtbrief.clean(data)


def test_bytes_that_are_not_utf8_name_the_byte_and_the_fix():
    data = "Le café de la gare est fermé depuis des années.".encode("cp1252")
    with pytest.raises(EncodingError) as info:
        mtbrief.clean(data)
    message = str(info.value)
    assert "not valid UTF-8" in message
    assert "byte 6 is 0xe9" in message
    assert "re-encode it as UTF-8" in message


def test_long_legacy_text_gets_an_encoding_hint():
    data = ("Der Bürgermeister äußerte sich über die Straße. " * 40).encode("cp1252")
    with pytest.raises(EncodingError, match=r"perhaps (cp|windows-)125\d|latin"):
        ensure_text(data)


def test_utf16_text_is_refused_with_a_hint():
    with pytest.raises(EncodingError, match="UTF-16"):
        ensure_text("Hello world".encode("utf-16"))


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # binary junk
        b"\x89PNG\r\n\x1a\n" + bytes(64),  # an image header
        b"plain text \x00 with a NUL byte",
        "text with a NUL \x00 character",
    ],
)
def test_binary_data_is_refused(data):
    with pytest.raises(EncodingError, match="binary"):
        mtbrief.clean(data)


def test_utf8_bytes_and_bom_are_accepted():
    assert ensure_text("Kyiv – Київ".encode()) == "Kyiv – Київ"
    assert ensure_text("\ufeffKyiv".encode()) == "Kyiv"


@pytest.mark.parametrize("data", [123, None, ["text"], {"text": "x"}])
def test_non_text_types_are_refused(data):
    with pytest.raises(InputError, match="must be text"):
        ensure_text(data)


def test_over_the_limit_is_refused_and_names_the_limit():
    with pytest.raises(InputTooLargeError) as info:
        ensure_text("é" * 600, max_bytes=1000)  # 1,200 UTF-8 bytes, 600 characters
    assert "1,200 bytes" in str(info.value)
    assert "limit is 1,000 bytes" in str(info.value)
    with pytest.raises(InputTooLargeError):
        ensure_text(b"a" * 1001, max_bytes=1000)
    assert ensure_text(b"a" * 1000, max_bytes=1000) == "a" * 1000


def test_the_limit_comes_from_settings(small_limit):
    with pytest.raises(InputTooLargeError, match="limit is 1,000 bytes"):
        mtbrief.clean("word " * 201)
    assert mtbrief.clean("word " * 200).text.startswith("word word")


def test_one_megabyte_article_at_the_limit_is_cleaned_whole():
    limit = mtbrief.config.get_settings().max_input_bytes
    seed = SEED.read_text(encoding="utf-8")
    text = (seed * (limit // len(seed.encode()) + 1)).encode()[:limit].decode("utf-8", "ignore")
    assert limit - 4 <= len(text.encode()) <= limit
    result = mtbrief.clean(text)
    # nothing truncated: undoing the edits gives back every character of the input
    assert revert_edits(result.text, result.edits) == text
    assert result.text.count("\n") == text.count("\n")
    with pytest.raises(InputTooLargeError):
        mtbrief.clean(text + "x" * (limit - len(text.encode()) + 1))


def test_lone_surrogates_in_str_never_reach_the_output():
    text = "The minister said \ud83d that talks will resume in May. Officials agreed \udca9 too."
    result = mtbrief.clean(text)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in result.text)
    result.text.encode("utf-8")  # valid Unicode again
    assert "talks will resume in May" in result.text
    assert revert_edits(result.text, result.edits) == text
