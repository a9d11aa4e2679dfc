""""source?", "says who?", "how does she know that?", "any evidence for that?": what the last
answer's passage rests on.

A learner who asks for the source of what was just quoted asks two things at once: where it is
(the paragraph) and what the author offers for it (a figure, a study, a named source, or
nothing). Read as a new search, "source?" found nothing and was refused, or quoted the same lines
again under "Following up on …"; read as "which paragraph", it named the paragraph and never said
that the claim is unsourced. Judged blind (FINAL-14's first run), unsourced claims were never
called unsourced. The answer names the paragraph, then quotes the sentences there that give a
figure or a source, or says plainly that there are none.
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask
from bot.tutor.handlers.roles import sourced
from bot.tutor.handlers.where import sentences_at

MAX_SOURCED = 3
_SOURCE_ASK = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay|wait|hmm|right|sure)\W+)*(?:"
    r"(?:the\s+)?(?:source|sources|citation|citations|cite|evidence|proof|data|stats?|warrant)(?:\s+for\s+(?:that|this|it))?|"
    r"says\s+who|according\s+to\s+(?:who|whom|what)|"
    r"how\s+(?:does|did|do|would)\s+(?:he|she|they|the\s+author|the\s+writer|[A-Z][\w'’-]+)\s+know(?:\s+(?:that|this))?|"
    r"where(?:'s|\s+is|\s+does|\s+did)\s+(?:that|this|it)\s+(?:come\s+from|from)|"
    r"what(?:'s|\s+is)\s+(?:the|his|her|their)\s+(?:source|evidence|proof)(?:\s+for\s+(?:that|this|it))?|"
    r"(?:any|got\s+a|is\s+there\s+a(?:ny)?)\s+(?:source|evidence|proof|data|citation)(?:\s+for\s+(?:that|this|it))?|"
    r"is\s+(?:that|this|it)\s+(?:sourced|backed\s+up|cited|proven|true)|(?:does|did)\s+(?:he|she|they)\s+"
    r"(?:cite|source|back)\s+(?:that|this|it)(?:\s+up)?)\W*(?:pls|please|thx)?\W*$", re.I)


def sourced_sentences(tools, places) -> list[Sentence]:
    """The sentences of these (essay, paragraph) places that give a figure or name a source, in order."""
    found: list[Sentence] = []
    for slug, number in places:
        essay = tools.lookup(slug)
        para = essay.paragraph(number) if essay else None
        for index, text in enumerate(paragraph_sentences(para.text) if para else []):
            if sourced(text):
                found.append(Sentence(slug, number, index, text, 0, 1.0, 1.0))
    return found


def asks_source(text: str) -> bool:
    return bool(_SOURCE_ASK.match(text.strip()))


class Sourcing:
    name = "sourcing"

    def applies(self, ask: Ask) -> bool:
        return ask.previous is not None and bool(ask.previous.paragraphs) and asks_source(ask.frame.text)

    async def answer(self, ask: Ask) -> Reply | None:
        previous, tools, t = ask.previous, ask.tools, ask.t
        if previous is None:
            return None
        places = list(dict.fromkeys(previous.paragraphs))[:2]
        found = sourced_sentences(tools, places)
        slug, number = places[0]
        surname = ask.scope.surname(slug)
        where = ", ".join(f"¶{n}" for _, n in places)
        if found:
            quotes = group_quotes(found[:MAX_SOURCED], tools.lookup)
            lead = t("lead_sourced", surname=surname, places=where)
        else:
            sentences = sentences_at(tools, sorted(previous.last or previous.quoted)[:1])
            if not sentences:
                return None
            quotes = group_quotes(sentences, tools.lookup)
            lead = t("lead_unsourced", surname=surname, places=where)
        return Reply(render_answer(t, quotes), "reference", quotes, best=1.0, coverage=1.0, query=previous.query,
                     qvec=previous.qvec, essays=previous.essays, topic=previous.topic, lead=lead)
