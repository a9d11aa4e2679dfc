"""Word matching (rules 2-5 of the package docstring): one word against another (`_word_match`:
typo, form, synonym, phonetic name), one accepted answer against the given answer
(`_match_target`: missing, extra and rival words, order, polarity per clause), guess lists
(`_is_guess_list`) and a name written surname first. Imports `analysis` and `facts`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.quiz import lexicon
from bot.quiz.grading.analysis import (
    _CLAUSE_OPENERS,
    _NEGATION,
    _NUMERIC,
    Analysis,
    _content_words,
    _name_words,
    analyse,
)
from bot.quiz.grading.facts import NO_FACTS, ItemFacts
from bot.quiz.normalize import (
    JOINED_PREFIXES,
    MONTHS,
    NEGATING_PREFIXES,
    canonical,
    close_enough,
    root,
    roots,
    shorten_decades,
    word_typo,
)
from bot.quiz.normalize import STOP as _STOP
from bot.text import clean_input, normalize_for_match

# Synonyms that stand for each other inside an answer (general English, not about one essay).
_SYNONYM = {word: index for index, words in enumerate(lexicon.SYNONYM_SETS) for word in words}
# A name's generic head may be left out ("Iraq" for "Iraq War") unless what is left is only a
# modifier ("Cold" is not the Cold War).
_DROPPABLE_HEADS = frozenset({"war", "wars"})
_NOT_A_NAME_ALONE = frozenset("cold civil world great first second third holy new old gulf".split())
# Suffix families: two extra words of the same family as the answer are rival answers, not filler.
_FAMILIES = ("ism", "isms", "ist", "ists", "ian", "ians", "ity", "ation", "ations")
_PREPOSITIONS = frozenset({"of", "for", "on", "against", "in", "to", "by", "from", "with", "at"})

_GUESS_SPLIT = re.compile(r"\s*(?:,|;|/|\||\bor\b|\band/or\b|\n)\s*")
_GUESS_SPLIT_AND = re.compile(r"\s*(?:,|;|/|\||\bor\b|\band/or\b|\band\b|&|\n)\s*")
_UNITED = frozenset({"states", "kingdom", "nations"})  # "united states" is one name, one extra word


def _phonetic(word: str) -> str:
    """A rough sound of a name: "Kato" and "Cato", "Nierere" and "Nyerere" sound alike."""
    word = re.sub(r"^c(?=[aou])", "k", word)
    word = re.sub(r"ph", "f", word)
    word = re.sub(r"ck", "k", word)
    word = re.sub(r"(?<=[a-z])y", "i", word)
    return re.sub(r"(.)\1", r"\1", word)


def _word_match(g: str, e: str, e_is_name: bool, forms: bool = True) -> str | None:
    if g == e:
        return "exact"
    if _SYNONYM.get(g, -1) == _SYNONYM.get(e, -2):
        return "synonym"
    if re.search(r"\d", g + e):
        if shorten_decades(e) == g or shorten_decades(g) == e:
            return "variant"
        return "variant" if re.fullmatch(r"\d\d", g) and re.fullmatch(r"(?:19|20)\d\d", e) and e.endswith(g) else None  # '89
    if lexicon.opposite_words(g, e):
        return None
    prefix = next((p for p in JOINED_PREFIXES if g.startswith(p) and e.startswith(p) and min(len(g), len(e)) > len(p) + 3), None)
    if prefix and not e_is_name:  # "antiempire" for "antiimperial": the same prefix on two forms of one word
        rest = _word_match(g[len(prefix):], e[len(prefix):], False, forms)
        if rest in ("exact", "synonym", "form"):
            return rest
    if word_typo(g, e):
        return "typo"
    if e_is_name and len(e) >= 4 and _phonetic(g) == _phonetic(e):
        return "phonetic"
    if forms and not e_is_name and len(root(e)) >= 5 and root(g) == root(e):
        return "form"
    if forms and not e_is_name and {r for r in roots(g) if len(r) >= 7} & roots(e):
        return "form"  # "anticlericalism" for "anticlerical": one suffix more, whatever the crude root makes of it
    if forms and not e_is_name and lexicon.same_derivation(g, e):
        return "form"  # "empire" for "imperial"
    if forms and not e_is_name and lexicon.same_scale_end(g, e):
        return "synonym"  # "harsh sanctions" for "aggressive sanctions"
    if lexicon.antonym_of_negated(g, e):
        return "synonym"  # "a failure" for "unsuccessful"
    return None


@dataclass
class _Match:
    """How one accepted answer compares with the given answer, word by word."""

    target: str
    ok: bool
    why: str
    words: tuple[str, ...] = ()
    matched: int = 0          # how many of the target's content words were found
    full: bool = False        # every content word found (whatever else went wrong)
    total: int = 0            # how many content words the target has
    extras: tuple[str, ...] = ()   # words of the answer the target does not have (context included)
    context: tuple[str, ...] = ()  # of those, the words in clauses of context


def _in_order(positions: list[tuple[int, int, str]], given: Analysis) -> bool:
    """The target's words keep their order in the answer, or swap around a preposition ("the
    storming of the Capitol" for "Capitol riot"), or are two words that both changed form
    ("authoritarian capitalism" for "capitalist authoritarianism")."""
    by_answer = sorted(positions, key=lambda p: p[1])
    sequence = [p[0] for p in by_answer]
    if sequence == sorted(sequence):
        return True
    if len(positions) == 2 and not any(kind in ("exact", "synonym") for _, _, kind in positions):
        return True
    token_at = [given.at[p[1]] for p in by_answer]
    for split in range(1, len(sequence)):
        between = given.tokens[token_at[split - 1] + 1:token_at[split]]
        rotated = sequence[split:] + sequence[:split]
        if rotated == sorted(rotated) and any(t in _PREPOSITIONS for t in between):
            return True
    return False


def _excused_number(given: Analysis, index: int, facts: ItemFacts) -> bool:
    """A number in a clause of context that is not another guess: a year right after a month and
    day ("Jan. 6, 2021"), or a figure about something the question does not ask about ("30% (plus
    20% of corn exports)")."""
    at = given.at[index]
    tokens = given.tokens
    if at >= 2 and tokens[at - 2] in MONTHS.values() and tokens[at - 1].isdigit() and re.fullmatch(r"\d{4}", tokens[at]):
        return True
    if at >= 1 and tokens[at - 1] in MONTHS.values() and re.fullmatch(r"\d{4}", tokens[at]):
        return True
    if not given.clause or index >= len(given.at):
        return False
    rest = [tokens[j] for j in range(at + 1, min(len(tokens), at + 6)) if given.clause[j] == given.clause[at]]
    if rest and rest[0] == "percent":
        rest = rest[1:]
    if rest and rest[0] in ("of", "for", "in", "on"):
        nouns = [t for t in rest[1:] if t not in _STOP]
        return bool(nouns) and any(n not in facts.prompt_words and not facts.free(n) for n in nouns)
    return False


