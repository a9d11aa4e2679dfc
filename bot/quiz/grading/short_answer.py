"""The word rules for typed answers to short-answer and cloze items (`grade_text`, rules 1-5):
whole-answer comparisons, name order, parts in any order, guess lists, word by word, the
essay's own other names, and the most telling failure when nothing matched. Imports `analysis`,
`facts`, `rules`, `polarity` and `result`."""

from __future__ import annotations

import re

from bot.quiz import negation, places, relations
from bot.quiz.attribution import expand_acronyms
from bot.quiz.grading.analysis import analyse
from bot.quiz.grading.facts import ItemFacts, item_facts
from bot.quiz.grading.polarity import _read, _target_polarity, contradiction, item_polarity
from bot.quiz.grading.result import MAX_ANSWER_CHARS, GradeResult, Reason, _wrong
from bot.quiz.grading.rules import _is_guess_list, _Match, _match_target, _parts, _surname_first, _word_match
from bot.quiz.items import QuizItem
from bot.quiz.normalize import canonical, close_enough
from bot.text import clean_input

_AGAINST = re.compile(r"\bagainst\s+(?=[A-Za-z])", re.I)


def grade_text(item: QuizItem, given: str, facts: ItemFacts | None = None) -> GradeResult:
    """Rules 1-5 (everything except meaning), for short answer and cloze items."""
    facts = facts if facts is not None else item_facts(item)
    raw = clean_input(given or "")
    if len(raw) > MAX_ANSWER_CHARS:
        return _wrong(raw[:MAX_ANSWER_CHARS], "too_long", reason="too_long")
    work = expand_acronyms(raw, [*item.answers, item.reference or ""])
    answers = [a for a in item.answers if canonical(a)]
    expected = [canonical(a) for a in answers]
    work = relations.resolve_offsets(negation.contrast(places.shorten(work)))
    if any(w.startswith("anti") for e in expected for w in e.split()):
        work = _AGAINST.sub("opposition to ", work)  # the key's own frame: "against empire" is "anti-imperial"
    g = canonical(work)
    if not g:
        return _wrong(raw, "empty", reason="empty")
    given_a = _read(analyse(work, g), facts)
    for answer, e in zip(answers, expected):
        rule = close_enough(g, e)
        if rule:
            return GradeResult(True, rule=rule, answer=raw, why=rule, target=answer)
    flipped = _surname_first(work, expected)
    if flipped is not None:
        return GradeResult(True, rule="name_order", answer=raw, why="name_order", target=answers[expected.index(flipped)])
    # Multi-part answers ("Sweden and Finland") accept the same parts in any order.
    for answer in answers:
        e_parts = _parts(answer, with_and=True)
        if len(e_parts) >= 2:
            g_parts = _parts(work, with_and=True)
            if len(g_parts) == len(e_parts) and all(any(_part_match(gp, ep) for gp in g_parts) for ep in e_parts):
                found = contradiction(given_a, work, facts, answer)
                if found:
                    return _wrong(raw, found[0], answer, found[1])
                return GradeResult(True, rule="parts", answer=raw, why="parts", target=answer)
    if _is_guess_list(work, expected, facts):
        parts = _parts(work, with_and=not any(" and " in f" {e} " for e in expected))
        return _wrong(raw, "guess_list", words=tuple(parts), reason="guess_list")
    pol = item_polarity(item)
    results = [_match_target(given_a, answer, _target_polarity(answer, pol), facts) for answer in answers]
    accepted = sorted((r for r in results if r.ok), key=lambda r: len(r.words))
    found = contradiction(given_a, work, facts, accepted[0].target if accepted else answers[0])
    if found:
        return _wrong(raw, found[0], accepted[0].target if accepted else answers[0], found[1])
    if accepted:
        r = accepted[0]
        return GradeResult(True, rule="words", answer=raw, why="words", target=r.target, words=r.words,
                           context=r.context)
    for gloss in facts.glosses:  # the essay's own other name ("revolutionary, or “non-reformist,”")
        if close_enough(g, canonical(gloss)) or _match_target(given_a, gloss, _target_polarity(gloss, pol), facts).ok:
            return GradeResult(True, rule="gloss", answer=raw, why="gloss", target=gloss)
    return _explain(raw, results)


def _part_match(given: str, expected: str) -> bool:
    if close_enough(given, expected):
        return True
    g, e = analyse(given, given), analyse(expected, expected)
    return (len(g.content) == len(e.content) and g.polarity == e.polarity
            and all(_word_match(a, b, False) for a, b in zip(g.content, e.content)))


def _explain(raw: str, results: list[_Match]) -> GradeResult:
    """The most telling failure: a full match spoilt by polarity or guessing, else the closest miss."""
    full = [r for r in results if r.full]
    order = ("negation", "direction", "guess_list", "order", "extra_words")
    for why in order:
        hit = next((r for r in full if r.why == why), None)
        if hit is not None:
            reason: Reason = "guess_list" if why == "guess_list" else "wrong"
            return _wrong(raw, why, hit.target, hit.words, reason=reason)
    partial = sorted((r for r in results if r.why == "missing"), key=lambda r: -r.matched)
    if partial and partial[0].matched:
        return _wrong(raw, "missing", partial[0].target, partial[0].words)
    return _wrong(raw, "wrong", results[0].target if results else "")
