"""Multiple-choice and true/false answers by the word rules: a choice by index, letter, number or
text (`resolve_choice`, `grade_choice`), a typed choice that names two choices (a guess list) or
contradicts the one it names, another party in the choice's frame, and the choices as shown.
Imports `analysis`, `facts`, `rules`, `polarity` and `result`."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from bot.quiz import lexicon, negation
from bot.quiz.attribution import expand_acronyms
from bot.quiz.grading.analysis import (
    _NEGATION,
    _NUMERIC,
    _TF_NEGATION,
    Analysis,
    _content_set,
    _name_words,
    analyse,
    clauses,
)
from bot.quiz.grading.facts import NO_FACTS, ItemFacts, item_facts
from bot.quiz.grading.polarity import _read, contradiction
from bot.quiz.grading.result import GradeResult, _wrong
from bot.quiz.grading.rules import _countries_in, _country, _is_guess_list, _match_target, _word_match
from bot.quiz.items import FALSE_WORDS, TRUE_WORDS, QuizItem
from bot.quiz.normalize import STOP as _STOP
from bot.quiz.normalize import canonical, close_enough
from bot.text import clean_input, normalize_for_match


def shown_choices(item: QuizItem) -> list[str]:
    if item.kind == "true_false":
        return ["True", "False"]
    return list(item.choices)


def grade_choice(item: QuizItem, choices: Sequence[str], given: int | str, facts: ItemFacts | None = None) -> GradeResult:
    """A choice by index into the choices as shown, or typed as a letter, number or the text.

    A typed answer that names two choices is a guess list; one that picks a choice by its words but
    contradicts it ("American policymaking successes", "interregnum, from Adam Tooze") is wrong."""
    facts = facts if facts is not None else item_facts(item)
    if isinstance(given, str) and _DONT_KNOW.fullmatch(normalize_for_match(clean_input(given)).strip(" .!?")):
        return _wrong(clean_input(given), "dont_know", reason="dont_know")  # point to Skip, not to the letters
    full = clean_input(given) if isinstance(given, str) else ""
    if isinstance(given, str) and item.kind == "multiple_choice":
        given = _asserted(expand_acronyms(given, choices))  # "Indonesia, not Canada" names one choice
        named = _named_choices(given, choices)
        given_by_question = [i for i in named if _in_question(choices[i], facts)]
        if given_by_question and len(named) - len(given_by_question) == 1 and not re.search(r"\bor\b|/", full, re.I):
            # "$40 billion, on top of the $14 billion" when the question says "on top of an earlier $14
            # billion": the question's own given is context, not a second choice.
            named = [i for i in named if i not in given_by_question]
            return _checked_choice(item, choices, named[0], full, given, facts)
        if len(named) >= 2:  # two choices at once: it does not count, the player chooses again
            return _wrong(full, "guess_list", words=tuple(choices[i] for i in named), reason="invalid_choice")
    index = resolve_choice(item, choices, given, facts)
    if index is None:
        return _wrong(full or str(given), "invalid_choice", reason="invalid_choice")
    if isinstance(given, str) and item.kind == "multiple_choice" and not _is_letter(given, len(choices)):
        found = _choice_contradiction(full, given, choices, index, facts)
        if found:
            return _wrong(full, found[0], choices[index], found[1])
    return _choice_result(item, choices, index)


def _in_question(choice: str, facts: ItemFacts) -> bool:
    """A choice the question itself states ("on top of an earlier $14 billion")."""
    text = canonical(choice)
    return bool(text) and facts.prompt is not None and f" {text} " in f" {' '.join(facts.prompt.tokens)} "


def _checked_choice(item: QuizItem, choices: Sequence[str], index: int, full: str, asserted: str,
                    facts: ItemFacts) -> GradeResult:
    found = _choice_contradiction(full, asserted, choices, index, facts)
    if found:
        return _wrong(full, found[0], choices[index], found[1])
    return _choice_result(item, choices, index)


def _asserted(text: str) -> str:
    """A typed answer without the choices it excludes (`negation.asserted`)."""
    return negation.asserted(clean_input(text), clauses, _NEGATION)


def _choice_contradiction(full: str, asserted: str, choices: Sequence[str], index: int,
                          facts: ItemFacts) -> tuple[str, tuple[str, ...]] | None:
    """Why a typed answer that picks choice `index` still is not it: it contradicts the choice or
    the question (`contradiction`, on the whole answer), or it puts another party or place in the
    choice's frame (`_other_party`, on what it asserts)."""
    given_a = _read(analyse(full), facts)
    found = contradiction(given_a, full, _choice_facts(facts, choices[index]), choices[index])
    if found:
        return found
    others = _other_party(asserted, choices, index, facts)
    return ("other_actor", others) if others else None