def _match_target(given: Analysis, target_raw: str, polarity: tuple[bool, int], facts: ItemFacts = NO_FACTS) -> _Match:
    target = analyse(target_raw)
    e_words = list(target.content)
    if not e_words:
        return _Match(target_raw, False, "wrong")
    used: set[int] = set()
    positions: list[tuple[int, int, str]] = []
    missing: list[str] = []
    flipped = False
    kinds = ("exact", "synonym", "variant", "typo", "phonetic", "form")
    for e_index, e in enumerate(e_words):
        best: tuple[int, int, str] | None = None
        for g_index, g in enumerate(given.content):
            if g_index in used:
                continue
            kind = _word_match(g, e, e in target.names, forms=len(e_words) > 1)
            if kind and (best is None or kinds.index(kind) < kinds.index(best[2])):
                best = (e_index, g_index, kind)
        if best is None:
            country = _country_words(e, given, used)  # "U.S. policymakers" are "American" ones
            if country:
                used.update(country[1:])
                best = (e_index, country[0], "synonym")
        if best is None and given.negated != polarity[0]:
            # "not successful" for "unsuccessful": the prefix moved into a negation word.
            prefix = next((p for p in NEGATING_PREFIXES if e.startswith(p) and len(e) - len(p) >= 4), None)
            hit = next((i for i, g in enumerate(given.content) if i not in used and prefix
                        and (_word_match(g, e[len(prefix):], False, forms=False)
                             or lexicon.same_derivation(g, e[len(prefix):]))), None)   # "didn't succeed"
            if hit is not None:
                best = (e_index, hit, "exact")
                flipped = True
        if best is None:
            missing.append(e)
        else:
            used.add(best[1])
            positions.append(best)
    head = {given.content_clause(i) for i in used}
    if used and 0 not in head and _main_clause_answers(given, facts):
        # "the euro, which replaced the dollar": the first clause gives the answer, the key is only context
        return _Match(target_raw, False, "wrong", matched=0, total=len(e_words))
    # A clause that opens with a negation and names nothing of the target excludes another answer
    # ("the dollar, not the euro"): its negation is not the answer's.
    excluded = {c for c, starts in enumerate(given.clause_starts_negated) if starts and c not in head and c != 0}
    extras_all = [(i, g) for i, g in enumerate(given.content) if i not in used and given.content_clause(i) not in excluded
                  and not (g == "united" and i + 1 < len(given.content) and given.content[i + 1] in _UNITED)]
    context_words = tuple(g for i, g in extras_all if given.content_clause(i) not in head)
    extras_shown = tuple(g for _, g in extras_all)
    if missing:
        droppable = (len(missing) == 1 and missing[0] in _DROPPABLE_HEADS and missing[0] == e_words[-1]
                     and positions and all(e_words[i] in target.names and e_words[i] not in _NOT_A_NAME_ALONE
                                           for i, _, _ in positions))
        if not droppable:
            return _Match(target_raw, False, "missing", tuple(missing), matched=len(positions), total=len(e_words),
                          extras=extras_shown, context=context_words)
    full = _Match(target_raw, False, "", matched=len(positions), full=True, total=len(e_words), extras=extras_shown,
                  context=context_words)
    negated, direction = given.polarity_without(excluded, head or None)
    if negated != (polarity[0] ^ flipped):
        full.why = "negation"
        return full
    if direction != polarity[1] and not all(_NUMERIC.fullmatch(e) or e == "percent" for e in e_words):
        full.why = "direction"  # a year or a figure has no direction: "after the end of the Cold War in 1989"
        return full
    if not _in_order(positions, given):
        full.why = "order"
        return full
    rivals = [g for i, g in extras_all if _rival(g, e_words, target.names) and not facts.free(g)
              and not (given.content_clause(i) not in head and re.match(r"\d", g) and _excused_number(given, i, facts))
              and not _excused_date(given, i)]
    extras = [g for i, g in extras_all if given.content_clause(i) in head and not _generic(g) and not facts.free(g)
              and not any(lexicon.same_scale_end(g, e) for e in e_words)]   # "full-scale total war"
    # Next to a name, another bare word is most likely another name ("Beinart Bessner"); words
    # after a preposition describe it instead ("Beinart, from the Atlantic").
    described = _after_preposition(given, used)
    bare = [g for i, g in enumerate(given.content) if i not in used and not _generic(g) and i not in described
            and given.content_clause(i) in head and not facts.free(g)]
    if rivals or (target.names and set(e_words) <= target.names and bare):
        full.why, full.words = "guess_list", tuple(rivals or bare)
        return full
    budget = 1 if len(e_words) <= 2 else 2 if len(e_words) <= 4 else 3
    if len(extras) > budget:
        full.why, full.words = "extra_words", tuple(extras)
        return full
    return _Match(target_raw, True, "words", tuple(extras), matched=len(positions), full=True, total=len(e_words),
                  extras=extras_shown, context=context_words)


