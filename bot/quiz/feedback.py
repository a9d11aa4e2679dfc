"""What a learner is shown after a miss: the passage itself, and what a near miss lacked.

A one-line comment and "Source: walt-socialists-libertarians, paragraph 4" (an internal id) do not
send anyone back to the text. After a miss the learner gets the sentence of the cited paragraph
that holds the answer, quoted, with the essay's title, its author and the paragraph number, and a
way to read the whole paragraph (a Read button on Discord, a `/read` hint in the terminal). When
the grader saw a near miss (every key word but one or two), the words it lacked are shown too:
"needs: institutions". Adapters render these; nothing here knows Discord or the terminal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping

from bot.quiz.grading import GradeResult
from bot.quiz.grading.analysis import analyse
from bot.quiz.items import BLANK, QuizItem
from bot.quiz.normalize import canonical
from bot.text import sentences, strip_markdown

log = logging.getLogger(__name__)

MAX_QUOTE_CHARS = 400


@dataclass(frozen=True)
class Passage:
    """The cited passage of an item: the sentence that holds the answer, and where it is."""

    slug: str            # for the Read button and the /read command only, never shown as a source
    title: str
    author: str
    paragraph: int
    sentence: str
    reader: str          # how `/read` names the essay (the author's surname, or the id)


def passage_for(item: QuizItem, essays: Mapping[str, Any]) -> Passage | None:
    """The sentence of the cited paragraph that shares most with the answer (then the question)."""
    essay = essays.get(item.essay) if item.essay else None
    if essay is None or item.paragraph is None:
        return None
    paragraph = essay.paragraph(item.paragraph)
    if paragraph is None:
        return None
    text = strip_markdown(paragraph.text)
    options = sentences(text) or [text]
    wanted = set()
    for answer in (item.answers if item.kind in ("short_answer", "cloze", "multiple_choice") else []):
        wanted |= set(analyse(answer).content)
    prompt_words = set(analyse(item.prompt.replace(BLANK, " ")).content)

    def score(sentence: str) -> tuple[int, int]:
        words = set(canonical(sentence).split())
        return len(wanted & words), len(prompt_words & words)

    best = max(options, key=score)
    if len(best) > MAX_QUOTE_CHARS:
        best = best[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
    from bot.corpus.authors import author_names

    names = author_names(getattr(essay, "author", ""))
    reader = names[0].surname.lower() if len(names) == 1 else essay.slug
    if sum(1 for e in essays.values() if any(n.surname.lower() == reader for n in author_names(e.author))) > 1:
        reader = essay.slug  # two essays by one author: the id is the unambiguous name
    return Passage(essay.slug, essay.title, essay.author, item.paragraph, best.strip(), reader)


def needs(result: GradeResult) -> tuple[str, ...]:
    """The key words a near miss lacked ("needs: institutions"), when the grader saw one."""
    if result.correct or result.why != "missing":
        return ()
    return tuple(w for w in result.words if w)


def title_of(slug: str, essays: Mapping[str, Any]) -> str:
    essay = essays.get(slug)
    return getattr(essay, "title", "") or slug
