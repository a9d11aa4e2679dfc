"""`Grader`, the public entry point: caches each item's facts (with the cited passage and the
essays' people), runs the word rules (`short_answer`, `choices`) and, for what they refuse, the
meaning rule (`meaning.Meaning`). A restarting model process never stops a quiz: the word rules'
verdict stands."""

from __future__ import annotations

import logging
from typing import Any, Callable, Mapping, Sequence

from bot.model.embedding import ModelUnavailable
from bot.quiz import glosses
from bot.quiz.attribution import people_of
from bot.quiz.grading.choices import grade_choice, shown_choices
from bot.quiz.grading.facts import ItemFacts, item_facts
from bot.quiz.grading.meaning import DEFAULT_SEMANTIC_THRESHOLD, Meaning
from bot.quiz.grading.result import GradeResult
from bot.quiz.grading.short_answer import grade_text
from bot.quiz.items import QuizItem
from bot.quiz.normalize import canonical
from bot.stopwords import FUNCTION_WORDS

log = logging.getLogger(__name__)

_HARD = ("negation", "direction", "guess_list", "opposite", "premise", "wrong_name", "other_actor", "relation")


class Grader(Meaning):
    """Grades any item; holds the optional encoder for meaning-based short answers.

    `encoder` may be an `bot.model.embedding.Embedder` (its `encode_async` keeps the model off the
    event loop), any object with `encode`, or a plain callable `list[str] -> array` (run in a
    thread). Rows must be L2-normalised so a dot product is the cosine. While the model process
    restarts (`ModelUnavailable`), answers are graded by the word rules alone: a quiz never stops
    for it, and only a paraphrase the rules cannot recognise is marked wrong in that window.

    `essays` (optional) returns the essays by slug: with it, the cited paragraph is true context
    an answer may draw on, and an answer that credits a person the paragraph does not name ("as
    Adam Tooze said") is refused. Without it the item's own texts are the only context.
    """

    def __init__(self, encoder: Any = None, semantic_threshold: float = DEFAULT_SEMANTIC_THRESHOLD,
                 essays: Callable[[], Mapping[str, Any]] | None = None):
        self._encoder = encoder
        self.semantic_threshold = semantic_threshold
        self._essays = essays
        self._facts: dict[tuple[str, str, str], ItemFacts] = {}
        self._people: tuple[frozenset[str], frozenset[str]] | None = None
        self._declared: dict[tuple[str, int], list[tuple[str, str]]] = {}

    def essays(self) -> Mapping[str, Any]:
        """The essays by slug (empty without a source): quizzes quote the cited passage after a miss."""
        return self._essays() if self._essays is not None else {}

    def facts(self, item: QuizItem) -> ItemFacts:
        """The item's facts (cached per item text; essays change rarely and only add context)."""
        essays = self._essays() if self._essays is not None else {}
        key = (item.id, item.prompt, item.answer)
        cached = self._facts.get(key)
        slugs = frozenset(essays)
        if self._people is None or self._people[0] != slugs:
            self._people = (slugs, people_of(essays.values()))
            self._facts.clear()
            cached = None
        if cached is not None:
            return cached
        essay = essays.get(item.essay) if item.essay else None
        context = ""
        other_names: tuple[str, ...] = ()
        if essay is not None:
            paragraph = essay.paragraph(item.paragraph) if item.paragraph else None
            context = " ".join(filter(None, [getattr(essay, "title", ""), getattr(essay, "author", ""),
                                             paragraph.text if paragraph is not None else ""]))
            if item.kind in ("short_answer", "cloze"):
                other_names = glosses.glosses_for(item.answers, self._glosses(item.essay, essay),
                                                  lambda a, b: canonical(a) == canonical(b))
        facts = item_facts(item, context=context, people=self._people[1], glosses=other_names)
        if len(self._facts) > 5_000:
            self._facts.clear()
        self._facts[key] = facts
        return facts

    def _glosses(self, slug: str, essay: Any) -> list[tuple[str, str]]:
        """The other names an essay gives for its terms (`bot.quiz.glosses`), read once per essay."""
        text = "\n\n".join(p.text for p in getattr(essay, "paragraphs", ()))
        key = (slug, hash(text))  # only read on a facts miss; an essay replaced under its slug is read again
        if key not in self._declared:
            if len(self._declared) > 200:
                self._declared.clear()
            self._declared[key] = glosses.pairs(text, lambda w: w.lower() in FUNCTION_WORDS)
        return self._declared[key]

    async def grade(self, item: QuizItem, given: int | str, choices: Sequence[str] | None = None) -> GradeResult:
        facts = self.facts(item)
        if item.kind in ("multiple_choice", "true_false"):
            shown = list(choices) if choices is not None else shown_choices(item)
            result = grade_choice(item, shown, given, facts)
            if result.reason == "invalid_choice" and result.why == "invalid_choice" and isinstance(given, str) \
                    and self._encoder is not None:
                try:
                    return await self._choice_by_meaning(item, shown, given, result, facts)
                except ModelUnavailable as exc:  # restarting: the word rules' verdict stands
                    log.warning("grading item %s by the word rules alone: %s", item.id, exc)
            return result
        result = grade_text(item, str(given), facts)
        if result.correct or result.reason != "wrong" or result.why in _HARD:
            return result
        return await self._short_answer_by_meaning(item, result, facts)
