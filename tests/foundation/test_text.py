"""Sentence splitting and phrase normalisation."""

from __future__ import annotations

import pytest

from bot.text import normalize_for_match, sentences, split_sentences, truncate


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("The U.S. government acts. It fails.", ["The U.S. government acts.", "It fails."]),
        ("Stephen M. Walt wrote it. Then he left.", ["Stephen M. Walt wrote it.", "Then he left."]),
        ("See e.g. the Cato Institute. Fine.", ["See e.g. the Cato Institute.", "Fine."]),
        ("He said “stop.” Then it did.", ["He said “stop.”", "Then it did."]),
        ("It rose 3.5 percent. Next.", ["It rose 3.5 percent.", "Next."]),
        ("no final stop", ["no final stop"]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_spans_point_into_the_text():
    text = "  First one.  Second one. "
    for start, end in split_sentences(text):
        assert text[start:end].strip() == text[start:end]
    assert [text[a:b] for a, b in split_sentences(text)] == ["First one.", "Second one."]


def test_normalize_for_match_ignores_case_quotes_dashes_and_spacing():
    assert normalize_for_match("The “Interregnum”—now") == normalize_for_match('the "interregnum"-now')
    assert normalize_for_match("Writing in the *Atlantic*,  the") == "writing in the atlantic, the"


def test_truncate_cuts_at_a_word():
    assert truncate("alpha beta gamma delta", 14) == "alpha beta…"
    assert truncate("short", 10) == "short"


def test_a_sentence_in_bold_ends_where_its_emphasis_closes():
    # "**First, split the release.** A large share …" is two sentences to a reader (an essay written
    # after the work had its numbered proposals run into the sentences after them)
    from bot.text import sentences

    assert sentences("**First, split the release.** A large share of slots should wait. _Second, go._ Then rest.") == [
        "**First, split the release.**", "A large share of slots should wait.", "_Second, go._", "Then rest."]
