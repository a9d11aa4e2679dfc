"""Checks against the server's essays, made at import: every item cites an essay the server has,
a paragraph it has, and a key that paragraph holds; and items without an essay get the one the
moderator chose. Imports `schema`."""

from __future__ import annotations

from typing import Any, Iterable

from bot.errors import UserError
from bot.quiz import lexicon
from bot.quiz.grading.analysis import analyse
from bot.quiz.items import QuizItem, shown
from bot.quiz.normalize import canonical, root
from bot.quiz.packs.schema import Pack, PackErrors, PackProblem


def check_citations(pack: Pack, items: list[QuizItem], essays: Iterable[Any],
                    problems: list[PackProblem] | None = None) -> None:
    """Every item names an essay the server has, a paragraph that essay has, and an answer that
    paragraph holds: a citation players cannot follow, or one that sends them to the wrong
    passage, is refused at import, not discovered in a quiz. Problems go to `problems`, or are
    raised together (`PackErrors`)."""
    found: list[PackProblem] = []
    by_slug = {e.slug: e for e in essays}
    for index, item in enumerate(items):
        where = index if index < len(pack.items) else None

        def problem(field_name: str, message: str, where: int | None = where, index: int = index,
                    item: QuizItem = item) -> PackProblem:
            if where is not None:
                return pack.problem(where, field_name, message)
            return PackProblem(None, f"item {index + 1} (id '{item.id}')", f"field '{field_name}': {message}")

        essay = by_slug.get(item.essay)
        if essay is None:
            known = ", ".join(sorted(by_slug)[:8]) or "none"
            found.append(problem("essay", f"no essay '{shown(item.essay, 80)}' here (known: {known})"))
            continue
        if item.paragraph is None:
            continue
        paragraph = essay.paragraph(item.paragraph)
        if paragraph is None:
            found.append(problem("paragraph", f"paragraph {item.paragraph} is out of range; '{essay.slug}' has "
                                              f"{len(essay.paragraphs)} paragraphs"))
            continue
        missing = answer_not_in_paragraph(item, essay)
        if missing:
            found.append(problem("paragraph", missing))
    if problems is not None:
        problems.extend(found)
    elif found:
        raise PackErrors(pack.name, found)


class _Words:
    """A paragraph's words, their stems and roots, for finding an answer in it."""

    def __init__(self, text: str):
        self.words = set(canonical(text).split())
        self.stems = {lexicon.stem(w) for w in self.words}
        self.roots = {root(w) for w in self.words}

    def has_any(self, answers: Iterable[str]) -> bool:
        return any(self.has(a) for a in answers)

    def has(self, answer: str) -> bool:
        words = [w for w in analyse(answer).content]
        if not words:
            return True
        return all(w in self.words or lexicon.stem(w) in self.stems or root(w) in self.roots for w in words)


def answer_not_in_paragraph(item: QuizItem, essay: Any) -> str | None:
    """Why a cloze or short answer's key is not in its cited paragraph (None when it is): every
    content word of the answer or of one accepted variant, in any of its forms, must be there.
    The message names the paragraphs where it does occur, if any. Choices and true/false
    statements paraphrase the text, so they are not checked."""
    if item.kind not in ("cloze", "short_answer") or item.paragraph is None:
        return None
    paragraph = essay.paragraph(item.paragraph)
    if paragraph is None or _Words(paragraph.text).has_any(item.answers):
        return None
    elsewhere = [p.number for p in essay.paragraphs if p.number != item.paragraph and _Words(p.text).has_any(item.answers)]
    answer = shown(item.answer, 60)
    where = (f"it is in paragraph {elsewhere[0]}" if len(elsewhere) == 1
             else f"it is in paragraphs {', '.join(map(str, elsewhere[:6]))}" if elsewhere
             else "it is in no paragraph of that essay")
    return f"the answer '{answer}' is not in paragraph {item.paragraph} of '{essay.slug}'; {where}"


def assign_essay(items: list[QuizItem], essay: str | None, *, name: str = "pack") -> list[QuizItem]:
    """Give items without an essay the one the moderator chose; the store files every item under one."""
    out = []
    for index, item in enumerate(items, start=1):
        if not item.essay:
            if not essay:
                raise UserError(f"{name}: item {index} (id '{item.id}') names no essay; choose the essay these questions are about")
            item = item.model_copy(update={"essay": essay})
        out.append(item)
    return out
