"""Comparisons: "compare rana and walt", "how do they differ on NATO", "do both essays…".

One short quote per essay under its author, or "Walt's essay doesn't discuss NATO"; without a
topic, each essay's key sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from bot.corpus.essay import Essay
from bot.text import excerpt, truncate
from bot.tutor.abstain import render_abstention
from bot.tutor.answer import Reply
from bot.tutor.compose import MAX_SENTENCE_CHARS, Quote, Sentence, group_quotes
from bot.tutor.context import Ask
from bot.tutor.handlers.summary import MAX_SCOPED_ESSAYS
from bot.tutor.intent import content_words
from bot.tutor.scope import Mention, topic_of
from bot.tutor.terms import phrase_pattern

_COMPARE_WORDS = {
    "compare", "comparing", "comparison", "contrast", "contrasting", "differ", "differs", "difference",
    "differences", "different", "similar", "similarity", "similarities", "versus", "vs", "both", "each", "between",
    "agree", "agrees", "disagree", "disagrees", "common", "side", "two", "essays", "authors", "writers", "see",
    "view", "views", "talk", "talks", "think", "thinks", "approach", "approaches", "treat", "treats", "handle",
    "position", "positions", "stance", "stances", "take", "takes", "discuss", "discusses", "each", "other",
}


class Compare:
    name = "compare"

    def applies(self, ask: Ask) -> bool:
        return ask.understood.intent == "comparison"

    async def answer(self, ask: Ask) -> Reply | None:
        return await compare_essays(ask, ask.named if len(ask.named) >= 2 else ask.all_slugs())


def comparison_topic(text: str, mentions: Sequence[Mention]) -> str:
    """What two essays are compared on: the question without names and comparison words."""
    rest = topic_of(text, mentions) if mentions else text
    kept = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", rest)
            if w.lower() in set(content_words(w)) and w.lower() not in _COMPARE_WORDS]
    return " ".join(kept)


async def compare_essays(ask: Ask, slugs: Sequence[str], topic: str | None = None) -> Reply:
    scope, tools, t = ask.scope, ask.tools, ask.t
    essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_SCOPED_ESSAYS]
    if topic is None:
        topic = comparison_topic(ask.text, ask.mentions)
    quotes: list[Quote] = []
    blocks: list[str] = []
    qvec = await tools.vector(ask.encoder, topic) if topic else ask.qvec
    # At least 80 characters a quote (as compose's fallback): with a small max_answer_chars the
    # share came out negative and every quote was cut to a bare "……".
    room = max(80, min(MAX_SENTENCE_CHARS, (tools.settings.max_answer_chars - 150) // max(1, len(essays)) - 120))
    for essay in essays:
        head = t("compare_essay", surname=scope.surname(essay.slug), short_title=essay.display_short_title)
        if not topic:
            key = await tools.key_sentences.of(essay, ask.encoder)
            picked = [Sentence(essay.slug, key[0].paragraph, key[0].index, truncate(key[0].text, room),
                               0, 0.0, 0.0)] if key else []
            found = group_quotes(picked, tools.lookup)
        else:
            found = await _compare_one(ask, topic, qvec, essay)
            around = phrase_pattern(topic, ignore_case=True)
            found = [replace(q, text=excerpt(q.text, room, around)) for q in found[:1]]
        if found:
            quotes += found
            blocks.append(head + "\n" + tools.quote_line(found[0]))
        else:
            blocks.append(head + " " + t("compare_silent", surname=scope.surname(essay.slug),
                                         topic=tools.display_topic(topic) or "this"))
    if topic and not quotes:
        result = tools.search(ask.retriever, scope, topic, qvec, ask.guild_id, [e.slug for e in essays])
        items = await tools.items(ask.guild_id)
        return Reply(render_abstention(t, scope, result.hits, result.best_dense, items), "not_covered",
                     abstained=True, best=result.best_dense, query=topic, qvec=qvec, remember=False)
    header = t("compare_header", topic=tools.display_topic(topic)) if topic else t("compare_header_theses")
    return Reply("\n\n".join([header] + blocks), "comparison", quotes, best=1.0, coverage=1.0,
                 query=topic, qvec=qvec, essays=tuple(e.slug for e in essays), topic=topic)


async def _compare_one(ask: Ask, topic: str, qvec, essay: Essay) -> list[Quote]:
    """One essay's say on a comparison's topic: where it uses the topic as a term, else the
    best-supported passage holding the topic's words; [] when it is silent."""
    from bot.tutor.handlers.define import define_term

    used = await define_term(ask, topic, [essay.slug], max_quotes=1)
    if used is not None:
        return used.quotes
    tools = ask.tools
    result = tools.search(ask.retriever, ask.scope, topic, qvec, ask.guild_id, [essay.slug])
    covered, coverage = tools.evidence(ask.scope, topic, result, [essay.slug])
    # Strict, as for a term: the topic's own words must be in the passage ("NATO" is close in
    # meaning to Walt's alliances, but Walt never discusses NATO).
    if not covered or coverage < tools.settings.abstain_min_coverage:
        return []
    _, quotes = await tools.compose(ask.scope, ask.encoder, qvec, result.hits, topic, max_quotes=1)
    return quotes