def _generic(word: str) -> bool:
    """A word naming the kind of thing the answer is ("the NIEO initiative", "a sanctions regime"):
    allowed as an extra word, never another candidate."""
    return lexicon.stem(word) in lexicon.KIND_NOUNS


_FRACTIONS = frozenset("half halves third thirds quarter quarters fifth fifths tenth tenths nearly almost roughly "
                       "approximately around about circa".split())


def _main_clause_answers(given: Analysis, facts: ItemFacts) -> bool:
    """Whether the answer's first clause offers an answer of its own: it does not open as context
    ("during the war, ...", "probably, ...") and names something that is neither the question's
    nor the key's words, a kind of thing, or a person the essays name ("Rana says, ...")."""
    if not given.clause:
        return False
    first = [t for t, c in zip(given.tokens, given.clause) if c == 0]
    if not first or first[0] in _CLAUSE_OPENERS or first[0] in _PREPOSITIONS or first[0] in _NEGATION:
        return False
    people = {w for p in facts.people for w in p.split()}
    own = [g for i, g in enumerate(given.content) if given.content_clause(i) == 0]
    # Numbers are judged as rival numbers instead; a fraction restates a figure ("nearly a third (30%)").
    return any(not (facts.free(g) or _generic(g) or g in people or g[:1].isdigit() or g in _FRACTIONS) for g in own)


