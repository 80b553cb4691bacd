import pytest

from mtbrief.brief.numbers import find_numbers, number_values


def values(text, lang="en"):
    return [sorted(m.values) for m in find_numbers(text, lang)]


def test_digits_separators_and_scales():
    assert values("8 soldiers") == [[8.0]]
    assert values("1,500 people") == [[1.5, 1500.0]]  # English or German reading
    assert values("a £200million deal") == [[200.0, 2e8]]
    assert values("$1.2 bn") == [[1.2, 1.2e9]]
    assert values("rose 3.5%") == [[3.5]]
    assert values("in 2024") == [[2024.0]]


def test_number_words_in_several_languages():
    assert 8.0 in number_values("eight soldiers", "en")
    assert 21.0 in number_values("twenty-one people", "en")
    assert 2e8 in number_values("two hundred million", "en")
    assert 8.0 in number_values("huit soldats", "fr")
    assert 8.0 in number_values("восемь солдат", "ru")
    assert 1.5e9 in number_values("1,5 млрд рублей", "ru")
    assert 8.0 in number_values("ثمانية جنود", "ar")


def test_other_digit_scripts():
    assert number_values("٨ جنود", "ar") == {8.0}


@pytest.mark.parametrize("lang", [None, "xx", "zz-YY"])
def test_unknown_language_still_reads_digits(lang):
    assert number_values("7 and 12", lang) == {7.0, 12.0}


def test_no_numbers():
    assert find_numbers("", "en") == []
    assert find_numbers("No figures at all.", "en") == []
    assert find_numbers("F16 and B52s", "en") == []  # digits glued to letters are names
