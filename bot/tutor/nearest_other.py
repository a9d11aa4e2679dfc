"""Before saying the essay may say no more: the nearest passage elsewhere in it, by each part of the question.

A follow-up answered by the very passage just shown gets "I find nothing in X's essay closer to
this than the passage just quoted". A whole question is encoded as one vector, and its figures
and restated words pull it back to that passage; the part that asks something new ("can i say
free parking caused that", "was anything else changing at the same time?") is lost in the
average. FINAL-50, judged blind: three such leads were false, the answer sat in another paragraph
of the same essay ("could owe something to a new text-reminder system that started around the
same time"), which one of the question's sentences alone finds first.

So each sentence or clause of the question is searched on its own in the same essay, away from
the paragraphs already quoted; the best sentence at `MIN_PART_COSINE` or above is quoted after
the passage, under a lead that says it is the nearest other passage, not that it answers.
"""

from __future__ import annotations

import re

import numpy as np

from bot.tutor.answer import Reply
from bot.tutor.compose import Quote
from bot.tutor.context import Ask
from bot.tutor.intent import content_words
from bot.tutor.scopes import stems

# Measured on the three false leads of FINAL-50 (the answering sentence's cosine to one part of
# the question: 0.59, 0.43; the third, 0.36, stays below) and the unrelated best sentences of the
# same runs (0.21-0.39).
MIN_PART_COSINE = 0.40
MIN_PART_WORDS = 2
SEARCHED = 12  # sentences looked at per part before those of quoted paragraphs are set aside
_CLAUSES = re.compile(r"(?<=[?.!])\s+|,\s+(?=(?:can|could|should|would|and|or|but|so)\s)|\s+(?=(?:and|or)\s+(?:was|were|"
                      r"is|are|did|does|do|can|could)\s)", re.I)


def question_clauses(text: str) -> list[str]:
    """The question's sentences and joined clauses that say something ("was anything else
    changing …"), in order; [] for a question of one clause."""
    parts = [p.strip(" ,;") for p in _CLAUSES.split(text)]
    parts = [p for p in parts if len(content_words(p)) >= MIN_PART_WORDS]
    return parts if len(parts) > 1 else []


async def nearest_other(ask: Ask, reply: Reply) -> list[Quote]:
    """Quotes of the sentence of the reply's one essay, outside the paragraphs it quotes, that
    one clause of the question is closest to, when that is close enough; else []."""
    essays = {q.essay for q in reply.quotes}
    clauses = question_clauses(ask.frame.text)
    if len(essays) != 1 or not clauses:
        return []
    slug = next(iter(essays))
    shown = {q.paragraph for q in reply.quotes}
    tools = ask.tools
    essay = tools.lookup(slug)
    if essay is None:
        return []
    numbers = [p.number for p in essay.paragraphs]
    vectors = np.asarray(await ask.encoder.encode_async(clauses), np.float32)
    best: tuple[float, int, int] | None = None
    for row, vector in enumerate(vectors):
        rare = _telling(ask, slug, numbers, clauses[row])
        for cosine, found, number, _index in await tools.sentence_search(ask.encoder, ask.scope, vector, [slug],
                                                                        k=SEARCHED):
            if number in shown or ask.scope.is_metadata(found, number):
                continue
            if cosine < MIN_PART_COSINE:
                break
            # the first close sentence whose paragraph holds a word of the clause the essay does not use
            # everywhere: "can i say free parking caused that" found the objection "if a hospital car
            # park is free" in an essay on free parking, above the sentence on missed appointments its
            # other clause found
            if rare & ask.scope.paragraph_stems(slug, number):
                if best is None or cosine > best[0]:
                    best = (cosine, number, row)
                break
    if best is None:
        return []
    _, number, row = best
    _, quotes = await tools.compose(ask.scope, ask.encoder, vectors[row], [tools.hit(slug, number)], clauses[row],
                                    max_quotes=1)
    return quotes


TELLING_SHARE = 1 / 3  # a word in more of an essay's paragraphs than this is its subject, not a clue


def _telling(ask: Ask, slug: str, numbers: list[int], clause: str) -> set[str]:
    """The clause's word stems that fewer than a third of the essay's paragraphs use."""
    out = set()
    for stem in set(stems(clause)):
        used = ask.scope.paragraphs_using(slug, numbers, stem)
        if 0 < used <= max(1, len(numbers) * TELLING_SHARE):
            out.add(stem)
    return out

