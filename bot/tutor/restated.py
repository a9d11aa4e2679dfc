"""A question that restates a passage and asks beyond it: "And the decibel figures, 70 to 75 at
fifteen metres and 100 to 105 at the operator's ear. Who measured those?", "The Danish safety
figure, under two incidents per 10,000 late-night visits. What counts as an incident?".

Retrieval finds the passage the learner restates (it shares their figures and words), and the
answer quoted it back with no word that it says nothing more: blind judges read that as implying
the essay answers (FINAL-47, first run: 13 such turns judged bad, the largest class). The essays
rarely give what such a question adds (who measured, what counts as, how many of them), so when
the reply quotes only the paragraphs the question restates, and those hold neither every word the
question adds nor a detail of the kind it asks for, the first line says so — as what the search
found, not as a claim about the essay ("I find nothing … beyond the passage you refer to").
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.context import Ask
from bot.tutor.frame import GENERIC_WORDS
from bot.tutor.intent import content_words
from bot.tutor.quantities import asked, gives
from bot.tutor.scopes import stems

_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
# A question restates a sentence when it gives one of its figures or a run of this many of its
# words in a row ("the government paid most of the cost of converting grates"); sharing topic
# words is not enough ("how loud is a gas blower for the worker?" asks what the passage answers)
RUN_WORDS = 4
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# words a question about a passage uses for the passage itself, not for what it asks
_ABOUT_THE_PASSAGE = frozenset("""figure figures number numbers percent per cent essay essays author passage paragraph
sentence quote quotes text article piece bit line lines stat stats statistic statistics data find finds found
finding findings show shows showed result results""".split())


# what the passage and its neighbours explain, not a detail they may lack ("Why does that matter?")
_EXPLAINED = frozenset({"why", "summary", "comparison", "definition", "example"})


# "Does she say how many …", "does he give a figure", "any source?", "what counts as an incident"
_ASKS_IF_GIVEN = re.compile(r"\b(?:does|did|do)\s+(?:she|he|they|it|the\s+(?:essay|author|article|text|piece)|[A-Z][\w'’-]+)\s+"
                            r"(?:ever\s+|actually\s+|also\s+)?(?:say|give|mention|explain|tell|state|name|cite|list|show|"
                            r"specify|define|address|break\s+down)\b|\bany\s+(?:figures?|numbers?|sources?|data|details?|"
                            r"breakdown)\b|\bwhat\s+counts\s+as\b", re.I)


def _figures(text: str) -> set[str]:
    return {f.replace(",", "").rstrip(".") for f in _FIGURE.findall(text)}


def _quotes_run(question: str, sentence: str) -> bool:
    words = _WORD.findall(question.lower())
    held = " " + " ".join(_WORD.findall(sentence.lower())) + " "
    return any(f" {' '.join(words[i:i + RUN_WORDS])} " in held for i in range(len(words) - RUN_WORDS + 1))


def beyond_restated(ask: Ask, reply: Reply) -> list[int]:
    """The paragraphs of the passage the question restates, when the reply quotes nothing else
    and that passage holds neither every word the question adds nor the detail it asks for; []
    otherwise."""
    request = ask.frame.request
    if reply.abstained or reply.lead or not reply.quotes or reply.kind != "answer" or request.shape != "answer" \
            or request.simple or request.brief or request.count or ask.understood.intent in _EXPLAINED:
        return []
    text = ask.frame.text
    scope = ask.scope
    figures = _figures(text)
    sentences = [s for q in reply.quotes for s in q.sentences]
    restated = [s for s in sentences if figures & _figures(s.text) or _quotes_run(text, s.text)]
    if not restated:
        return []
    places = {(s.essay, s.paragraph) for s in restated}
    if any((q.essay, q.paragraph) not in places for q in reply.quotes):
        return []
    held = {t for q in reply.quotes for t in stems(q.text)}
    authors = {t for part in scope.author_parts for t in stems(part)}
    added = {t for w in content_words(ask.frame.core) if w not in GENERIC_WORDS and w not in _ABOUT_THE_PASSAGE
             and not _FIGURE.fullmatch(w) for t in stems(w)} - held - authors
    wanted = asked(text)
    short_of = wanted is not None and not any(gives(wanted, s.text) for s in sentences)
    # Words the passage lacks are not enough: "what was that deal in the 1950s?" and "what exactly is
    # the 'quiet flaw'?" are answered by the passage in other words (read on FINAL-45/46: four such
    # turns would have been told "nothing beyond"). The question must ask whether the essay gives
    # something, or for a detail of a kind the passage lacks.
    if not (added and (_ASKS_IF_GIVEN.search(text) or short_of)):
        return []
    return sorted({q.paragraph for q in reply.quotes})
