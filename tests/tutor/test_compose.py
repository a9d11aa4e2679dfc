"""Sentence selection, citations and answer layout."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.text import normalize_for_match, strip_markdown
from bot.tutor.compose import (
    Sentence,
    group_quotes,
    paragraph_sentences,
    pick_sentences,
    render_answer,
    with_continuations,
)

WALT = "walt-socialists-libertarians"


def _s(index: int, score: float, text: str, paragraph: int = 7, rank: int = 0) -> Sentence:
    return Sentence(WALT, paragraph, index, text, rank, score, score)


def test_pick_sentences_drops_near_duplicates_and_weak_support():
    scored = [
        _s(0, 0.70, "Liberal hegemony led to a bloated national security state."),
        _s(1, 0.69, "Liberal hegemony led to a bloated national security state!"),  # same wording
        _s(2, 0.65, "It threatened civil liberties and forced permanent deficits."),
        _s(3, 0.40, "An unrelated sentence about the weather in the capital city."),  # too weak
    ]
    vecs = np.eye(4, dtype=np.float32)  # distinct meanings, so only wording marks the duplicate
    chosen = pick_sentences(scored, vecs, max_quotes=3)
    assert [s.index for s in chosen] == [0, 2]


def test_pick_sentences_drops_same_meaning_and_respects_budget():
    scored = [_s(0, 0.7, "First claim here, stated one way."), _s(1, 0.69, "A second way of saying it all."),
              _s(2, 0.68, "A third and different point entirely.")]
    vecs = np.array([[1, 0], [0.95, 0.312], [0, 1]], dtype=np.float32)  # 0 and 1 mean the same
    assert [s.index for s in pick_sentences(scored, vecs, max_quotes=3)] == [0, 2]
    # a budget that only fits one sentence
    chosen = pick_sentences(scored, vecs, max_quotes=3, fits=lambda cand: len(cand) <= 1)
    assert [s.index for s in chosen] == [0]


def test_group_quotes_keeps_reading_order_and_marks_gaps(core):
    chosen = [_s(3, 0.7, "D."), _s(1, 0.6, "B."), _s(2, 0.5, "C."), _s(0, 0.55, "Other.", paragraph=8)]
    quotes = group_quotes(chosen, core.library.essays.get)
    assert [(q.paragraph, q.text) for q in quotes] == [(7, "B. C. D."), (8, "Other.")]
    gap = group_quotes([_s(4, 0.7, "E."), _s(1, 0.6, "B.")], core.library.essays.get)
    assert gap[0].text == "B. … E."


def test_render_answer_layout(core):
    t = core.prompts.section("tutor")
    quotes = group_quotes([_s(0, 0.7, "For the libertarians, liberal hegemony led to a bloated state.")],
                          core.library.essays.get)
    text = render_answer(t, quotes)
    assert "Socialists and Libertarians Need an Alliance Against the Establishment" in text  # essay title
    assert "“For the libertarians, liberal hegemony led to a bloated state.”" in text
    assert "Stephen M. Walt, *Socialists and Libertarians*, ¶7" in text  # citation after the quote
    assert "read ¶7 of *Socialists and Libertarians*" in text  # pointer to the full paragraph


def _verbatim(quote: str, paragraph_text: str) -> bool:
    para = normalize_for_match(paragraph_text)
    return all(normalize_for_match(part.rstrip("…")) in para for part in quote.split(" … "))


async def test_libertarian_question_quotes_walt_paragraph_7_verbatim(core, channel):
    answer = await core.tutor.ask("Why do libertarians dislike liberal hegemony?", guild_id=0, user_id=1,
                                  channel_id=channel)
    assert not answer.abstained
    first = answer.citations[0]
    assert (first.essay, first.paragraph, first.author) == (WALT, 7, "Stephen M. Walt")
    assert "bloated national security state" in first.quote
    assert "¶7" in answer.answer and first.quote in answer.answer
    for c in answer.citations:
        assert _verbatim(c.quote, core.library.essays[c.essay].paragraph(c.paragraph).text)
    assert len(answer.answer) <= core.settings.tutor.max_answer_chars


@pytest.mark.parametrize("question,essay,paragraph,phrase", [
    ("Where does Aziz Rana teach?", "rana-left-internationalism", 53, "Cornell Law School"),
    ("How much military aid did Congress pass for Ukraine?", "rana-left-internationalism", 27, "$40 billion"),
    ("What do realists hope to gain from a more restrained foreign policy?", WALT, 9, "avoid costly quagmires"),
])
async def test_answers_quote_the_sentence_that_answers(core, channel, question, essay, paragraph, phrase):
    answer = await core.tutor.ask(question, guild_id=0, user_id=1, channel_id=channel)
    assert (answer.citations[0].essay, answer.citations[0].paragraph) == (essay, paragraph)
    assert phrase in answer.citations[0].quote


async def test_every_answer_is_recorded_with_its_citations(core, channel):
    question = "Which think tank is named as part of the libertarian right?"
    answer = await core.tutor.ask(question, guild_id=0, user_id=5, channel_id=channel)
    assert answer.answer_id is not None and answer.latency_ms >= 0
    await core.store.set_feedback(0, answer.answer_id, 5, True)  # feedback attaches to the recorded id
    rows = [r for r in (await core.store.export_user(5))["tables"]["answers"] if r["id"] == answer.answer_id]
    (stored,) = rows
    citations = stored["citations"] if isinstance(stored["citations"], list) else json.loads(stored["citations"])
    assert stored["question"] == question and stored["answer"] == answer.answer and not stored["abstained"]
    assert citations == [c.to_json() for c in answer.citations] and citations[0]["quote"]
    assert (citations[0]["essay"], citations[0]["paragraph"]) == (WALT, 5)


async def test_sentence_vectors_persist_in_the_index_cache(core):
    """A second tutor (a restart) finds sentence vectors in the index database, encoding none."""
    from bot.tutor.compose import SentenceVectors

    class Counting:
        def __init__(self, inner):
            self.inner, self.model_id, self.calls = inner, inner.model_id, []

        async def encode_async(self, texts):
            self.calls.append(list(texts))
            return await self.inner.encode_async(texts)

    encoder = Counting(await core.embedder())
    texts = ["A sentence only this test uses, number one.", "And a second sentence for the cache test."]
    first = await SentenceVectors(backing=core.library.store).encode(encoder, texts)
    assert encoder.calls == [texts]
    again = await SentenceVectors(backing=core.library.store).encode(encoder, texts)
    assert encoder.calls == [texts]  # nothing encoded the second time
    assert (again == first).all()


async def test_warm_prepares_every_sentence(core):
    """After warming, scoring any essay sentence costs the model nothing: all are in memory."""
    await core.tutor.warm()

    class Counting:
        def __init__(self, inner):
            self.inner, self.model_id, self.calls = inner, inner.model_id, 0

        async def encode_async(self, texts):
            self.calls += 1
            return await self.inner.encode_async(texts)

    encoder = Counting(await core.embedder())
    sentences = [strip_markdown(s) for e in core.library.essays.values() for p in e.paragraphs
                 for s in paragraph_sentences(p.text)]
    assert len(sentences) > 200
    vectors = await core.tutor.sentence_vectors.encode(encoder, sentences)
    assert encoder.calls == 0 and vectors.shape == (len(sentences), 384)


@pytest.mark.parametrize("after,joins", [
    ("This dynamic explains why the coalition frays.", True),  # an anaphoric subject finishes the thought
    ("Such restraint is rare.", True),
    ("For example, Dunmore tripled its evening visits.", True),
    ("Instead, it helped lead to failed states.", True),
    ("This is the first reason.", True),
    ("The budget is small.", False),  # a fresh sentence stands alone
    ("These days people read less.", False),
])
def test_the_next_sentence_joins_when_it_finishes_the_chosen_ones_thought(after, joins):
    chosen = _s(0, 0.9, "Restraint keeps the coalition together.")
    nxt = _s(1, 0.1, after)
    out = with_continuations([chosen], [chosen, nxt], lambda quotes: True)
    assert (nxt in out) == joins
