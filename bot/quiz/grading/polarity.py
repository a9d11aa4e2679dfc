"""Negation and direction: `contradiction` (an opposite word, a denied key word, a premise of the
question flipped, a number placed where the question does not ask, a person the passage does not
credit), the answer read against the question's frame of lacking (`_read`), and an item's
polarity, which a neutral accepted answer inherits. Imports `analysis`, `facts` and `rules`."""

from __future__ import annotations

from dataclasses import replace as with_fields
from typing import Iterable

from bot.quiz import lexicon, negation, relations
from bot.quiz.attribution import wrong_name
from bot.quiz.grading.analysis import _FILLER, _NEGATION, Analysis, analyse
from bot.quiz.grading.facts import ItemFacts
from bot.quiz.grading.rules import _country, _generic, _word_match
from bot.quiz.items import QuizItem
from bot.quiz.normalize import STOP as _STOP

# Negation words that can be the question's own frame: "What does the left lack?" answered "a
# lack of a clear political agent" is not a negated answer.
_FRAME_NEGATIONS = frozenset("lack lacks lacking lacked shortage shortages absence absent missing".split())
_POSSESSION = frozenset("have has had having possess possesses possessed own owns".split())


def contradiction(given: Analysis, raw: str, facts: ItemFacts, target: str = "") -> tuple[str, tuple[str, ...]] | None:
    """Whether the answer says the opposite of the key or of the question, whatever the words it
    shares with them: a word that is the opposite of a key word ("unipolar" for "multipolar",
    "domestic" for "international", "mild" for "aggressive"), of a word of the question ("agree"
    when the question says they disagree), a word the question negates asserted ("both of which
    the US joined" when it asks which they opted not to join), or a person the item does not name.

    Also refused: a number of the key placed where the question does not ask ("before 1989" for
    "After which year ...?", `bot.quiz.relations`) and a key word inside a negation ("a multipolar
    order freed from capitalist authoritarianism", `bot.quiz.negation`).

    Returns (why, words): why is "relation", "negation", "opposite", "premise" or "wrong_name"."""
    own = set(given.content)
    key = set(facts.answer_words) | set(analyse(target).content if target else ())
    if facts.key_numbers:
        clash = relations.relation_clash(given.tokens, lambda t: _is_key_number(t, facts.key_numbers), facts.relation)
        if clash:
            return "relation", (clash,)
    if not facts.key_negated:
        denied = negation.negated_key_words(given.tokens, given.at, given.clause, given.neg_at,
                                            lambda t: t in key and not t.isdigit(),
                                            lambda t: _generic(t) or t in facts.prompt_words)
        if denied:
            return "negation", denied
    negated_words = {given.tokens[i] for i in given.at if _negated_at(given, i)}
    if given.negated:  # "it is not true that it was successful": the negation rule decides
        negated_words |= own
    for g in given.content:
        if g in key or g.isdigit() or g in negated_words:  # "not successful" agrees with "unsuccessful"
            continue
        if facts.key_negated and not given.neg_at:
            continue  # "a thin bench" restates "lacks a deep bench" (`negation.restates_negated_key`)
        for k in key:
            if k not in own and lexicon.opposite_words(g, k):
                return "opposite", (g, k)
    prompt = facts.prompt
    if prompt is not None:
        for g in given.content:
            if g in key or facts.free(g) and g in facts.prompt_words or g in negated_words:
                continue
            for k in facts.prompt_words:
                if k not in own and k not in key and lexicon.opposite_words(g, k):
                    return "premise", (g, k)
        flipped = _negation_flip(given, prompt, key)
        if flipped:
            return "premise", (flipped,)
        swapped = _frame_swap(given, prompt, facts, key)
        if swapped:
            return "premise", swapped
    name = wrong_name(raw, facts)
    if name:
        return "wrong_name", (name,)
    return None


def _is_key_number(token: str, numbers: Iterable[str]) -> bool:
    """A number of the answer that is one of the key's, in any form ("89", "50s" for "1989", "1950s")."""
    return any(token == n or _word_match(token, n, False) == "variant" for n in numbers)


def _negated_at(analysis: Analysis, index: int) -> bool:
    clause = analysis.clause[index] if analysis.clause else 0
    for j in range(max(0, index - 3), index):
        if (not analysis.clause or analysis.clause[j] == clause) and analysis.tokens[j] in _NEGATION \
                and analysis.tokens[j] not in _FRAME_NEGATIONS:
            return True
    return False