def _other_party(text: str, choices: Sequence[str], index: int, facts: ItemFacts) -> tuple[str, ...]:
    """Names in the answer's first clause that neither the choice nor the question gives, when they
    take the place of a word of the choice ("coterminous with *China's* interests" for "the
    world's interests") or belong to another choice ("the foundation of domestic politics *in
    Latin America*", where "confined to Latin America" is another choice). A name beside a
    complete choice is context ("Tanzania, in East Africa")."""
    parts = clauses(text) or [text]
    choice_words = _content_set(choices[index])
    heads = [p for p in parts if any(_word_match(g, e, False) for g in analyse(p).content for e in choice_words)]
    head = " ".join(heads or parts[:1])
    words = head.split()
    found: list[str] = []
    run: list[str] = []   # consecutive name words are one name ("Latin America")
    for position, word in enumerate([*words, ""]):
        bare = word.strip(".,!?;:()\"'’")
        low = canonical(bare) if bare else ""
        is_name = bool(low) and low not in _STOP and (
            bare[:1].isupper() and (position > 0 or not lexicon.is_english(low)) or _country(low) is not None)
        if is_name:
            run.append(low)
            continue
        if run:
            found.append(" ".join(run))
            run = []
    chosen = _content_set(choices[index]) | _name_words(choices[index])
    own = set(chosen) | set(facts.prompt_words) | set(facts.prompt.tokens if facts.prompt else ())
    countries = _countries_in(" ".join(own))
    others = [name for name in dict.fromkeys(found)
              if not all(w in own or _same_name(w, own) for w in name.split())
              and (_country(name) is None or _country(name) not in countries)]
    if not others:
        return ()
    rivals = set().union(*(_content_set(c) | _name_words(c) for i, c in enumerate(choices) if i != index)) - chosen
    given = analyse(text)
    lacks = any(not any(_word_match(g, e, False) for g in given.content) for e in choice_words)
    if lacks or any(set(name.split()) & rivals for name in others):
        return tuple(others)
    return ()


_DONT_KNOW = re.compile(r"(?:i )?(?:don'?t|dont|do not) know|idk|dunno|no idea|not sure|no clue|pass|\?+|skip")


def _is_letter(given: str, count: int) -> bool:
    low = _CHOICE_LEAD.sub("", normalize_for_match(clean_input(given))).strip(" .)(:")
    return (len(low) == 1 and "a" <= low <= chr(ord("a") + count - 1)) or (low.isdecimal() and 1 <= int(low) <= count)


def _choice_facts(facts: ItemFacts, choice: str) -> ItemFacts:
    """The item's facts with one choice as the key (the other choices are not the key's words)."""
    words = _content_set(choice)
    return ItemFacts(key_words=words, answer_words=words, prompt_words=facts.prompt_words, prompt=facts.prompt,
                     context=facts.context, people=facts.people, key_negated=analyse(choice).negated,
                     relation=facts.relation, key_numbers=frozenset(w for w in canonical(choice).split() if _NUMERIC.fullmatch(w)),
                     key_names=_name_words(choice))


def _as_short(item: QuizItem, answer: str) -> QuizItem:
    return item.model_copy(update={"kind": "short_answer", "answer": answer, "choices": [], "accepted": []})


def _named_choices(text: str, choices: Sequence[str]) -> list[int]:
    """The choices an answer names in full ("NATO expansion and the Marshall Plan" names two)."""
    given = analyse(text)
    named = []
    for i, choice in enumerate(choices):
        target = analyse(choice)
        if not target.content:
            continue
        result = _match_target(given, choice, target.polarity)
        if result.full:
            named.append(i)
    return named