def _country_words(word: str, given: Analysis, used: set[int]) -> list[int]:
    """The answer's words that name the same country as `word` (one form of `lexicon.COUNTRY_FORMS`)."""
    for forms in lexicon.COUNTRY_FORMS:
        if word not in forms:
            continue
        for form in sorted(forms, key=lambda f: -len(f.split())):
            parts = form.split()
            for start in range(len(given.content) - len(parts) + 1):
                span = list(range(start, start + len(parts)))
                if not used & set(span) and list(given.content[start:start + len(parts)]) == parts:
                    return span
    return []


def _excused_date(given: Analysis, index: int) -> bool:
    """The year of a date ("January 6, 2021") is part of the date, not a second guess."""
    at = given.at[index]
    tokens = given.tokens
    return (re.fullmatch(r"\d{4}", tokens[at]) is not None and at >= 2 and tokens[at - 2] in MONTHS.values()
            and tokens[at - 1].isdigit())


def _after_preposition(given: Analysis, used: set[int]) -> set[int]:
    """Content words (by index) that follow a preposition coming after the matched words."""
    if not used:
        return set()
    last = given.at[max(used)]
    start = next((i for i in range(last + 1, len(given.tokens)) if given.tokens[i] in _PREPOSITIONS), None)
    if start is None:
        return set()
    return {i for i, at in enumerate(given.at) if at > start}


def _rival(word: str, expected: list[str], names: frozenset[str]) -> bool:
    """An extra word that is another candidate answer: a number next to a number, an -ism next to an -ism."""
    if re.fullmatch(r"\d+(?:\.\d+)?s?", word):
        return any(re.search(r"\d", e) for e in expected)
    family = next((f for f in _FAMILIES if word.endswith(f)), None)
    return family is not None and any(e.endswith(family) for e in expected)


def _parts(text: str, with_and: bool) -> list[str]:
    splitter = _GUESS_SPLIT_AND if with_and else _GUESS_SPLIT
    cleaned = normalize_for_match(re.sub(r"(\d),\s*(\d{4})\b", r"\1 \2", clean_input(text)))  # "January 6, 2021"
    return [canonical(p) for p in splitter.split(cleaned) if canonical(p)]


_DESCRIPTIVE = _PREPOSITIONS | _CLAUSE_OPENERS | frozenset("that as such".split())


def _appositive(raw_part: str, raw: str, facts: ItemFacts) -> bool:
    """A comma part that describes a name ("Peter Beinart, *a former liberal hawk*", "the Progressive
    International, *the global left alliance*"): the key is a name, the part opens with an article,
    the answer offers no alternative ("or"), the part names no one the question does not and holds
    none of the key's own words, and it says what kind of thing the answer is or uses the question's
    words."""
    if not (facts.answer_words and facts.answer_words <= facts.key_names):
        return False
    if not re.match(r"\s*(?:the|a|an)\s", raw_part, re.I) or re.search(r"\bor\b|/", raw, re.I):
        return False
    if any(w not in facts.prompt_words for w in _name_words(raw_part) if w not in _STOP):
        return False  # a name the question does not give: another candidate ("the Heritage Foundation")
    content = _content_words(canonical(raw_part))
    if any(w in facts.answer_words for w in content):
        return False  # the key's frame again with a word swapped: a rival ("a Socialist International")
    return any(_generic(w) or facts.free(w) for w in content)


