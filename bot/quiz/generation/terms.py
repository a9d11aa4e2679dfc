"""Blankable terms of a sentence and the word-shape rules shared by every item kind.

A term is what an item may ask for: a quoted phrase, a name, a concept word of the essay
("unipolarity", "creedalism", "anti-imperial"), a figure. Why shapes: a distractor must have the
answer's grammatical form (plural or singular, adjective or noun, name or common noun, number or
word), or grammar alone gives the answer away. Why `reveals_answer` looks for opposites too: "a
multipolar order is preferable to ____" gives "unipolarity" away as surely as the word itself.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

from bot.quiz.items import BLANK
from bot.quiz.lexicon import opposite_by_prefix
from bot.quiz.normalize import canonical, close_enough, root
from bot.stopwords import FUNCTION_WORDS

STOP = FUNCTION_WORDS
CAP_FUNCTION = {"The", "This", "That", "These", "Those", "It", "In", "But", "And", "As", "A", "An", "We", "They",
                "He", "She", "Yet", "For", "If", "When", "While", "With", "Without", "Such", "Its", "Our", "Their",
                "Most", "Many", "Some", "All", "Any", "Both", "Each", "Even", "Instead", "Indeed", "Moreover",
                "However", "Thus", "So", "Still", "Over", "After", "Before", "During", "Across", "Along",
                "Besides", "Taken", "Given", "Relatedly", "Furthermore", "Critically", "Ultimately", "Above",
                "Recent", "Today", "Internally", "Externally", "Precisely", "Which", "What", "How", "Why",
                "Needless", "Unfortunately", "Writing", "Last", "Not", "From", "Through", "Regardless", "Rather",
                "Nowhere", "Going", "Leaders", "Organizations", "Take", "Together", "At", "By", "On", "To", "Of",
                "Or", "No", "None", "Part", "There", "Here", "Just", "Only", "I", "Securing", "Contesting"}
DEMONYMS = {"american", "americans", "european", "europeans", "russian", "russians", "ukrainian", "ukrainians",
            "chinese", "chilean", "israeli", "african", "asian", "british", "french", "german", "soviet",
            "western", "eastern", "bosnians", "democratic", "republican", "republicans", "democrats", "leftist",
            "leftists", "liberal", "liberals", "socialist", "socialists", "manichaean", "reaganite", "neocons"}
CONNECT = {"of", "the", "for", "de", "von", "van", "al", "on"}
# Concept words: the essays' own vocabulary of ideas (unipolarity, creedalism, anti-imperial).
_CONCEPT = re.compile(r"\b(?:[a-z]*(?:ism|isms|ization|archy|cracy|polarity|hegemony)|[a-z]{6,}ists?|"
                      r"(?:anti|non|self|neo|post)-[a-z]+(?:-[a-z]+)?)\b")
_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s(?:billion|million|trillion|thousand))?")
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?%")
_DECADE = re.compile(r"\b(?:1[5-9]|20)\d0s\b")
_YEAR = re.compile(r"\b(?:1[5-9]\d{2}|20\d{2})\b(?!s)")
_SCALED = re.compile(r"\b\d+(?:\.\d+)?\s(?:billion|million|thousand|trillion)\b")
_NUMBER = re.compile(r"(?<![\w.$])\d{2,}(?:,\d{3})*(?![\w%.,]\d)")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,45})[”\"]")
_CAPWORD = re.compile(r"[A-Z][A-Za-z'’.\-]*[A-Za-z]|[A-Z]\.?")
NUMERIC_KINDS = {"year", "decade", "money", "percent", "number"}
# Pairs that are the same idea in other words: never a distractor for each other (nor accepted
# as the answer: they are the grey zone, neither clearly right nor clearly wrong).
NEAR_SYNONYMS = [
    {"imperial", "colonial"}, {"imperialism", "colonialism"}, {"imperialist", "colonialist"},
    {"anti imperial", "anti colonial", "anti imperialist", "anti colonialist"},
    {"pax americana", "american century", "american hegemony", "american primacy"},
    {"hegemony", "primacy", "dominance"}, {"multipolarity", "multipolar order"},
    {"terror", "terrorism"}, {"war on terror", "global war on terror"},
]
_OPPOSED_PREFIX = re.compile(r"^(?:uni|multi|mono|poly|bi|anti|non|pro|post|pre|neo|counter|de|un|in|im|dis)-?")


@dataclass(frozen=True)
class Term:
    text: str
    kind: str          # quote | name | year | decade | money | percent | number | term | keyword
    start: int
    end: int

    @property
    def key(self) -> str:
        return canonical(self.text)


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract_terms(sentence: str) -> list[Term]:
    """Every blankable term in a sentence, with its type."""
    found: list[Term] = []
    spans: list[tuple[int, int]] = []

    def add(text: str, kind: str, start: int, end: int) -> None:
        if not overlaps(spans, start, end):
            found.append(Term(text.strip(), kind, start, end))
            spans.append((start, end))

    for regex, kind in ((_MONEY, "money"), (_PERCENT, "percent"), (_DECADE, "decade"), (_SCALED, "number"),
                        (_YEAR, "year"), (_NUMBER, "number")):
        for m in regex.finditer(sentence):
            add(m.group(0), kind, m.start(), m.end())
    for m in _QUOTED.finditer(sentence):
        inner = m.group(1).strip().rstrip(".,;:")
        words = inner.split()
        if 1 <= len(words) <= 6 and not (set(w.lower() for w in words) <= STOP):
            add(inner, "quote", m.start(1), m.start(1) + len(inner))
    for start, end in name_spans(sentence):
        add(sentence[start:end], "name", start, end)
    for m in _CONCEPT.finditer(sentence):
        if len(m.group(0)) >= (10 if re.search(r"ists?$", m.group(0)) else 7):
            add(m.group(0), "term", m.start(), m.end())
    return found


def name_spans(sentence: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (with "of", "the"... inside), minus sentence-initial function words."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\s—–]+", sentence)]
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []

    def close() -> None:
        while run and run[-1][2].strip(".,;:()\"“”'’").lower() in CONNECT:
            run.pop()
        if run:
            words = [w.strip(".,;:()\"“”'’") for _, _, w in run]
            single_initial = len(run) == 1 and run[0][0] == tokens[0][0]
            all_demonyms = all(w.lower() in DEMONYMS or w.lower() in CONNECT for w in words)
            if not (single_initial or all_demonyms or (len(words) == 1 and (words[0] in CAP_FUNCTION or len(words[0]) < 3))):
                start = run[0][0] + (len(run[0][2]) - len(run[0][2].lstrip("(\"“'‘")))
                last = run[-1]
                end = last[0] + len(last[2].rstrip(".,;:)\"”'’"))
                if last[2].endswith(("’s", "'s")):
                    end -= 2
                while run and words and words[0] in CAP_FUNCTION:
                    # "The International Criminal Court": keep the article out of the answer.
                    run.pop(0)
                    words.pop(0)
                    start = run[0][0] if run else end
                if run and start < end:
                    out.append((start, end))
        run.clear()

    for index, (start, end, word) in enumerate(tokens):
        bare = word.strip("(\"“'‘")
        is_cap = bool(bare) and bare[0].isupper() and _CAPWORD.match(bare) is not None
        if is_cap and not (index == 0 and bare.rstrip(".,;:") in CAP_FUNCTION):
            run.append((start, end, word))
            if re.search(r"[.,;:)\"”]$", word) and not re.search(r"\b[A-Z]\.$|U\.S\.$|U\.N\.$", word):
                close()
        elif run and word.lower() in CONNECT and not re.search(r"[.,;:]$", word):
            run.append((start, end, word))
        else:
            close()
    close()
    return out


def content_tokens(text: str) -> set[str]:
    return {w for w in canonical(text).split() if w not in STOP and len(w) >= 3}


def _bare_stem(word: str) -> str:
    """A word without an opposing or counting prefix: "unipolarity" and "multipolar" share "polar"."""
    return root(_OPPOSED_PREFIX.sub("", word))


def reveals_answer(prompt: str, answers: Iterable[str]) -> bool:
    """True if any answer, a content word of one, or its opposite ("multipolar" for
    "unipolarity") can be read in the prompt."""
    prompt_c = f" {canonical(prompt.replace(BLANK, ' '))} "
    prompt_tokens = set(prompt_c.split())
    for answer in answers:
        a = canonical(answer)
        if not a:
            continue
        if f" {a} " in prompt_c:
            return True
        for token in content_tokens(answer):
            if token in prompt_tokens or any(close_enough(token, p) == "typo" for p in prompt_tokens
                                             if len(p) >= 5 and len(token) >= 5):
                return True
            if len(token) >= 6:
                bare = _bare_stem(token)
                for p in prompt_tokens:
                    if len(p) >= 6 and (opposite_by_prefix(token, p) or (
                            len(bare) >= 5 and bare == _bare_stem(p) and root(p) != root(token))):
                        return True
    return False


def shown_share(prompt: str, answer: str) -> float:
    """The share of an answer's content words a prompt shows (a claim and its reason share their
    subject; a reason the prompt mostly shows is given away)."""
    words = content_tokens(answer)
    if not words:
        return 0.0
    shown = {root(w) for w in content_tokens(prompt.replace(BLANK, " "))}
    return sum(1 for w in words if root(w) in shown) / len(words)


def roots(text: str) -> set[str]:
    return {root(w) for w in canonical(text).split() if w not in STOP and len(w) >= 3}


def shape(text: str) -> tuple:
    """What grammar shows about an answer: number or word, name or common noun, plural, and
    whether the head word reads as an adjective or a noun."""
    words = text.split()
    last = re.sub(r"[^a-z]", "", words[-1].lower()) if words else ""
    if re.search(r"\d", text):
        return ("number", "decade" if re.search(r"\d0s\b", text) else "money" if "$" in text else
                "percent" if "%" in text else "year" if re.fullmatch(r"\d{4}", text.strip()) else "count")
    name = all(w[:1].isupper() for w in words if w.lower() not in CONNECT)
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is", "ics"))
    if last.endswith(("ism", "isms", "ity", "ities", "tion", "tions", "ment", "ments", "ness", "cy", "cies", "ance",
                      "ence", "ship", "hood", "archy", "ing", "ings", "wal", "wals", "oval", "osal", "ival", "ivals")):
        pos = "noun"
    elif last.endswith(("al", "ic", "ive", "ous", "ary", "ful", "less", "able", "ible", "ian", "ed", "ent", "ant")):
        pos = "adjective"
    elif last.endswith(("ist", "ists")):
        pos = "ist"
    else:
        pos = "other"
    return ("name" if name else "word", plural, pos)


def near_synonyms(a: str, b: str) -> bool:
    ka, kb = canonical(a), canonical(b)
    return any(ka in group and kb in group for group in ({canonical(w) for w in g} for g in NEAR_SYNONYMS))


def same_word(a: str, b: str) -> bool:
    """Near-duplicates or forms of one word ("transformed"/"transformation") are not distractors."""
    if re.search(r"\d", a) and re.search(r"\d", b):
        return a == b  # "1950s" and "1970s" look alike but are different answers
    if close_enough(a, b) or fuzz.ratio(a, b) >= 80 or a in b or b in a:
        return True
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 6 or prefix >= 0.7 * min(len(a), len(b))