def _lacks_names(given: Analysis, text: str, choice: str, facts: ItemFacts) -> bool:
    """The key names an actor ("American", "NATO", "Kyoto Protocol") the answer does not, while the
    answer names another: a different actor, whatever else it shares ("Chinese policymaking
    failures", "expansion of the Warsaw Pact")."""
    key_names = {w for w in _proper_names(choice) if w not in _STOP}
    if not key_names:
        return False
    low = canonical(text)
    words = set(given.content) | set(low.split())
    countries = {i for i, forms in enumerate(lexicon.COUNTRY_FORMS) if any(re.search(rf"\b{f}\b", low) for f in forms)}
    missing = [n for n in key_names if n not in words and not _same_name(n, words)
               and (_country(n) is None or _country(n) not in countries)]
    if not missing:
        return False
    others = {w for w in _proper_names(text) if w not in _STOP and w not in key_names and w not in facts.prompt_words
              and not _same_name(w, key_names)}
    return bool(others) or len(missing) == len(key_names)


def _proper_names(text: str) -> frozenset[str]:
    """Words written with a capital, as `_name_words`, but not a capitalised first word that is an
    everyday word ("Keeping the federal government small", "Democratic socialists ..."), unless it
    names a country ("American policymaking failures")."""
    names = set(_name_words(text))
    first = re.match(r"\s*([\w'’.-]+)", clean_input(text))
    if first:
        word = canonical(first.group(1))
        if word and lexicon.is_english(word) and _country(word) is None and not re.search(rf"\b{re.escape(first.group(1))}\b",
                                                                                           clean_input(text)[len(first.group(0)):]):
            names.discard(word)
    return frozenset(names)


def _same_name(word: str, own: Iterable[str]) -> bool:
    """One name in two forms: "Chilean" and "Chile", "Argentine" and "Argentina" (a shared start of
    five letters, or the whole shorter name)."""
    for other in own:
        short, long_ = sorted((word, other), key=len)
        if len(short) >= 4 and (long_.startswith(short) or len(short) >= 5 and long_[:5] == short[:5]):
            return True
    return False


def _choice_result(item: QuizItem, choices: Sequence[str], index: int, similarity: float | None = None) -> GradeResult:
    chosen = choices[index]
    if item.kind == "true_false":
        correct = ("true" if index == 0 else "false") == item.answer
    else:
        correct = normalize_for_match(chosen) == normalize_for_match(item.answer)
    return GradeResult(correct, rule="choice" if correct else None, reason=None if correct else "wrong",
                       choice=index, answer=chosen, similarity=similarity,
                       why="choice" if correct else "wrong_choice", target=chosen)


_CHOICE_LEAD = re.compile(r"^(?:(?:i think|i guess|i'?d say|maybe|probably|my answer is|the answer is|answer|option|choice|it'?s|its|is)\s*[:\-]?\s*)+", re.I)
_TF_TRUE = (TRUE_WORDS - {"1", "0", "on", "off"}) | {"yep", "yeah", "yup", "agree", "agreed", "yes"}
_TF_FALSE = (FALSE_WORDS - {"1", "0", "on", "off"}) | {"nope", "nah", "disagree", "untrue"}


def _true_false(text: str) -> int | None:
    """ "i think it's true", "not true", "that's false": 0 for true, 1 for false."""
    tokens = re.findall(r"[a-z]+", normalize_for_match(text).replace("'", ""))
    if not tokens or len(tokens) > 8:
        return None
    lead = re.match(r"\s*([a-z]+)\s*[,.;:!\-]", normalize_for_match(text))
    if lead and (lead.group(1) in _TF_TRUE or lead.group(1) in _TF_FALSE):
        return 0 if lead.group(1) in _TF_TRUE else 1  # "no, it didn't": the verdict, then its reason
    verdicts = [0 if t in _TF_TRUE else 1 for t in tokens if t in _TF_TRUE or t in _TF_FALSE]
    if not verdicts or len(set(verdicts)) != 1:
        return None
    flips = sum(1 for t in tokens if t in _TF_NEGATION and t not in _TF_FALSE)
    return verdicts[0] ^ (flips % 2)


