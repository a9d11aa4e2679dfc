"""The essay passage behind a quiz item, and one-line previews of paragraphs.

The question of the day's reveal, the digest's most-missed items and the study path all point
people back to the text. An item names its essay and paragraph; the quote is the item's own
`reference` sentence when it has one (the sentence it was written from), else the paragraph's
sentence that contains the answer, else the paragraph's opening sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from bot.corpus.essay import Essay, Paragraph
from bot.quiz.items import QuizItem
from bot.text import normalize_for_match, sentences, truncate

QUOTE_CHARS = 300
PREVIEW_CHARS = 110


@dataclass(frozen=True)
class Passage:
    essay: str
    title: str
    author: str
    paragraph: int
    quote: str

    def to_dict(self) -> dict:
        return {"essay": self.essay, "title": self.title, "author": self.author, "paragraph": self.paragraph,
                "quote": self.quote}


def essay_index(essays: Sequence[Essay]) -> dict[str, Essay]:
    return {e.slug: e for e in essays}


def reading_order(essays: Sequence[Essay]) -> dict[str, int]:
    """Essays in the order the library lists them: the order a reader meets them."""
    return {e.slug: n for n, e in enumerate(essays)}


def short_title(essay: Essay) -> str:
    return essay.display_short_title


def preview(paragraph: Paragraph, limit: int = PREVIEW_CHARS) -> str:
    """The paragraph's opening on one line, cut at a word boundary."""
    return truncate(" ".join(paragraph.text.split()), limit)


def passage_for(item: QuizItem | dict[str, Any], essays: Sequence[Essay] | dict[str, Essay]) -> Passage | None:
    """The cited passage of an item, or None when it names no paragraph the library has."""
    get = item.get if isinstance(item, dict) else lambda key, default=None: getattr(item, key, default)
    by_slug = essays if isinstance(essays, dict) else essay_index(essays)
    essay = by_slug.get(get("essay") or "")
    number = get("paragraph")
    if essay is None or not number:
        return None
    paragraph = essay.paragraph(int(number))
    if paragraph is None:
        return None
    return Passage(essay.slug, short_title(essay), essay.author, paragraph.number,
                   truncate(_quote(paragraph, get("reference"), get("answer")), QUOTE_CHARS))


def _quote(paragraph: Paragraph, reference: str | None, answer: str | None) -> str:
    said = sentences(paragraph.text)
    if reference:
        wanted = normalize_for_match(reference)
        for sentence in said:
            if wanted and wanted in normalize_for_match(sentence):
                return sentence
        return reference
    if answer and len(answer) >= 4 and answer.lower() not in ("true", "false"):
        wanted = normalize_for_match(answer)
        for sentence in said:
            if wanted in normalize_for_match(sentence):
                return sentence
    return said[0] if said else paragraph.text