def _negation_flip(given: Analysis, prompt: Analysis, key: set[str]) -> str | None:
    """A word of the question (not of the key) that the answer negates where the question does not,
    or asserts where the question negates it."""
    prompt_at: dict[str, int] = {}
    for index, token in enumerate(prompt.tokens):
        if token in _STOP or token in _FILLER or (token in _NEGATION and token not in _FRAME_NEGATIONS):
            continue
        prompt_at.setdefault(lexicon.stem(token), index)
    # A clause that opens with a negation after the answer excludes a candidate ("..., not the old Pax
    # Americana"): excluding what the question itself sets aside agrees with it.
    excluded = {c for c, starts in enumerate(given.clause_starts_negated) if starts and c > 0}
    for index, token in enumerate(given.tokens):
        if token in _STOP or token in _FILLER or token in key or (token in _NEGATION and token not in _FRAME_NEGATIONS):
            continue
        if given.clause and given.clause[index] in excluded:
            continue
        where = prompt_at.get(lexicon.stem(token))
        if where is not None and _negated_at(given, index) != _negated_at(prompt, where):
            return token
    return None


def _frame_swap(given: Analysis, prompt: Analysis, facts: ItemFacts, key: set[str]) -> tuple[str, str] | None:
    """The question's own phrase with its modifier swapped, in the clause that holds the key: "30% of
    *rice* exports" when the question asks about "wheat exports". Another modifier of the question's
    noun is another question (a synonym, a form, a country's other name, the question's or the key's
    own words are not)."""
    first = next((given.content_clause(i) for i, g in enumerate(given.content) if g in key), None)
    key_clauses = {first}  # the clause that gives the answer; later ones are context ("(plus 20% of corn exports)")
    pairs: dict[str, set[str]] = {}
    for j in range(1, len(prompt.content)):
        if prompt.at[j] == prompt.at[j - 1] + 1:
            pairs.setdefault(prompt.content[j], set()).add(prompt.content[j - 1])
    for j in range(1, len(given.content)):
        x, y = given.content[j - 1], given.content[j]
        if given.at[j] != given.at[j - 1] + 1 or y not in pairs or given.content_clause(j) not in key_clauses:
            continue
        if not x.isalpha() or x in key or facts.free(x) or _country(x) is not None or x in given.names:
            continue
        if any(_word_match(x, p, False) for p in pairs[y]):
            continue
        return x, sorted(pairs[y])[0]
    return None


def _frame_free(given: Analysis, facts: ItemFacts) -> Analysis:
    """The answer read against the question's frame. "What does the left lack?" already says
    something is missing, so one negation in the answer restates it ("no clear agent", "a lack of a
    clear political agent" are the key), while two deny it ("it does not lack a clear political
    agent" says the left has one)."""
    if facts.prompt is None or facts.key_negated:
        return given
    if not any(t in _FRAME_NEGATIONS for t in facts.prompt.tokens):
        return given
    clause_neg = list(given.clause_neg)
    if not given.neg_at:
        if not any(t in _POSSESSION for t in given.tokens):
            return given
        clause_neg[0] += 1  # "they already have a clear political agent" denies the lack
        return Analysis(given.content, True, given.direction, given.names, given.tokens, given.at, given.clause,
                        tuple(clause_neg), given.clause_dir, given.clause_starts_negated, given.neg_at)
    first = given.neg_at[0]
    clause_neg[given.clause[first] if given.clause else 0] -= 1
    return Analysis(given.content, sum(clause_neg) % 2 == 1, given.direction, given.names, given.tokens, given.at,
                    given.clause, tuple(clause_neg), given.clause_dir, given.clause_starts_negated,
                    given.neg_at[1:])


def _read(given: Analysis, facts: ItemFacts) -> Analysis:
    """The answer's polarity as the key reads it: the question's frame of lacking taken off
    (`_frame_free`), and the opposite of a negated key's word counted as its negation ("a thin
    bench" for "it lacks a deep bench", `negation.restates_negated_key`)."""
    given = _frame_free(given, facts)
    if not facts.key_negated:
        return given
    word = negation.restates_negated_key(given.content, facts.key_words, lexicon.opposite_words)
    if word is None:
        return given
    clause_neg = list(given.clause_neg) or [0]
    clause_neg[0] += 1  # "not a thin bench" is two negations of the key's "lacks a deep bench"
    return with_fields(given, negated=not given.negated, clause_neg=tuple(clause_neg))


def item_polarity(item: QuizItem) -> tuple[bool, int]:
    """The direction of the item's main answer; a neutral accepted answer inherits it."""
    return analyse(item.answer).polarity


def _target_polarity(text: str, item_pol: tuple[bool, int]) -> tuple[bool, int]:
    own = analyse(text)
    return own.polarity if not own.neutral else item_pol
