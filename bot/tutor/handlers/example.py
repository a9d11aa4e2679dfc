""""Give an example": sentences that give examples (names, numbers, "for example", lists) in
and around the paragraphs just quoted, closest to the question first; a plain restatement is no
example, so without one the plainest sentence making the point is quoted instead."""

from __future__ import annotations

import re

import numpy as np

from bot.text import strip_markdown, truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import MAX_SENTENCE_CHARS, MIN_WORDS, Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask
from bot.tutor.retell import around

EXAMPLE_QUOTES = 2
EXAMPLE_WEIGHT = 0.08  # per sign of an example in a sentence (up to three)
_EXAMPLE_SIGNS = [re.compile(p) for p in (
    r"(?i)\b(?:for example|for instance|such as|e\.g\.|including|like the|as with|in the case of)\b",
    r"\d", r"(?<=[a-z,;(] )[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*", r"(?:\w+, ){2,}\w+",
)]


def example_strength(sentence: str) -> int:
    """How many signs of a concrete example a sentence shows: cue words, numbers, names, a list."""
    return sum(bool(p.search(sentence)) for p in _EXAMPLE_SIGNS)


def _examples(ask: Ask, hits) -> tuple[list[tuple[str, int, int, str]], list[int]]:
    """The sentences of these paragraphs, not yet quoted, that show signs of an example."""
    previous = ask.previous
    assert previous is not None
    rows = [(h.essay, h.paragraph, i, sentence) for h in hits
            for i, sentence in enumerate(paragraph_sentences(h.text))
            if (h.essay, h.paragraph, i) not in previous.quoted and len(sentence.split()) >= MIN_WORDS
            and not sentence.rstrip().endswith("?")]
    strength = [example_strength(r[3]) for r in rows]
    return [r for r, n in zip(rows, strength) if n], [n for n in strength if n]


class Example:
    name = "example"

    def applies(self, ask: Ask) -> bool:
        return ask.previous is not None and ask.follow == "example"

    async def answer(self, ask: Ask) -> Reply | None:
        from bot.tutor.handlers.simpler import simpler_answer

        previous, tools = ask.previous, ask.tools
        assert previous is not None
        rows, strength = _examples(ask, around(tools, ask.scope, previous))
        if not rows:
            # "give me another example": none near the last answer, so the thread's essay as a
            # whole, closest to what was being discussed (a blind run got "I've already quoted
            # the plainest sentences", an answer to "simpler", for a request for an example)
            everywhere = [tools.hit(e, p.number) for e in previous.essays_shown()[:1] for essay in [tools.lookup(e)] if essay
                          for p in essay.paragraphs if not ask.scope.is_metadata(e, p.number)]
            rows, strength = _examples(ask, everywhere)
        if not rows:
            return await simpler_answer(ask)
        vectors = await tools.sentence_vectors.encode(ask.encoder, [strip_markdown(r[3]) for r in rows])
        cosines = (vectors @ np.asarray(previous.qvec, np.float32)).tolist()
        scored = sorted((Sentence(e, p, i, truncate(t, MAX_SENTENCE_CHARS), 0, c, c + EXAMPLE_WEIGHT * min(n, 3))
                         for (e, p, i, t), c, n in zip(rows, cosines, strength)), key=lambda s: -s.score)
        quotes = group_quotes(scored[:EXAMPLE_QUOTES], tools.lookup)
        text = ask.t("example_note", previous=truncate(previous.question, 120)) + "\n\n" + render_answer(
            ask.t, quotes)
        return Reply(text, "answer", quotes, best=max(cosines), coverage=1.0, query=previous.query,
                     qvec=previous.qvec, essays=previous.essays, topic=previous.topic)
