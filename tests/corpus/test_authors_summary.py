"""Author name forms, bio detection and extractive key sentences, on essays made up here (none
of it may depend on the seed essays)."""

from __future__ import annotations

import numpy as np

from bot.corpus.authors import author_names, display_surname, metadata_paragraphs
from bot.corpus.essay import parse_essay
from bot.corpus.summary import essay_sentences, importance, key_sentences


def _essay(body: str, author: str = "Jane Q. Doe") -> object:
    return parse_essay(f"---\ntitle: A Test Essay\nauthor: {author}\n---\n\n{body}", name="t.md")


def test_author_name_forms():
    (walt,) = author_names("Stephen M. Walt")
    assert (walt.full, walt.surname, walt.short) == ("Stephen M. Walt", "Walt", "Stephen Walt")
    two = author_names("Jane Doe and John Q. Public Jr.")
    assert [n.surname for n in two] == ["Doe", "Public"]
    assert author_names("Unknown author") == []


def test_display_surname_falls_back_to_title_without_author():
    essay = parse_essay("# Untitled Thoughts\n\nSome text here that is long enough.", name="x.md")
    assert essay.author == "Unknown author"
    assert display_surname(essay) == "Untitled Thoughts"
    assert display_surname(_essay("Body text.\n\nMore.", author="Ann Lee and Bo Park")) == "Lee and Park"


def test_bio_under_a_heading_is_metadata():
    essay = _essay("First point.\n\nSecond point.\n\n## About the Author\n\nJane Doe writes essays.")
    assert metadata_paragraphs(essay) == {3}


def test_bio_without_heading_is_recognised_at_the_end_only():
    tail = "Jane Doe teaches at Example University and is the author of Another Book."
    essay = _essay("\n\n".join([tail, "Middle point.", "More.", "Closing point.", tail]))
    assert metadata_paragraphs(essay) == {5}  # the same words in ¶1 are the essay's own text


def test_last_paragraph_naming_the_author_without_bio_cues_is_content():
    essay = _essay("Opening.\n\nMiddle.\n\nDoe argues that the middle matters most of all.")
    assert metadata_paragraphs(essay) == frozenset()


def test_essay_sentences_leave_out_the_bio():
    essay = _essay("One claim here. Another claim.\n\n## About the author\n\nJane Doe teaches.")
    assert [(s.paragraph, s.index, s.text) for s in essay_sentences(essay)] == [
        (1, 0, "One claim here."), (1, 1, "Another claim.")]
    assert len(essay_sentences(essay, include_metadata=True)) == 3


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, np.float32)
    return v / np.linalg.norm(v)


def test_key_sentences_prefer_central_distinct_sentences_one_per_paragraph():
    body = "\n\n".join([
        "The central claim of this essay is stated here plainly.",  # ¶1 s0 central
        "A second statement of the same central claim in other words. An aside about cats and dogs today.",
        "Another distinct supporting point that matters for the argument here.",
        "Is this a question that restates the central claim of the essay?",
        "Closing words that sum up the supporting point once again for readers.",
    ])
    essay = _essay(body)
    sentences = essay_sentences(essay)
    assert [s.key for s in sentences] == [(1, 0), (2, 0), (2, 1), (3, 0), (4, 0), (5, 0)]
    vectors = np.stack([
        _unit(1, 0.2, 0), _unit(1, 0.25, 0), _unit(0, 0, 1), _unit(0.6, 1, 0), _unit(1, 0.2, 0.01), _unit(0.55, 1, 0),
    ])
    keys = [sentences[i].key for i in key_sentences(sentences, vectors, len(essay.paragraphs), k=2)]
    # The central claim, then the supporting point from the closing paragraph (position prior);
    # not the near-duplicate ¶2, the question restating the claim, or the off-topic aside.
    assert keys == [(1, 0), (5, 0)]
    # Asked for more, distinct ones run out: the aside comes last, duplicates never.
    keys = [sentences[i].key for i in key_sentences(sentences, vectors, len(essay.paragraphs), k=6)]
    assert keys == [(1, 0), (5, 0), (2, 1)]


def test_title_vector_pulls_towards_the_title():
    essay = _essay("Alpha point stated here for the record.\n\nBeta point stated here for the record.\n\n"
                   "Gamma point stated here for the record.")
    sentences = essay_sentences(essay)
    vectors = np.stack([_unit(1, 0.1, 0), _unit(0.1, 1, 0), _unit(0.7, 0.7, 0)])
    without = importance(sentences, vectors, 3)
    with_title = importance(sentences, vectors, 3, title_vector=_unit(0, 1, 0))
    assert with_title[1] - with_title[0] > without[1] - without[0]