def resolve_choice(item: QuizItem, choices: Sequence[str], given: int | str, facts: ItemFacts | None = None) -> int | None:
    if isinstance(given, bool):
        given = "true" if given else "false"
    if isinstance(given, int):
        return given if 0 <= given < len(choices) else None
    text = clean_input(str(given))
    low = normalize_for_match(text).strip(" .)(")
    if not low:
        return None
    if item.kind == "true_false":
        verdict = _true_false(low)
        if verdict is not None:
            return verdict
    stripped = _CHOICE_LEAD.sub("", low).strip(" .)(:")
    for candidate in (low, stripped):
        if len(candidate) == 1 and "a" <= candidate <= chr(ord("a") + len(choices) - 1):
            return ord(candidate) - ord("a")
        # isdecimal, not isdigit: "𑁒" (a Brahmi number) is a digit int() cannot read (found by the
        # slow property test on a fresh CI run)
        if candidate.isdecimal() and 1 <= int(candidate) <= len(choices):
            if not any(canonical(c) == candidate for c in choices):
                return int(candidate) - 1
    m = re.fullmatch(r"([a-e])\s*[).:\-]\s*(.+)", stripped)  # "b) Argentina"
    if m and ord(m.group(1)) - ord("a") < len(choices):
        index = ord(m.group(1)) - ord("a")
        if close_enough(canonical(m.group(2)), canonical(choices[index])) or _choice_words(m.group(2), choices, facts) == [index]:
            return index
        return None  # the letter says one choice, the text another: ask again
    g = canonical(text)
    hits = [i for i, c in enumerate(choices) if close_enough(g, canonical(c))]
    if len(hits) == 1:
        return hits[0]
    if hits or _is_guess_list(text, [canonical(c) for c in choices]):
        return None
    words = _choice_words(text, choices, facts)
    if not words and len(clauses(text)) > 1:
        # "in the global South, in the periphery": one clause names the choice, the others are context;
        # clauses that name different choices still name two.
        words = sorted({i for part in clauses(text) for i in _choice_words(part, choices, facts)})
    return words[0] if len(words) == 1 else None


def _restates(choice: str, given: Analysis, prompt_words: frozenset[str]) -> bool:
    """A choice that says one thing twice ("In the periphery, outside metropole centers": a comma,
    no "and"/"or", so not a list) is named by all the words of either half ("in the periphery")."""
    if "," not in choice or re.search(r"\b(?:and|or)\b|&", choice, re.I):
        return False
    for half in choice.split(","):
        own = [e for e in analyse(half).content if e not in prompt_words]
        if own and all(any(_word_match(w, e, False) for w in given.content) for e in own):
            return True
    return False


def _choice_words(text: str, choices: Sequence[str], facts: ItemFacts | None = None) -> list[int]:
    """Choices the answer names: all of a choice's content words (with the usual extra-word
    budget), or else words found in one choice only ("policymaking failures") that cover at least
    half of what the choice says beyond the question's own words ("failures" alone is too vague)."""
    g = canonical(text)
    given = analyse(text, g)
    targets = [analyse(c) for c in choices]
    prompt_words = facts.prompt_words if facts is not None else frozenset()
    hits = [i for i, (c, t) in enumerate(zip(choices, targets))
            if t.content and _match_target(given, c, t.polarity, _choice_facts(facts, c) if facts else NO_FACTS).ok]
    if hits or not given.content:
        return hits
    out = []
    for i, t in enumerate(targets):
        if t.polarity != given.polarity:
            continue
        if not all(w in prompt_words or any(_word_match(w, e, e in t.names) for e in t.content) for w in given.content):
            continue  # every word of the answer is the choice's (or the question's own: "US security interests ...")
        own = [e for e in t.content if e not in prompt_words] or list(t.content)
        covered = sum(1 for e in own if any(_word_match(w, e, e in t.names) for w in given.content))
        if covered * 2 < len(own) and _restates(choices[i], given, prompt_words):
            covered = len(own)
        # A choice that pairs two things ("the ICC and the Kyoto Protocol") needs something of each.
        pairs = [analyse(p).content for p in re.split(r"\s+and\s+", choices[i]) if analyse(p).content]
        each = all(any(_word_match(w, e, e in t.names) for e in part for w in given.content) for part in pairs)
        if covered * 2 >= len(own) and each:
            out.append(i)
    return out
