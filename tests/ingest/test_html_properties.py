"""Property tests: link-edge spacing only ever adds spaces, and no input crashes the HTML path."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtbrief.errors import InputError
from mtbrief.ingest.html import decode_html, extract_text, parse_html, separate_link_words

WORDS = st.sampled_from(
    [
        "and",
        "Iraq",
        "cliff",
        "which",
        "the",
        "base",
        "W",
        "ord",
        "i",
        "s",
        "中国",
        "北京",
        "العراق",
        "Москва",
        "Next",
        "и",
        ",",
        ".",
        " ",
        "“",
        "”",
        "-",
        "x",
        "30",
        "by",
        "a",
        "’s",
    ]
)
INLINE = st.sampled_from(["a", "b", "i", "span", "em"])


@st.composite
def fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        text = "".join(draw(st.lists(WORDS, min_size=0, max_size=4)))
        if draw(st.booleans()):
            tag = draw(INLINE)
            parts.append(f"<{tag}>{text}</{tag}>")
        else:
            parts.append(text)
    return "<p>" + "".join(parts) + "</p>"


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(fragments())
def test_link_spacing_only_adds_spaces_and_only_between_spaced_words(html):
    root = parse_html("<html><body>" + html + "</body></html>")
    before = "".join(root.itertext())
    inserted = separate_link_words(root, "en")
    after = "".join(root.itertext())
    assert len(after) == len(before) + inserted
    # removing the inserted spaces gives the original text back, character for character
    i = j = 0
    added = 0
    while j < len(after):
        if i < len(before) and before[i] == after[j]:
            i += 1
        else:
            assert after[j] == " "
            left, right = after[j - 1], after[j + 1]
            assert left.isalpha() or left.isdigit() or left in ",;:!?”»)" or left == "."
            assert right.isalpha() or right.isdigit()
            if left == ".":  # a full stop only before a capital
                assert right.isupper()
            for ch in (left, right):
                assert not ("\u4e00" <= ch <= "\u9fff" or "\u0600" <= ch <= "\u06ff")
            added += 1
        j += 1
    assert i == len(before) and added == inserted


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_text_or_an_input_error(data):
    try:
        text = extract_text(data)
    except InputError:
        return
    assert isinstance(text, str) and text.strip()


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.text(alphabet=st.sampled_from(list("<>/=\"'&;# abpdivscript!-\x00\ud800é中")), max_size=400)
)
def test_arbitrary_markup_gives_text_or_an_input_error(markup):
    try:
        text = extract_text(markup)
    except InputError:
        return
    assert isinstance(text, str)
    decode_html(markup)  # whatever extracted fine also decodes fine
