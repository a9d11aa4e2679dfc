"""An answer to "how many / how much" holds the essay's figure when the essay has one near the question.

The quotes are chosen by meaning, and the sentence that carries the number is often not the one
closest to the question ("the pilot … 14 insurance claims, mostly for frames, and two thefts" sits
after a sentence about the pilot's design). Before the tutor says "X gives no figure for that", it
looks for a sentence with a figure among the sentences of the quoted essays closest to the question,
those of the quoted paragraphs first, and quotes it first.
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.compose import PASSAGE_CHARS, Sentence, group_quotes, paragraph_sentences, render_answer, whole_paragraph
from bot.tutor.context import Ask
from bot.tutor.quantities import AMOUNT, Asked, given_in, gives

# The sentences of the quoted essays closest to the question that may hold the figure: FINAL-13..17's
# "gives no figure" leads were false 5 times of 7, the figure always within the essay's closest 12.
FIGURE_CANDIDATES = 12
FIGURE_MARGIN = 0.15  # a sentence outside the quoted paragraphs this close to the closest sentence
MAX_FIGURE_RUN = 2  # sentences with amounts quoted on either side of the one found, in a long paragraph


# a name the essays write in several capitalised words ("Night Tube", "San Juan Capistrano"), however
# it was typed: no common word the essays capitalise now and then (FINAL-39, judged blind: "how much
# does the night tube cost tfl to run per year" was answered with the night-bus fares of ¶5)
_NAME_OF_WORDS = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:of\s+|the\s+|de\s+|la\s+)*[A-Z][\w'’-]+)+")


def near_named(ask: Ask) -> set[tuple[str, int]] | None:
    """The paragraphs that mention the places, names and works the question names ("how many people
    live in Tuvalu", "… on Skerra", "what did the Delta Works cost"), where a figure about them must
    be; None when it names none the essays mention. A name counts only as the learner typed it:
    capitalised after any article, and longer than an acronym. A word the essays capitalise elsewhere
    ("examination") is read as a name, and so is "the AI detector"; tied to those, figures asked for and
    quoted were said to be missing (fig_dev, 475 turns of FINAL-20..30: three turns)."""
    def typed_as_name(th) -> bool:
        words = re.sub(r"^(?:the|a|an)\s+", "", th.text, flags=re.I)
        return th.kind == "place" or (th.kind in ("name", "work") and (words[:1].isupper() and len(words) >= 4
                                                                       or bool(_NAME_OF_WORDS.fullmatch(th.name))))

    places = {(e, p) for th in ask.frame.things if th.mentioned and typed_as_name(th) for e, p, _ in th.places}
    return places or None


def has_figure(ask: Ask, reply: Reply, wanted: Asked) -> bool:
    """Whether a quote of the reply gives the figure asked (by kind: a sum of money for "how much did
    it cost", not the acreage bought), in a paragraph on what the question names when it names something."""
    rows = [((q.essay, q.paragraph), text) for q in reply.quotes
            for text in ([s.text for s in q.sentences] or paragraph_sentences(q.text))]
    return given_in(wanted, rows, near_named(ask) if wanted.tied else None)


async def with_figure(ask: Ask, reply: Reply, wanted: Asked) -> Reply | None:
    """`reply` with the closest sentence holding a figure of the kind asked quoted first (its paragraph
    whole when short), or None when none of the quoted essays' closest sentences has one."""
    near_name = near_named(ask) if wanted.tied else None
    tools, scope = ask.tools, ask.scope
    essays = list(dict.fromkeys(q.essay for q in reply.quotes))
    if not essays:
        return None
    near = await tools.sentence_search(ask.encoder, scope, ask.qvec, essays, k=FIGURE_CANDIDATES)
    quoted = {(q.essay, q.paragraph) for q in reply.quotes}
    ranked = sorted(near, key=lambda row: ((row[1], row[2]) not in quoted, -row[0]))
    top = max((row[0] for row in near), default=0.0)
    for cosine, slug, number, index in ranked:
        if (slug, number) not in quoted and cosine < top - FIGURE_MARGIN:
            continue  # another paragraph's number must be about the question too
        essay = tools.lookup(slug)
        para = essay.paragraph(number) if essay else None
        parts = paragraph_sentences(para.text) if para else []
        if index < len(parts) and given_in(wanted, [((slug, number), parts[index])], near_name):
            break
    else:
        return None
    first = whole_paragraph(tools.lookup, slug, number, limit=PASSAGE_CHARS)
    if not first:
        # a long paragraph: the sentence and the run of sentences with amounts around it ("around
        # 9,400 loans … Fourteen resulted in an insurance claim … Two objects were stolen")
        start = end = index
        while start > 0 and index - start < MAX_FIGURE_RUN and AMOUNT.search(parts[start - 1]):
            start -= 1
        while end + 1 < len(parts) and end - index < MAX_FIGURE_RUN and AMOUNT.search(parts[end + 1]):
            end += 1
        first = [Sentence(slug, number, i, parts[i], 0, 1.0, 1.0) for i in range(start, end + 1)]
    chosen = list(first)
    for q in reply.quotes:
        for s in q.sentences:
            if s.key not in {c.key for c in chosen}:
                candidate = chosen + [s]
                if len(render_answer(ask.t, group_quotes(candidate, tools.lookup))) <= tools.settings.max_answer_chars:
                    chosen = candidate
    quotes = group_quotes(chosen, tools.lookup)
    reply.text, reply.quotes, reply.citations = render_answer(ask.t, quotes), quotes, None
    return reply


def with_figure_runs(ask: Ask, reply: Reply, wanted: Asked) -> None:
    """Each quote that gives a figure of the kind asked gets the other sentences of its paragraph that
    give one too (the nearest `2 * MAX_FIGURE_RUN`): "what happened with the
    subway of New York in the pandemic? dates pls" was cut before the end date, "ticket income as % of
    operating costs + cost of collecting it" before the second figure (FINAL-42, judged blind)."""
    tools = ask.tools
    chosen = [s for q in reply.quotes for s in q.sentences]
    if not chosen or reply.kind != "answer":
        return
    have = {s.key for s in chosen}
    added = []
    for q in reply.quotes:
        essay = tools.lookup(q.essay)
        para = essay.paragraph(q.paragraph) if essay else None
        if para is None or not q.sentences:
            continue
        parts = paragraph_sentences(para.text)
        indexes = [s.index for s in q.sentences if s.index < len(parts) and gives(wanted, parts[s.index])]
        if not indexes:
            continue
        # the paragraph's other sentences giving a figure of that kind, nearest first
        others = sorted((k for k in range(len(parts)) if (q.essay, q.paragraph, k) not in have
                         and gives(wanted, parts[k])), key=lambda k: min(abs(k - i) for i in indexes))
        for k in others[:2 * MAX_FIGURE_RUN]:
            have.add((q.essay, q.paragraph, k))
            added.append(Sentence(q.essay, q.paragraph, k, parts[k], 0, 1.0, 1.0))
    if not added:
        return
    candidate = chosen + added
    quotes = group_quotes(candidate, tools.lookup)
    if len(render_answer(ask.t, quotes)) > tools.settings.max_answer_chars:
        return
    reply.text = render_answer(ask.t, quotes) if not reply.lead else f"{reply.lead}\n\n{render_answer(ask.t, quotes)}"
    reply.quotes, reply.citations = quotes, None
