"""The named things an essay mentions: people, organisations, places, events, works and years.

"does rana like biden", "what did rana write about the gaza war in 2023", "summarize walts book
the hell of good intentions": a question that names something is answered well only when the
tutor knows whether the essay mentions it. Mentioned, the answer quotes the sentences that do;
never mentioned, the answer says so first instead of quoting the nearest passage as if it were
about it.

Names are read off the essay text itself, for any essay alike:
- runs of capitalised words not at a sentence start ("Bernie Sanders", "Cato Institute",
  "New International Economic Order"), allowing "of", "the", "for", "and", "de" inside, and a
  sentence-initial word when the essay also writes it capitalised mid-sentence or it is no
  everyday English word ("Kosovo", "Bosnia");
- acronyms ("NATO", "U.S.") and years ("1989", "2008");
- works set in italics ("*Atlantic*", "*New York Times*").
Each name also answers to its aliases: a person's surname ("Sanders"), the distinctive word of an
organisation ("Cato"), and the initials of a name of three or more words ("NIEO"); and to its
word forms ("Bosnia" finds "Bosnians").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from bot.corpus.essay import Essay
from bot.text import split_sentences

_CONNECTORS = {"of", "the", "for", "and", "de", "da", "van", "von", "del", "la", "on", "in"}
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_CAP = rf"(?:[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}]+)*|[{_UPPER}]{{2,}}|[A-Z]\.(?:[A-Z]\.)+)"
_NAME_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:of|the|for|de|da|van|von|del|la|on)\s+)*{_CAP})*")
_POSSESSIVE = re.compile(r"[’']s?$")
_TITLES = {"president", "senator", "professor", "prime", "minister", "secretary", "secretary-general", "dr", "pope",
           "king", "queen", "general", "governor", "mayor", "chancellor", "un", "former", "historian"}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_ITALIC = re.compile(r"\*([A-Z][^*]{1,60})\*")
# Words that start a sentence capitalised but name nothing ("The", "But", "Despite").
_NOT_NAMES = {"i", "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "our", "they", "their",
              "he", "she", "his", "her", "but", "and", "or", "so", "yet", "if", "in", "on", "at", "by", "for", "to",
              "as", "of", "from", "with", "after", "before", "since", "when", "while", "although", "though", "even",
              "instead", "despite", "unlike", "like", "all", "both", "each", "every", "any", "some", "most", "many",
              "much", "more", "no", "not", "none", "one", "two", "three", "such", "there", "here", "what", "which",
              "who", "why", "how", "where", "whether", "then", "thus", "still", "also", "indeed", "however",
              "moreover", "meanwhile", "today", "now", "yes", "ok", "mr", "ms", "mrs", "dr", "st", "last", "next",
              "first", "second", "third", "finally", "above", "below", "across", "over", "under", "among", "during",
              "without", "within", "through", "about", "around", "against", "between", "into", "upon", "until",
              "because", "given", "rather", "taken", "consider", "take", "writing", "needless", "unfortunately",
              "ultimately", "together", "relatedly", "precisely", "part", "worse", "better", "americans"}


@dataclass
class NamedEntry:
    """One named thing of the essays and where they mention it."""

    name: str  # as the essays write it, the longest form
    aliases: set[str] = field(default_factory=set)  # lower-case forms that also refer to it
    places: list[tuple[str, int, int]] = field(default_factory=list)  # (essay, paragraph, sentence index)
    kind: str = "name"  # name | year | work

    @property
    def essays(self) -> set[str]:
        return {e for e, _, _ in self.places}


def _clean(run: str) -> str:
    words = run.split()
    while words and words[0].lower() in _CONNECTORS:
        words = words[1:]
    while words and words[-1].lower() in _CONNECTORS:
        words = words[:-1]
    return " ".join(words)


def _initials(name: str) -> str:
    words = [w for w in name.split() if w.lower() not in _CONNECTORS]
    return "".join(w[0] for w in words).upper() if len(words) >= 3 else ""


def essay_names(essay: Essay, *, is_common=lambda word: False, is_english=lambda word: False,
                skip: Iterable[int] = ()) -> dict[str, NamedEntry]:
    """The named things of one essay, keyed by their lower-case name.

    `is_common(word)` says whether a word is everyday English, `is_english(word)` whether it is
    English at all: a sentence's capitalised first word counts as a name only when the essay
    also writes it capitalised mid-sentence or it is no English word ("Kosovo" is; "Excessive"
    is not). `skip`: paragraphs left out (the bio)."""
    skipped = set(skip)
    mid_sentence: set[str] = set()
    found: list[tuple[str, int, int, bool]] = []  # (run, paragraph, sentence, at sentence start)
    for p in essay.paragraphs:
        if p.number in skipped:
            continue
        for index, (a, b) in enumerate(split_sentences(p.text)):
            sentence = p.text[a:b].replace("*", "")
            for match in _NAME_RUN.finditer(sentence):
                run = _clean(_POSSESSIVE.sub("", match.group(0)))
                if not run:
                    continue
                start = match.start() + match.group(0).find(run)
                at_start = not re.search(r"[A-Za-z0-9]", sentence[:start]) or bool(
                    re.search(r"[:;—]\s*[\"“(]?$", sentence[:start]))
                if not at_start:
                    mid_sentence.add(run.split()[0].lower())
                found.append((run, p.number, index, at_start))
            for match in _YEAR.finditer(sentence):
                found.append((match.group(1), p.number, index, False))
            for match in _ITALIC.finditer(p.text[a:b]):
                found.append((match.group(1).strip(), p.number, index, False))
    out: dict[str, NamedEntry] = {}
    expanded = []
    for run, number, index, at_start in found:
        expanded.append((run, number, index, at_start))
        parts = [x for x in re.split(r"\s+(?:of|the|for|de|da|van|von|del|la|on)\s+(?:the\s+)?", run) if x]
        if len(parts) > 1:  # "Daniel Bessner of the University of Washington": each part is a name too
            expanded += [(part, number, index, at_start and n == 0) for n, part in enumerate(parts)]
    for run, number, index, at_start in expanded:
        words = run.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
            words = words[1:]  # "President Donald Trump" is Donald Trump
            at_start = False
        if at_start:
            first = words[0].lower()
            # A run of two or more capitalised words is a name wherever it stands ("Bernie
            # Sanders said…"); one capitalised word opening a sentence only when it is no English word.
            if first in _NOT_NAMES or (len(words) == 1 and first not in mid_sentence
                                       and is_english(first.split("-")[0])):
                words = words[1:]
                while words and words[0].lower() in _CONNECTORS:
                    words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        low = name.lower()
        if low in _NOT_NAMES or len(low) < 2 or (len(words) == 1 and is_common(low) and low not in mid_sentence):
            continue
        kind = "year" if _YEAR.fullmatch(name) else "name"
        entry = out.setdefault(low, NamedEntry(name, kind=kind))
        entry.places.append((essay.slug, number, index))
        entry.aliases |= _aliases(name, is_common)
    return out


def _aliases(name: str, is_common) -> set[str]:
    words = name.split()
    out = {name.lower(), name.lower().replace(".", "")}
    if len(words) >= 2:
        last = words[-1]
        if len(last) >= 3 and not is_common(last.lower()) and last[0].isupper():
            out.add(last.lower())  # a person by surname, an organisation by its distinctive word
        first = words[0]
        if len(words) == 2 and len(first) >= 4 and not is_common(first.lower()) and words[1] in (
                "Institute", "Foundation", "Protocol", "Party", "Movement", "Alliance", "Doctrine", "Court"):
            out.add(first.lower())  # "Cato" for "Cato Institute"
    initials = _initials(name)
    if initials:
        out.add(initials.lower())
    return out


def merge(indexes: Iterable[dict[str, NamedEntry]]) -> dict[str, NamedEntry]:
    """Several essays' names in one index (a scope's)."""
    out: dict[str, NamedEntry] = {}
    for index in indexes:
        for key, entry in index.items():
            target = out.setdefault(key, NamedEntry(entry.name, kind=entry.kind))
            target.places += entry.places
            target.aliases |= entry.aliases
    return out
