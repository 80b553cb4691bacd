from mtbrief.brief.text import count_words, split_sentences, trim_to_length


def test_sentences_keep_offsets_into_the_text():
    text = "  Dr. Kay met U.S. envoys on Monday.  They left!\n\nHeadline here\nA 3.5% rise."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Dr. Kay met U.S. envoys on Monday.", "They left!", "Headline here", "A 3.5% rise."]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert [s.index for s in sents] == [0, 1, 2, 3]


def test_sentences_in_other_scripts():
    assert len(split_sentences("Он пришёл. Она ушла.")) == 2
    assert len(split_sentences("وصل الوفد؟ نعم وصل.")) == 2
    assert len(split_sentences("他来了。她走了。")) == 2


def test_no_split_before_lowercase_or_digits():
    assert len(split_sentences("It grew by approx. 5 percent. The end.")) == 2
    assert len(split_sentences("He said no. and left")) == 1


def test_empty_and_whitespace():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert trim_to_length("", max_words=5) == ""


def test_count_words_any_script():
    assert count_words("The U.S.-backed forces' base") == 4
    assert count_words("中国经济发展") == 3
    assert count_words("") == 0


def test_trim_keeps_whole_sentences_within_limits():
    text = "One two three. Four five six seven. Eight nine."
    assert trim_to_length(text, max_words=7) == "One two three. Four five six seven."
    assert trim_to_length(text, max_words=6) == "One two three."
    assert trim_to_length(text, max_sentences=1) == "One two three."
    assert trim_to_length(text) == text


def test_trim_cuts_an_overlong_first_sentence_and_marks_it():
    text = "Alpha beta gamma delta, epsilon zeta eta theta iota kappa lambda."
    out = trim_to_length(text, max_words=8)
    assert out.endswith("…")
    assert count_words(out) <= 8
    assert text.startswith(out[:-1])
