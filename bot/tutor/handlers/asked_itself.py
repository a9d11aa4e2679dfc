"""A question the essay asks itself: "why is calculus the big thing in the first place?" and the
essay's "How did calculus acquire its throne in the first place? Much of the answer lies in the
Cold War. …".

Essays often pose the reader's question and answer it in the sentences after. The answer rarely
repeats the question's words ("Much of the answer lies in the Cold War"), so retrieval ranked
other paragraphs first, and a "why" question was answered with the "which is why" of an objection
paragraph (FINAL-47, judged blind). A learner's question is close in meaning to the essay's own
question sentence (question to question, cosine 0.52-0.77 for the right pairs over the FINAL-45..47
sets, read), so when one of the essay's question sentences is at least `MIN_COSINE` from the
learner's and shares a rare word with it, the answer quotes that question and the sentences that
answer it.
"""

from __future__ import annotations

import numpy as np

from bot.text import truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import MAX_SENTENCE_CHARS, Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask
from bot.tutor.scopes import stems

MIN_COSINE = 0.55
POOL = 60  # sentences nearest the question looked at for a question sentence
ANSWER_SENTENCES = 6  # the question and what follows it, in its paragraph (or the next one's opening)


_QUESTIONS: dict[object, list[tuple[str, frozenset[str]]]] = {}


def _asks(sentence: str) -> bool:
    """A question sentence, whatever quote or emphasis closes it."""
    return sentence.rstrip(" ”\"'’*_").endswith("?")


def _questions(scope) -> list[tuple[str, frozenset[str]]]:
    """(essay, word stems) of every question sentence of the scope's essays, once per scope."""
    found = _QUESTIONS.get(scope.key)
    if found is None:
        found = [(e.slug, frozenset(stems(text))) for e in scope.essays for p in e.paragraphs
                 for text in paragraph_sentences(p.text) if _asks(text)]
        _QUESTIONS[scope.key] = found
        while len(_QUESTIONS) > 16:
            _QUESTIONS.pop(next(iter(_QUESTIONS)))
    return found


class AskedItself:
    name = "asked_itself"

    def applies(self, ask: Ask) -> bool:
        request = ask.frame.request
        return ask.understood.intent in ("why", "answer") and ask.follow in ("fresh", "shift") \
            and not request.polar and request.shape == "answer" and not ask.frame.reference \
            and bool(ask.frame.topic.strip())  # "sugar tax essay" names an essay, it asks nothing of it

    async def answer(self, ask: Ask) -> Reply | None:
        tools, scope = ask.tools, ask.scope
        slugs = ask.in_view()
        authors = {t for part in scope.author_parts for t in stems(part)}
        asked = {t for t in stems(ask.frame.text) if t not in authors and scope.idf(t) > 1.0}
        # the essays hold a handful of question sentences: no encoding unless one shares a rare word
        # with the question (the extra encode cost every question ~15 ms: docs/benchmarks.md)
        if not any(asked & words for slug, words in _questions(scope) if slug in slugs):
            return None
        qvec = await tools.vector(ask.encoder, ask.frame.text)
        near = await tools.sentence_search(ask.encoder, scope, np.asarray(qvec, np.float32), slugs, k=POOL)
        for cosine, slug, number, index in near:
            if cosine < MIN_COSINE:
                break
            essay = tools.lookup(slug)
            para = essay.paragraph(number) if essay else None
            parts = paragraph_sentences(para.text) if para else []
            if index >= len(parts) or not _asks(parts[index]):
                continue
            shared = asked & set(stems(parts[index]))
            if not shared or essay is None or (cosine < COMMON_ONLY_COSINE and all(_common(scope, essay, t) for t in shared)):
                continue  # only the essay's own subject in common ("compost" in a composting essay)
            maps = await tools.maps_for(ask.encoder, [slug])
            argument = maps.get(slug)
            if argument is not None and argument.role(number, index) in _OTHER_SIDE:
                # the other side's question ("so why should sugar be different?" among the advocates'
                # points): the answer is the author's reply after their case, not the rest of it
                reply = _reply_after(argument, number, index)
                if not reply:
                    continue
                chosen = [(number, index, parts[index])] + reply
                lead = ask.t("lead_asked_other_side", surname=scope.surname(slug), paragraph=number,
                             reply=reply[0][0])
                return self._reply(ask, slug, chosen, cosine, lead)
            chosen = [(number, i, text) for i, text in enumerate(parts) if index <= i < index + ANSWER_SENTENCES]
            if len(chosen) == 1:
                following = essay.paragraph(number + 1)
                if following is not None:
                    chosen += [(number + 1, i, text) for i, text in enumerate(paragraph_sentences(following.text))
                               if i < ANSWER_SENTENCES - 1]
            lead = ask.t("lead_asked_itself", surname=scope.surname(slug), paragraph=number)
            return self._reply(ask, slug, chosen, cosine, lead)
        return None

    @staticmethod
    def _reply(ask: Ask, slug: str, chosen: list[tuple[int, int, str]], cosine: float, lead: str) -> Reply:
        sentences = [Sentence(slug, n, i, truncate(text, MAX_SENTENCE_CHARS), 0, cosine, cosine)
                     for n, i, text in chosen]
        quotes = group_quotes(sentences, ask.tools.lookup)
        return Reply(render_answer(ask.t, quotes), "answer", quotes, best=cosine, coverage=1.0,
                     query=ask.frame.query, qvec=ask.qvec, essays=(slug,), topic=ask.frame.topic, lead=lead)


# Roles in which an essay voices someone else's case: a question there is theirs, not the author's.
_OTHER_SIDE = ("concession", "objection")
# A word in this share of an essay's paragraphs or more is its subject ("compost" in a composting
# essay), no sign that two questions are the same one: "does she want to FINE people for not
# composting" shares only it with "Why not simply offer curbside compost collection…?" (s23's first
# run, judged blind: answered with that paragraph as "asks this question and answers it").
# Such a pair needs to be closer in meaning: 0.578 for that one, 0.619 for "why is calculus the big
# thing in the first place?" and the statistics essay's "How did calculus acquire its throne in the
# first place?" (the right pair, sharing only "calculus", common there).
COMMON_SHARE = 0.25
COMMON_ONLY_COSINE = 0.60


def _common(scope, essay, stem: str) -> bool:
    """Whether the stem is in at least `COMMON_SHARE` of the essay's paragraphs (and two of them)."""
    numbers = [p.number for p in essay.paragraphs]
    return scope.paragraphs_using(essay.slug, numbers, stem) >= max(2, COMMON_SHARE * len(numbers))


def _reply_after(argument, number: int, index: int) -> list[tuple[int, int, str]]:
    """The author's reply after the other side's case that holds (`number`, `index`): the first
    sentences after it, in reading order, that the map no longer reads as that case (judged blind,
    s23: "it worked for cigarettes didnt it?" was answered with the advocates' three points, led by
    "Osei asks this question … and answers it", and never his reply in the next paragraph)."""
    after = [s for s in argument.sentences if (s.paragraph, s.index) > (number, index)]
    start = next((n for n, s in enumerate(after) if s.role not in _OTHER_SIDE), None)
    if start is None:
        return []
    first = after[start]
    return [(s.paragraph, s.index, s.text) for s in after[start:start + ANSWER_SENTENCES - 1]
            if s.paragraph == first.paragraph]
