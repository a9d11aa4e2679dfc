""""what she mean with 'Keeping a strong print collection is not nostalgia. It is leverage.'",
"why does she say 'maintained for the purpose of looking maintained'?": a line the learner
quotes back.

A line typed in quotation marks that stands word for word in an essay says where the answer is:
that sentence in its paragraph, which is where an essay explains what it just said. Searched as
a topic instead, the words of a short line matched other paragraphs (FINAL-14's first run: "the
sentence the student quoted" was missing, or another paragraph was quoted, in about fifteen
turns). A learner who puts the line in the wrong essay ("in the water essay", "Halloway says")
is told whose it is.

Two or more words only, found as a phrase (case, quotation marks and dashes aside): a single
quoted word is a term (`define`), and a loosely quoted paraphrase is left to the search.
"""

from __future__ import annotations

from bot.tutor.answer import Reply
from bot.tutor.compose import PASSAGE_CHARS, Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask
from bot.tutor.named import phrase_places

MIN_WORDS = 2
TERM_WORDS = 3  # a quoted phrase this short, asked "what does it mean" in the essay named, is a term
WINDOW_AFTER = 2  # a long paragraph: the line and the sentences that follow it (the explanation)


class QuotedLine:
    name = "quoted"

    def applies(self, ask: Ask) -> bool:
        request = ask.frame.request
        if request.shape in ("list", "summary", "summary_points", "compare") or set(request.explicit) & {
                "evidence", "objection", "proposal", "figures"}:
            return False
        if ask.understood.intent in ("comparison", "summary", "author", "paragraph"):
            return False
        return bool(_lines(ask))

    async def answer(self, ask: Ask) -> Reply | None:
        tools, t = ask.tools, ask.t
        for phrase, spots in _lines(ask):
            named = [s for s in spots if s[0] in ask.named]
            if ask.understood.intent == "definition" and len(phrase.split()) <= TERM_WORDS and (
                    named or not ask.named):
                return None  # "what is the 'first-sale doctrine'?": a term, defined or not (`define`)
            slug, number, index = (named or spots)[0]
            essay = tools.lookup(slug)
            para = essay.paragraph(number) if essay else None
            if para is None:
                continue
            parts = paragraph_sentences(para.text)
            if len(para.text) <= PASSAGE_CHARS:
                chosen = [Sentence(slug, number, i, x, 0, 1.0, 1.0) for i, x in enumerate(parts)]
            else:
                # a line of two sentences is found in the paragraph, not in one sentence: where it starts
                opening = " ".join(phrase.lower().split()[:3])
                index = next((i for i, x in enumerate(parts) if opening in " ".join(x.lower().split())), index)
                chosen = [Sentence(slug, number, i, parts[i], 0, 1.0, 1.0)
                          for i in range(index, min(len(parts), index + 1 + WINDOW_AFTER))]
            quotes = group_quotes(chosen, tools.lookup)
            lead = ""
            elsewhere = [s for s in ask.named if s != slug]
            if ask.named and not named and elsewhere:
                lead = t("lead_line_elsewhere", surname=ask.scope.surname(slug), paragraph=number,
                         named=ask.scope.surname(elsewhere[0]))
            return Reply(render_answer(t, quotes), "answer", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                         qvec=ask.qvec, essays=(slug,), topic=phrase, lead=lead)
        return None


def _lines(ask: Ask) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """The question's quoted phrases of two words or more that stand word for word in an essay."""
    out = []
    for thing in ask.frame.things:
        if thing.kind != "quote":
            continue
        phrase = thing.text.strip(" '\"“”‘’.,;:!?")
        if len(phrase.split()) < MIN_WORDS:
            continue
        spots = phrase_places(ask.scope, phrase)
        if spots:
            out.append((phrase, spots))
    return out
