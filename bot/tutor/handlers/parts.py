"""An essay's argument by its parts: "break down the structure of the rourke essay - thesis,
reasons, objection(s), her policy", "thesis + main moves as bullets".

The summary gives the thesis and the most central sentences in reading order; a learner who
names the parts of an argument wants each part, labelled. The argument map (built at ingest,
so an uploaded essay gets one too) holds them: the thesis, the essay's announced list of reasons
(or the claims that open its early paragraphs), the strongest concession with the reply that
follows it, and what it proposes (an announced list of changes, or its "should" claims near the
end). Only the parts the question names are given (two at least: "the structure" alone is the
study handler's outline, section by section).
"""

from __future__ import annotations

import re

from bot.corpus.argument import ArgumentMap, Enumeration, MapSentence
from bot.text import truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes
from bot.tutor.context import Ask

_PART_WORDS = {
    "thesis": re.compile(r"\b(?:thesis|main\s+(?:claim|argument|point)|central\s+claim)\b", re.I),
    "reasons": re.compile(r"\b(?:reasons?|arguments|grounds|main\s+moves|moves|premises|supporting\s+points)\b", re.I),
    "objection": re.compile(r"\b(?:objections?|counter[\s-]?arguments?|concessions?|rebuttals?|opp|critics?)\b", re.I),
    "proposal": re.compile(r"\b(?:polic(?:y|ies)|proposals?|solutions?|recommendations?|reforms?|fix|plan|"
                           r"what\s+(?:she|he|they)\s+wants?)\b", re.I),
}
_LISTED = re.compile(r"[,+/&;]|\band\b|\bthen\b|\s-\s|\bplus\b", re.I)
REASON_NOUNS = ("reasons", "arguments", "grounds", "points", "benefits", "advantages")
_PROPOSAL_NOUNS = ("changes", "steps", "reforms", "proposals", "recommendations", "measures", "policies", "things",
                   "rules", "parts", "tiers", "conditions", "principles")
_OUGHT = re.compile(r"\b(?:should|must|need\s+to|needs\s+to|ought\s+to)\b", re.I)
_REPLY = re.compile(r"^(?:but|yet|however|still|even so)\b", re.I)
ITEM_CHARS = 200
ANNOUNCE_WORDS = 25  # a concession this short announces the objection rather than stating it
MAX_ITEMS = 3


def parts_asked(text: str) -> list[str]:
    """The parts a question names, in the order an argument runs (none unless two are named)."""
    found = sorted((m.start(), m.end(), part) for part, pattern in _PART_WORDS.items()
                   for m in [pattern.search(text)] if m)
    if len(found) < 2:
        return []
    # listed as parts ("thesis, reasons, objection(s), her policy", "thesis + main moves"), not
    # one part of another ("the strongest objection to her plan")
    listed = all(_LISTED.search(text[a[1]:b[0]]) for a, b in zip(found, found[1:]))
    return [part for part in _PART_WORDS if any(p == part for _, _, p in found)] if listed else []


class Parts:
    name = "parts"

    def applies(self, ask: Ask) -> bool:
        return len(ask.named or ask.context_essays()) == 1 and bool(parts_asked(ask.frame.text))

    async def answer(self, ask: Ask) -> Reply | None:
        tools, t, scope = ask.tools, ask.t, ask.scope
        slug = (ask.named or ask.context_essays())[0]
        essay = scope.by_slug.get(slug)
        argument = (await tools.maps_for(ask.encoder, [slug])).get(slug)
        if essay is None or argument is None:
            return None
        last = max((s.paragraph for s in argument.sentences), default=1)
        chosen: list[tuple[str, list[MapSentence]]] = []
        for part in parts_asked(ask.frame.text):
            if part == "thesis":
                found = await tools.key_sentences.thesis(essay, ask.encoder, argument)
                found_map = argument.get(found.paragraph, found.index) if found else None
                rows = [found_map] if found_map is not None else []
            elif part == "reasons":
                rows = announced_items(argument, REASON_NOUNS, before=last * 0.6) or _openers(argument, last)
            elif part == "objection":
                rows = _objection(argument)
            else:
                rows = announced_items(argument, _PROPOSAL_NOUNS, after=last * 0.5) or [
                    s for s in argument.sentences if s.paragraph >= last * 0.66 and s.role in ("claim", "conclusion",
                                                                                             "thesis")
                    and _OUGHT.search(s.text)][:MAX_ITEMS]
            if rows:
                chosen.append((part, rows))
        if len(chosen) < 2:
            return None
        lines = [t("parts_header", title=essay.title, author=essay.author)]
        sentences: list[Sentence] = []
        for part, rows in chosen:
            lines.append(t(f"parts_{part}"))
            for n, s in enumerate(rows, 1):
                lines.append(t("list_item_quote", n=n, quote=truncate(s.text, ITEM_CHARS), paragraph=s.paragraph))
                sentences.append(Sentence(slug, s.paragraph, s.index, s.text, 0, 1.0, 1.0))
        lines.append(t("list_source", author=essay.author, short_title=essay.display_short_title,
                       paragraphs=", ".join(f"¶{p}" for p in dict.fromkeys(s.paragraph for s in sentences))))
        quotes = group_quotes(list(dict.fromkeys(sentences)), tools.lookup)
        return Reply("\n".join(lines[:-1]) + "\n\n" + lines[-1], "summary", quotes, best=1.0, coverage=1.0,
                     query=ask.frame.query, qvec=ask.qvec, essays=(slug,), topic=ask.frame.query)


def announced_items(argument: ArgumentMap, nouns: tuple[str, ...], *, before: float | None = None,
            after: float | None = None) -> list[MapSentence]:
    """The items of the essay's announced list of these things ("three reasons", "three changes")."""
    def fits(e: Enumeration) -> bool:
        return (e.noun or "").lower() in nouns and len(e.items) >= 2 and \
            (before is None or e.paragraph <= before) and (after is None or e.paragraph >= after)

    for enum in argument.enumerations:
        if fits(enum):
            rows = [argument.get(i.paragraph, i.index) for i in enum.items]
            return [r for r in dict.fromkeys(rows) if r is not None][:MAX_ITEMS + 1]
    return []


def _openers(argument: ArgumentMap, last: int) -> list[MapSentence]:
    """Without an announced list: the claims that open the paragraphs of the argument's first
    half (a paragraph's first sentence states its point)."""
    return [s for s in argument.sentences if s.index == 0 and s.role == "claim" and 1 < s.paragraph <= last * 0.6
            and len(s.text.split()) >= 6][:MAX_ITEMS]


def _objection(argument: ArgumentMap) -> list[MapSentence]:
    """The strongest concession (one that names an objection or its critics first) with the
    sentence that states it when it only announces it, and the reply that turns against it."""
    concessions = [s for s in argument.sentences if s.role == "concession"]
    if not concessions:
        return []
    named = [s for s in concessions if re.search(r"\b(?:objection|critics?|opponents?|skeptics?)\b", s.text, re.I)]
    top = (named or concessions)[0]
    rows = [top]
    if len(top.text.split()) < ANNOUNCE_WORDS:
        # an announcement ("The most serious objection … deserves a fair hearing."): the next two
        # sentences of its paragraph say what the objection is ("It goes like this." skipped)
        following = [argument.get(top.paragraph, top.index + step) for step in (1, 2, 3)]
        rows += [s for s in following if s is not None and len(s.text.split()) >= 6][:2]
    reply = argument.reply_after(top.paragraph, top.index, _REPLY)
    if reply is not None:
        rows.append(reply)
    return rows
