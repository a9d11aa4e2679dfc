"""Definitions and terms: "what is a non-reformist reform", "realism?", "Cato".

A learner who types a term wants the passage that uses or defines it; the term itself is the
strongest evidence there is (`bot.tutor.terms`). Sentences holding the term are scored by their
closeness to it, with a bonus where they define it ("what I call", a dash, quotation marks) and
where an essay first uses it; a second quote must be nearly as good and from another paragraph.
When the essays never use the term, the cited answer takes over, strictly: closeness in meaning
is not enough for "what is X?".
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from bot.text import strip_markdown, truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import MAX_SENTENCE_CHARS, Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask
from bot.tutor.terms import close_forms, find_term, sentence_has_term

DEFINITION_QUOTES = 2
DEFINITION_FLOOR = 0.1  # a second definition quote must score within this of the first
DEFINITION_CUE_BONUS = 0.1  # "what I call …", "defined as", a dash or quotation marks around the term
FIRST_USE_BONUS = 0.05  # where an essay first uses a term is where it usually introduces it
_DEFINITION_CUES = re.compile(r"\b(?:defined as|what I call|refers? to|is the idea|the idea that|the belief|means|"
                              r"in other words|that is|known as|called)\b|—|“", re.I)


class Define:
    name = "define"

    def applies(self, ask: Ask) -> bool:
        return ask.understood.intent == "definition" and bool(ask.understood.term)

    async def answer(self, ask: Ask) -> Reply | None:
        return await define_term(ask, ask.understood.term or "", ask.named or None)


async def define_term(ask: Ask, term: str, essays: Sequence[str] | None,
                      max_quotes: int = DEFINITION_QUOTES) -> Reply | None:
    """Where the essays use or define `term`; None when they never use it."""
    scope, tools = ask.scope, ask.tools
    found = find_term(scope, term, essays)
    if not found:
        return None
    forms = close_forms(scope, term) if any(o.how == "close" for o in found) else []
    rows = []
    first_in_essay: dict[str, int] = {}
    for occurrence in found:
        first_in_essay.setdefault(occurrence.essay, occurrence.paragraph)
        essay = tools.lookup(occurrence.essay)
        para = essay.paragraph(occurrence.paragraph) if essay else None
        for index, sentence in enumerate(paragraph_sentences(para.text) if para else []):
            if sentence_has_term(sentence, term, forms):
                rows.append((occurrence.essay, occurrence.paragraph, index, sentence))
    if not rows:
        return None
    qvec = await tools.vector(ask.encoder, term)
    vectors = await tools.sentence_vectors.encode(ask.encoder, [strip_markdown(r[3]) for r in rows])
    cosines = (vectors @ np.asarray(qvec, np.float32)).tolist()
    scored = []
    for (slug, number, index, sentence), cos in zip(rows, cosines):
        score = cos + (DEFINITION_CUE_BONUS if _DEFINITION_CUES.search(sentence) else 0.0)
        score += FIRST_USE_BONUS if first_in_essay.get(slug) == number else 0.0
        scored.append(Sentence(slug, number, index, truncate(sentence, MAX_SENTENCE_CHARS), 0, cos, score))
    scored.sort(key=lambda s: -s.score)
    chosen = [scored[0]]
    for s in scored[1:]:
        if len(chosen) >= max_quotes or s.score < scored[0].score - DEFINITION_FLOOR:
            break
        if (s.essay, s.paragraph) not in {(c.essay, c.paragraph) for c in chosen}:
            chosen.append(s)
    quotes = group_quotes(chosen, tools.lookup)
    text = render_answer(ask.t, quotes)
    return Reply(text, "definition", quotes, best=max(cosines), coverage=1.0, query=term, qvec=qvec,
                 essays=tuple(essays) if essays else None, topic=term)
