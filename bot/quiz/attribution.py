"""Who an answer credits, and names written short.

- `wrong_name`: a person the answer credits that the item and its cited paragraph do not
  ("interregnum, from Adam Tooze" when the question names George Shulman, "creedalism, as Stephen
  Walt calls it" for Rana's term, "Tooze's creedalism"). Names typed in lower case count when the
  essays name that person (`people_of`).
- `expand_acronyms`: "the ICC" is "the International Criminal Court" when a key or choice spells
  that name out.

Part of the contradiction rule of `bot.quiz.grading`; kept apart because it reads names, not
meanings.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Iterable, Protocol

from bot.quiz import lexicon
from bot.quiz.normalize import STOP as _STOP
from bot.quiz.normalize import canonical
from bot.text import clean_input

log = logging.getLogger(__name__)


class _Facts(Protocol):
    """What `wrong_name` reads of an item's facts (`bot.quiz.grading.facts.ItemFacts`, frozen: read-only)."""

    @property
    def context(self) -> str: ...
    @property
    def people(self) -> frozenset[str]: ...
    @property
    def answer_words(self) -> frozenset[str]: ...


# Someone credited with the answer: "as Adam Tooze said", "George Shulman's term", "from Tooze".
_NAME = r"(?P<name>(?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+){0,2})"
_ATTRIBUTIONS = [
    re.compile(rf"\b(?:as|like)\s+{_NAME}\s+(?:said|says|put it|puts it|called it|calls it|call it|noted|notes|wrote|"
               rf"writes|argued|argues|observed|observes|claimed|claims|termed it|terms it|named it|names it|coined it|"
               rf"described it|describes it|has it|had it)\b"),
    re.compile(rf"{_NAME}(?:'s|’s|s'|’)\s+(?:own\s+)?(?:term|word|phrase|idea|concept|coinage|notion|label|name|"
               rf"expression|theory|argument|view|claim|book)\b"),
    re.compile(rf"\b(?:according to|coined by|attributed to|credited to|borrowed from|quoting|per)\s+{_NAME}"),
    re.compile(rf"\b(?:term|word|phrase|concept|idea|label)\s+(?:that\s+)?{_NAME}\s+(?:coined|uses|used|introduced|"
               rf"invented|made up|came up with)\b"),
    re.compile(rf"^(?:[^,]*?\s)?{_NAME}\s+(?:coined|called|calls|named|termed|said|says|wrote|argued|argues|noted)\b"),
]
_POSSESSIVE_NAME = re.compile(rf"{_NAME}(?:'s|’s|s'|’)\s+(?P<what>[\w-]+)")
# Weaker frames ("from X", "by X", "with X"): only a full name (two words) or a person the essays name.
_LOOSE_ATTRIBUTIONS = re.compile(rf"\b(?:from|by|with|in talks with)\s+{_NAME}")


_ACRONYM_SKIP = frozenset("of the and for on in to a an".split())


def expand_acronyms(raw: str, sources: Iterable[str]) -> str:
    """ "the ICC" is "the International Criminal Court" when a key or choice spells that name out:
    an acronym typed for a capitalised name the item uses counts as the name."""
    runs: dict[str, str] = {}
    for source in sources:
        for match in re.finditer(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|the|for|on)\s+)*[A-Z][\w'’-]*)+", source or ""):
            words = [w for w in match.group(0).split() if w.lower() not in _ACRONYM_SKIP]
            for start in range(len(words)):
                for end in range(start + 2, len(words) + 1):
                    runs.setdefault("".join(w[0] for w in words[start:end]).lower(), " ".join(words[start:end]))
    if not runs:
        return raw

    def replace(m: re.Match[str]) -> str:
        word = m.group(0)
        full = runs.get(word.lower())
        if full is None or not (word.isupper() or not lexicon.is_english(word)):
            return word
        return full

    return re.sub(r"\b[A-Za-z]{2,6}\b", replace, raw)


def wrong_name(raw: str, facts: _Facts) -> str | None:
    """A person the answer credits that the item and its paragraph do not: "interregnum, from Adam
    Tooze" when the question names George Shulman, "creedalism, as Stephen Walt calls it" for
    Rana's term. Names typed in lower case count when the essays name that person."""
    context = set(facts.context.split())
    text = clean_input(raw)
    found: list[tuple[str, bool]] = [(m.group("name"), True) for pattern in _ATTRIBUTIONS for m in pattern.finditer(text)]
    found += [(m.group("name"), False) for m in _LOOSE_ATTRIBUTIONS.finditer(text)]
    for m in _POSSESSIVE_NAME.finditer(text):  # "Tooze's creedalism": a person's possessive on the key itself
        following = canonical(m.group("what")).split()
        if following and following[0] in facts.answer_words:
            words = canonical(m.group("name")).split()
            known = " ".join(words) in facts.people or (words and words[-1] in {p.split()[-1] for p in facts.people})
            if known:
                found.append((m.group("name"), True))
    if facts.people:  # a person the essays name, typed in lower case in a frame
        low = canonical(text)
        for person in facts.people:
            if re.search(rf"\b(?:as|from|by|according to|with|coined by)\s+{re.escape(person)}\b", low) or \
                    re.search(rf"\b{re.escape(person)}(?: s)? (?:term|word|phrase|idea|concept|said|says|called|calls|coined)\b", low):
                found.append((person, True))
    for name, strong in found:
        words = [w for w in canonical(name).split() if w not in _STOP]
        if not words:
            continue
        known = " ".join(words) in facts.people or words[-1] in {p.split()[-1] for p in facts.people}
        if not strong and len(words) < 2 and not known:
            continue
        if not any(w in context for w in words):
            return name
    return None


def people_of(essays: Iterable[Any]) -> frozenset[str]:
    """Canonical names of the people essays name: their authors, and every run of two or three
    capitalised words in their text (a few are places or titles; they are only ever used inside a
    phrase that credits someone, such as "as X said")."""
    from bot.corpus.authors import author_names

    names: set[str] = set()
    for essay in essays:
        for name in author_names(getattr(essay, "author", "")):
            names.update({canonical(name.full), canonical(name.short), canonical(name.surname)})
        for paragraph in getattr(essay, "paragraphs", ()):
            for match in re.finditer(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’]+){1,2}\b", paragraph.text):
                words = canonical(match.group(0)).split()
                names.add(" ".join(words))
                names.add(" ".join(words[-2:]))  # "Economist Tom Reyes" at a sentence start is Tom Reyes
    return frozenset(n for n in names if n)
