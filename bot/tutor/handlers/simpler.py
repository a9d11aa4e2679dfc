""""Explain that more simply", "I don't get it": the shortest sentence of the last answer's
paragraphs that makes the point, never the one just quoted when another will do, with an honest
line that the tutor quotes rather than paraphrases."""

from __future__ import annotations

import numpy as np

from bot.text import strip_markdown
from bot.tutor.abstain import render_abstention
from bot.tutor.answer import Reply
from bot.tutor.compose import MIN_WORDS, Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask

SIMPLER_SHARE = 0.8  # the shortest sentence at least this close to the question as the best one
LOOSER_SHARE = 0.6  # ... when every such sentence has been shown already


class Simpler:
    name = "simpler"

    def applies(self, ask: Ask) -> bool:
        return ask.previous is not None and ask.follow == "simpler"

    async def answer(self, ask: Ask) -> Reply | None:
        return await simpler_answer(ask)


def last_answer_sentences(tools, paragraphs) -> list[tuple[str, int, int, str]]:
    """(essay, paragraph, index, sentence) for each sentence of a few words or more in the last
    answer's paragraphs, in the order they were cited."""
    rows = []
    for slug, number in dict.fromkeys(paragraphs):
        essay = tools.lookup(slug)
        para = essay.paragraph(number) if essay else None
        if para is None:
            continue
        for index, sentence in enumerate(paragraph_sentences(para.text)):
            if len(sentence.split()) >= MIN_WORDS:
                rows.append((slug, number, index, sentence))
    return rows


async def simpler_answer(ask: Ask) -> Reply:
    previous, tools = ask.previous, ask.tools
    assert previous is not None
    rows = last_answer_sentences(tools, previous.paragraphs)
    if not rows:
        return Reply(render_abstention(ask.t, ask.scope, [], 0.0), "not_covered", abstained=True, remember=False)
    vectors = await tools.sentence_vectors.encode(ask.encoder, [strip_markdown(r[3]) for r in rows])
    cosines = (vectors @ np.asarray(previous.qvec, np.float32)).tolist()
    best = max(cosines)
    close = [i for i, c in enumerate(cosines) if c >= SIMPLER_SHARE * best]
    # Another sentence making the point says it differently; never one already shown in this thread.
    fresh = [i for i in close if rows[i][:3] not in previous.quoted]
    if not fresh:
        fresh = [i for i, c in enumerate(cosines) if c >= LOOSER_SHARE * best and rows[i][:3] not in previous.quoted]
    note = "simpler_note"
    # Every close sentence was shown. One that was shown inside a longer quote (a neighbour of
    # it was quoted with it), alone, is still a different and shorter answer: one line instead of
    # a passage. A sentence that was a quote by itself is never repeated.
    inside = [i for i in close if {(rows[i][0], rows[i][1], rows[i][2] + d) for d in (-1, 1)} & previous.quoted]
    alone = {k for k in previous.last if not {(k[0], k[1], k[2] + d) for d in (-1, 1)} & previous.last}
    inside = [i for i in inside if rows[i][:3] not in alone]  # never a one-sentence quote just given
    if not fresh and inside:
        fresh, note = [max(inside, key=lambda i: cosines[i])], "simpler_shortest"
    if not fresh:
        places = ", ".join(f"¶{n}" for _, n in dict.fromkeys(previous.paragraphs))
        return Reply(ask.t("simpler_none", places=places), "answer", best=best, coverage=1.0, query=previous.query,
                     qvec=previous.qvec, essays=previous.essays, topic=previous.topic, remember=False)
    pick = min(fresh, key=lambda i: (len(rows[i][3]), -cosines[i]))
    slug, number, index, sentence = rows[pick]
    chosen = Sentence(slug, number, index, sentence, 0, cosines[pick], cosines[pick])
    quotes = group_quotes([chosen], tools.lookup)
    text = ask.t(note) + "\n\n" + render_answer(ask.t, quotes)
    return Reply(text, "answer", quotes, best=best, coverage=1.0, query=previous.query, qvec=previous.qvec,
                 essays=previous.essays, topic=previous.topic)
