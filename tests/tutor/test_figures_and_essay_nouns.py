"""A figure asked about in any form, and words that only look like an essay's name (FINAL-48,
judged blind): "one hour of leaf blowing is like driving a car 1700 km … where does that number come
from" was answered from another essay, because "1700 km" was read as the year 1700, "the part where
one …" as "the part[icipation] one" (an essay named by a clipping of its subject word), and "1700"
was never found in the essay's "1,700"."""

from __future__ import annotations

from bot.tutor.handlers.support import _has_number
from bot.tutor.named import _YEAR


def test_a_figure_is_found_with_or_without_its_thousands_separator():
    assert _has_number("roughly 1,700 kilometres", "1700")
    assert _has_number("roughly 1,700 kilometres", "1,700")
    assert not _has_number("roughly 11,700 kilometres", "1,700")
    assert not _has_number("1.7 billion people", "1700")
    assert _has_number("about 40 percent", "40%") and not _has_number("$40 billion", "40%")


def test_a_number_with_a_unit_is_no_year():
    assert not _YEAR.search("like driving a car 1700 km")
    assert not _YEAR.search("a survey of 2000 students")
    assert _YEAR.search("did it happen after 2018")
    assert _YEAR.search("in the 1950s")


def test_a_run_with_a_function_word_names_no_essay():
    from bot.corpus.essay import parse_essay
    from bot.tutor.scope import EssayNames

    essay = parse_essay("---\ntitle: \"Participation and the Partisan Mind\"\nauthor: \"Ana Ruiz\"\n---\n\n"
                        "Participation matters. Partisan participation matters more.\n", slug="ruiz-participation",
                        name="ruiz-participation.md")
    names = EssayNames([essay])
    assert names.named("also the part where one hour of leaf blowing is 1700 km") == []
    assert names.named("what does the participation one say") == ["ruiz-participation"]
