"""Other names an essay itself gives for a term: "the types of revolutionary, or “non-reformist,”
reforms" makes "revolutionary" the author's own other name for "non-reformist".

A teacher with the essay open accepts the word the author equates with the key, so the grader
does too, but only where the author says so in one of a few fixed ways:

- `A, or “B,”`: a quoted term introduced as another name for the words before it;
- `A, also called B` / `A, also known as B` / `A (also called B)`;

and only in the essay the item cites. "Vietnam or the second Iraq War" (no comma and no quotes)
and a list "Chile, Argentina, or Brazil" are not glosses: in a list the words before ", or" are
themselves preceded by a comma.
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Iterable

log = logging.getLogger(__name__)

_WORD = r"[A-Za-z][\w'’-]*"
_PATTERNS = [
    re.compile(rf"(?P<lead>[,;:]?)\s*(?P<a>{_WORD}(?:\s+{_WORD}){{0,3}}),\s+or\s+[“\"](?P<b>[^”\"]{{2,40}}?),?[”\"]"),
    re.compile(rf"(?P<lead>[,;:]?)\s*(?P<a>{_WORD}(?:\s+{_WORD}){{0,3}}),\s+also\s+(?:called|known\s+as)\s+[“\"]?"
               rf"(?P<b>{_WORD}(?:\s+{_WORD}){{0,3}}?)[”\"]?(?=[,.;:)]|$)"),
    re.compile(rf"(?P<lead>[,;:]?)\s*(?P<a>{_WORD}(?:\s+{_WORD}){{0,3}})\s+\((?:also\s+)?(?:called|known\s+as)\s+[“\"]?"
               rf"(?P<b>[^)”\"]{{2,40}}?)[”\"]?\)"),
]


def pairs(text: str, stop: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(name, other name) pairs an essay's text declares. `stop` says whether a word is a function
    word: the name is the words after the last one ("the types of revolutionary" -> "revolutionary")."""
    out: list[tuple[str, str]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if match.group("lead") == ",":
                continue  # "Chile, Argentina, or “Brazil”": a list, not another name
            words = match.group("a").split()
            while words and any(stop(w) for w in words):
                words = words[next(i for i, w in enumerate(words) if stop(w)) + 1:]
            if words:
                out.append((" ".join(words), match.group("b").strip()))
    if out:
        log.debug("glosses: %s", out)
    return out


def glosses_for(keys: Iterable[str], declared: list[tuple[str, str]], same: Callable[[str, str], bool]) -> tuple[str, ...]:
    """The other names `declared` gives for any of `keys` (either way round)."""
    found: list[str] = []
    for key in keys:
        for a, b in declared:
            if same(key, b) and not same(key, a):
                found.append(a)
            elif same(key, a) and not same(key, b):
                found.append(b)
    return tuple(dict.fromkeys(found))
