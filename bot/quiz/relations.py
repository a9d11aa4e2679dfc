"""Relation words that place a typed answer before, after, above or below the key.

"before 1989" and "after the 1950s" hold every word of the keys "1989" and "1950s", yet say
another time; "more than 30%" says another figure. A word rule that only checks the key's words
are there accepts them, so the grader reads the word that governs the key's number:

- **time**: before / prior to / until / pre- (earlier) and after / since / following / post-
  (later). "in", "during", "around", "about" and no word at all state the time itself.
- **quantity**: more than / over / above / at least (higher) and less than / under / below /
  fewer than / at most (lower). "about", "around", "nearly", "roughly" state the figure itself.

The question decides which relation restates it: "*After which year* ... ?" makes "after 1989"
the key said again (and "before 1989" the reverse), while "*In which decade* ... ?" makes both
"after the 1950s" and "before the 1950s" another decade. A key that carries its own relation word
("after 1989") is read the same way.

A roundabout way of naming the key's number is resolved first, so it is graded as the number it
names: "the decade after the 1940s" is the 1950s, "the year before 1990" is 1989, "two years
after 1987" is 1989, "1950-1959" is the 1950s (`resolve_offsets`).
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Sequence

log = logging.getLogger(__name__)

EARLIER, LATER, HIGHER, LOWER = "earlier", "later", "higher", "lower"

# Canonical word sequences (see `normalize.canonical`) and the relation each says. Longest first.
_RELATIONS: list[tuple[tuple[str, ...], str]] = sorted([
    *(((w,), EARLIER) for w in ("before", "until", "till", "pre", "preceding", "ahead")),
    (("prior", "to"), EARLIER), (("earlier", "than"), EARLIER), (("up", "until"), EARLIER),
    *(((w,), LATER) for w in ("after", "since", "following", "post", "afterwards")),
    (("later", "than"), LATER), (("from", "on"), LATER),
    *(((w,), HIGHER) for w in ("over", "above", "exceeding", "upwards", "beyond")),
    (("more", "than"), HIGHER), (("greater", "than"), HIGHER), (("higher", "than"), HIGHER),
    (("at", "least"), HIGHER), (("in", "excess", "of"), HIGHER), (("upwards", "of"), HIGHER),
    (("no", "less", "than"), HIGHER),
    *(((w,), LOWER) for w in ("under", "below", "beneath")),
    (("less", "than"), LOWER), (("fewer", "than"), LOWER), (("lower", "than"), LOWER), (("at", "most"), LOWER),
    (("up", "to"), LOWER), (("no", "more", "than"), LOWER), (("short", "of"), LOWER),
], key=lambda pair: -len(pair[0]))
# Words that may stand between a relation word and the number it governs ("after the early 1950s").
_BETWEEN = frozenset("the a an about around roughly approximately circa c some nearly almost just only early mid "
                     "late end start beginning of year years decade decades".split())
_NUMBER = re.compile(r"\d+(?:\.\d+)?s?")
_WH_TIME = re.compile(r"\b(?P<rel>[a-z]+(?: to| than)?) (?:which|what) (?:year|decade|date|period|time|century|month|"
                      r"point|figure|number|amount|level|share|percentage)\b")


def relation_at(tokens: Sequence[str], index: int) -> tuple[str, str] | None:
    """The relation word (and what it says) that governs the number at `tokens[index]`, if any."""
    end = index
    while end > 0 and tokens[end - 1] in _BETWEEN and not _is_relation_end(tokens, end):
        end -= 1
    for words, relation in _RELATIONS:
        start = end - len(words)
        if start >= 0 and tuple(tokens[start:end]) == words:
            return " ".join(words), relation
    return None


def _is_relation_end(tokens: Sequence[str], end: int) -> bool:
    """Whether `tokens[:end]` ends with a whole relation ("at least" must not lose "least" to the skip list)."""
    return any(end - len(words) >= 0 and tuple(tokens[end - len(words):end]) == words for words, _ in _RELATIONS)


def question_relation(prompt_tokens: Sequence[str], before_blank: Sequence[str] | None,
                      key_tokens: Sequence[str]) -> str | None:
    """The relation the question (or the key itself) puts its answer in: "After which year ...?"
    is `LATER`, "In which decade ...?" None (the time itself), a cloze "... since ____ ..." `LATER`
    (`before_blank`: the canonical words before its blank), a key "after 1989" `LATER`."""
    for index, token in enumerate(key_tokens):
        if _NUMBER.fullmatch(token):
            found = relation_at(key_tokens, index)
            if found:
                return found[1]
    if before_blank is not None:
        found = relation_at([*before_blank, "0"], len(before_blank))
        return found[1] if found else None
    match = _WH_TIME.search(" ".join(prompt_tokens))
    if match:
        words = tuple(match.group("rel").split())
        return next((relation for rel_words, relation in _RELATIONS if rel_words == words), None)
    return None


def relation_clash(tokens: Sequence[str], is_key_number: Callable[[str], bool], asked: str | None) -> str | None:
    """The relation phrase ("before 1989") that puts a number of the key somewhere the question does
    not ask, or None. `is_key_number` says whether a token is (a form of) one of the key's numbers."""
    for index, token in enumerate(tokens):
        if not _NUMBER.fullmatch(token) or not is_key_number(token):
            continue
        found = relation_at(tokens, index)
        if found is None:
            continue
        words, relation = found
        if relation != asked:
            log.debug("relation %r on %r where the question asks %r", words, token, asked)
            return f"{words} {token}"
    return None