def _candidate_part(part: str, expected: list[str], limit: int, facts: ItemFacts) -> bool:
    """A part of a list that could be an answer on its own: answer-sized, of the key's kind (a
    number for a number, a name for a name), and not a description ("independent of the security
    state"), an exclusion ("not the euro") or the question's own words."""
    words = part.split()
    if not words:
        return False
    if words[0] in _NEGATION or words[0] in _DESCRIPTIVE:
        return False
    if any(w in _DESCRIPTIVE for w in words[1:]):
        return False
    content = _content_words(part)
    if not content:
        return not analyse(part).neutral  # "cuts, raises": directions offered as alternatives
    if len(content) > limit:
        return False
    if all(facts.free(w) and w not in facts.answer_words for w in content) and facts.prompt_words:
        return False  # the question's own words ("securing labor rights" beside the third reform)
    name_key = bool(facts.answer_words) and facts.answer_words <= facts.key_names
    if all(_generic(w) or facts.free(w) and w not in facts.answer_words for w in content) \
            and any(_generic(w) for w in content) and (name_key or any(not _generic(w) for w in content)):
        return False  # a description of the answer's kind ("Cato, the libertarian think tank")
    numeric_key = all(re.search(r"\d", e) for e in expected)
    if numeric_key and not re.search(r"\d", part):
        return False
    if not numeric_key and all(re.fullmatch(r"\d+(?:\.\d+)?s?", w) for w in content):
        return False  # a year beside a word ("Economic (NIEO, 1970s)") is context, not another guess
    return True


def _is_guess_list(raw: str, expected: list[str], facts: ItemFacts = NO_FACTS) -> bool:
    """Several answer-sized parts joined by commas, slashes, "or" (or "and" when the answer has none
    and is a single word or name).

    Parts must each be about as long as the expected answer (in content words) and at least two
    of them must be candidates (see `_candidate_part`): "Putin or Xi" is a guess list, while "1989,
    when the Berlin Wall fell" or "the dollar, not the euro" are one answer with context.
    """
    expected_has_and = any(" and " in f" {e} " for e in expected)
    longest = max(len(_content_words(e)) for e in expected)
    shortest = min(len(_content_words(e)) for e in expected)
    parts = _parts(raw, with_and=not expected_has_and and shortest <= 1)
    if len(parts) < 2:
        return False
    if any(re.search(r"\b(?:is|are|was|were)\b \w", p) for p in parts[:-1]):
        return False  # "... are useful or a constraint": "or" inside a sentence, not between guesses
    limit = longest + 1 if longest <= 2 else longest
    raw_parts = _GUESS_SPLIT_AND.split(clean_input(raw)) if not expected_has_and and shortest <= 1 \
        else _GUESS_SPLIT.split(clean_input(raw))
    described = {canonical(p) for p in raw_parts[1:] if _appositive(p, raw, facts)}
    candidates = [p for p in parts if p not in described and _candidate_part(p, expected, limit, facts)]
    return len(candidates) >= 2


def _surname_first(raw: str, expected: list[str]) -> str | None:
    """ "Beinart, Peter" is "Peter Beinart" written as in an index."""
    pieces = [p.strip() for p in raw.split(",")]
    if len(pieces) != 2 or not all(pieces) or any(len(p.split()) > 2 for p in pieces):
        return None
    flipped = canonical(f"{pieces[1]} {pieces[0]}")
    return next((e for e in expected if close_enough(flipped, e)), None)


def _countries_in(text: str) -> set[int]:
    """The countries a canonical text names, by any of their forms ("united states", "american")."""
    return {i for i, forms in enumerate(lexicon.COUNTRY_FORMS) if any(re.search(rf"\b{f}\b", text) for f in forms)}


def _country(word: str) -> int | None:
    return next((i for i, forms in enumerate(lexicon.COUNTRY_FORMS) if word in forms), None)
