""""is that it?? only one obstacle", "he says 'for starters' so there are more, what are the others",
"the text seems to just stop": a follow-up asking for the rest of what the last answer quoted, when
that answer quoted the essay's last paragraph.

An essay may end on a list it has only begun ("For starters, …"). Asked for the rest, the tutor
quoted the same paragraph again, as if more were there to find (FINAL-30, FINAL-31, FINAL-32, judged
blind: seven such turns, from six writers, all graded false answers or partial). The first line
says plainly that the essay ends there; the paragraph follows whole, so the learner sees its last
sentence. Whatever the essay, uploads included: the last paragraph is the last one it has.
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences, render_answer
from bot.tutor.context import Ask

# (plural "others" only: "what about the other essay?" asks for another essay, not the rest of a list)
_THE_REST = re.compile(r"\b(?:the\s+rest(?!\s+of\s+(?:the\s+)?(?:essays|authors))|the\s+others\b|any\s+(?:more|others)\b|"
                       r"is\s+that\s+(?:it|all)|that['’]?s\s+it\b|only\s+(?:one|1)\b|just\s+(?:one|1)\b|"
                       r"(?:just|seems\s+to|it)\s+(?:just\s+)?stops?\b|ends?\s+(?:there|abruptly|suddenly|like\s+that)|cut\s+off|"
                       r"there\s+(?:are|r|must\s+be)\s+more|for\s+starters|what\s+else|rest\s+of\s+(?:the|his|her)\s+"
                       r"(?:list|obstacles|problems|reasons|points))", re.I)


# the question itself says the text stops: "is that the whole article?", "the essay finish in ¶10,
# it look incomplete", "Walt essay stop after ¶10"
# ("what other reasons does he give" is no such question: the essay need not stop for it)
_STOPS = re.compile(r"\b(?:incomplete|unfinished|whole\s+(?:article|essay|text|piece|thing)|(?:ends?|ended|ending|finish(?:es|ed)?|"
                    r"stops?|stopped)\s+(?:at|in|on|after|with|there|abruptly|suddenly)|cut\s+off|truncated|for\s+starters)\b",
                    re.I)


def _last_text_paragraph(ask: Ask, slug: str) -> int | None:
    essay = ask.tools.lookup(slug)
    # (the last paragraph of the text, not a note about the author after it)
    text = [p.number for p in essay.paragraphs if not ask.scope.is_metadata(slug, p.number)] if essay else []
    return max(text) if text else None


def _last_asked(ask: Ask) -> tuple[str, int] | None:
    """The essay's last paragraph, when the question itself points there: it names one essay (or
    the conversation is about one), says the text stops, and either cites the last paragraph or
    the essay's last paragraph opens a list it does not go on with ("For starters, …"). FINAL-38
    and FINAL-39 (judged blind): five first questions of this kind, from five writers, got the
    paragraph again and no word that the text ends there."""
    if not _STOPS.search(ask.frame.text):
        return None
    slugs = list(ask.named) or (ask.context_essays() if ask.previous is not None else [])
    if not slugs:
        # no essay named: the one whose last paragraph holds words the question quotes ("he says 'for
        # starters' about the obstacles but i can only find one")
        quoted = [q.lower() for q in re.findall(r"['‘\"“]([^'’\"”]{4,80})['’\"”]", ask.frame.text)]
        slugs = [e.slug for e in ask.scope.essays if quoted and any(
            q in (para.text.lower() if (para := e.paragraph(_last_text_paragraph(ask, e.slug) or 0)) else "")
            for q in quoted)]
    if len(slugs) != 1:
        return None
    slug = slugs[0]
    last = _last_text_paragraph(ask, slug)
    if last is None:
        return None
    cited = {int(n) for n in re.findall(r"(?:¶|\bpara(?:graph)?\s*)(\d{1,3})\b", ask.frame.text, re.I)}
    if last in cited:
        return slug, last
    essay = ask.tools.lookup(slug)
    paragraph = essay.paragraph(last) if essay else None
    return (slug, last) if paragraph is not None and _BEGUN_LIST.search(paragraph.text) else None


# a list begun and not gone on with: "For starters, …", "First, …" with no "Second"/"Another" after
_BEGUN_LIST = re.compile(r"\b(?:for\s+starters|to\s+begin\s+with|first(?:ly)?,)(?![\s\S]*\b(?:second(?:ly)?|next|another|"
                         r"also|finally|then)\b)", re.I)


def _last_shown(ask: Ask) -> tuple[str, int] | None:
    """The essay's last paragraph, when the last answer quoted it."""
    previous = ask.previous
    if previous is None:
        return None
    for slug, number in previous.paragraphs:
        if number == _last_text_paragraph(ask, slug):
            return slug, number
    return None


class Ending:
    name = "ending"

    def applies(self, ask: Ask) -> bool:
        return bool(_THE_REST.search(ask.frame.text)) and _last_shown(ask) is not None or _last_asked(ask) is not None

    async def answer(self, ask: Ask) -> Reply | None:
        found = (_last_shown(ask) if _THE_REST.search(ask.frame.text) else None) or _last_asked(ask)
        if found is None:
            return None
        slug, number = found
        essay = ask.tools.lookup(slug)
        paragraph = essay.paragraph(number) if essay else None
        if paragraph is None:
            return None
        sentences = [Sentence(slug, number, i, text, 0, 1.0, 1.0)
                     for i, text in enumerate(paragraph_sentences(paragraph.text))]
        quotes = group_quotes(sentences, ask.tools.lookup)
        lead = ask.t("lead_essay_ends", surname=ask.scope.surname(slug), paragraph=number)
        return Reply(f"{lead}\n\n{render_answer(ask.t, quotes)}", "answer", quotes, best=1.0, coverage=1.0,
                     essays=(slug,), lead=lead)