# -- roundabout numbers ------------------------------------------------------------------------

_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "twenty": 20}
_OFFSET = re.compile(
    r"\b(?:the\s+)?(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty)?\s*"
    r"(?P<unit>years?|decades?)\s+(?P<dir>after|before|following|preceding|prior\s+to|later\s+than|earlier\s+than)\s+"
    r"(?:the\s+)?(?P<when>'?\d{2,4}(?:'?s)?)(?![\w%])", re.I)


def resolve_offsets(text: str) -> str:
    """ "the decade after the 1940s" -> "the 1950s", "the year before 1990" -> "1989", "two years
    after 1987" -> "1989": a number named by its distance from another is graded as that number."""

    def replace(match: re.Match[str]) -> str:
        count = match.group("count")
        n = 1 if count is None else int(count) if count.isdigit() else _COUNT_WORDS[count.lower()]
        unit = match.group("unit").lower()
        sign = 1 if match.group("dir").lower().split()[0] in ("after", "following", "later") else -1
        when = match.group("when").replace("'", "")
        decade = when.endswith("s")
        digits = when.rstrip("s")
        if not digits.isdigit():
            return match.group(0)
        value = int(digits)
        step = n * (10 if unit.startswith("decade") else 1)
        if decade and step % 10:
            return match.group(0)  # "the year after the 1940s" names no one number
        result = value + sign * step
        if len(digits) == 2:
            result %= 100
            out = f"{result:02d}"
        else:
            out = str(result)
        return ("the " if match.group(0).lower().startswith("the") else "") + out + ("s" if decade else "")

    return _DECADE_RANGE.sub(_decade, _OFFSET.sub(replace, text))


# "1950-1959", "1950 to 1959", "1950-59": the years of one decade are that decade.
_DECADE_RANGE = re.compile(r"\b(?:from\s+)?(?P<start>(?:1[5-9]|20)\d0)\s*(?:-|–|to|through|until)\s*(?P<end>(?:1[5-9]|20)?\d9)\b")


def _decade(match: re.Match[str]) -> str:
    start, end = match.group("start"), match.group("end")
    if end[-2:-1] != start[-2:-1] or (len(end) == 4 and end[:2] != start[:2]):
        return match.group(0)
    return f"{start}s"
