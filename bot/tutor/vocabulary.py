"""The words of the essays a learner can see, and spelling correction towards them.

Learners type "sanctoins" and "creedalizm"; the essays say "sanctions" and "creedalism". A word
that is neither in the essays nor an English word is usually a typo of an essay word, so it is
corrected to the closest essay word with the same first letter (one edit away, two for long
words) (SymSpell's Damerau–Levenshtein lookup over the
essays' own vocabulary, weighted by how often each word occurs) before retrieval and before the
"not covered" decision. A real English word the essays happen not to use ("sourdough",
"filibuster") is never corrected: turning it into an essay word would answer a question nobody
asked; nor is a name capitalised mid-sentence ("How did Brexit…", "Das Kapital"), which the
learner meant as typed. Which words are English comes from the frequency list that ships with `symspellpy`.

A vocabulary belongs to a scope (the essays one server sees), so one server's uploads never
change another server's corrections.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from symspellpy import SymSpell, Verbosity

from bot.corpus.essay import Essay
from bot.stopwords import CHAT_WORDS, FUNCTION_WORDS
from bot.text import fold_accents

# letters of any alphabet: an ASCII-only word cut "Hulhumalé" to "Hulhumal", corrected it to
# "Hulhumale" and left the "é" after it ("Hulhumaleé", then never mentioned: FINAL-30, judged blind)
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*[^\W\d_]|[^\W\d_]")
MIN_CORRECTABLE = 4  # shorter tokens ("abt", "pls") are too ambiguous to correct
# Negations typed without an apostrophe ("shouldnt", "doesnt", "dont"): never corrected.
NEGATION = re.compile(r"^(?:(?:is|are|was|were|do|does|did|have|has|had|should|would|could|must|need|might|ca|wo|ai)"
                      r"n['’]?t|can['’]?t|won['’]?t|never|not|no|nor|none|nothing|nobody|neither)$", re.I)
LONG_WORD = 8  # from this length a typo may be two edits away ("neoconservtves")
BASE_FORM_CUT = 3  # letters an English base form may lack from an essay word ("bosnia"/"bosnians")
# A name in the English list this common (Google Books counts) is an ordinary word, not a name.
COMMON_WORD_COUNT = 30_000_000


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """English words and their corpus counts (about 83,000 words, from symspellpy's data)."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.partition(" ")
            if count.strip().isdigit():
                counts[word] = int(count)
    return counts


def is_english(word: str) -> bool:
    return word.lower() in english_counts()


def is_common_english(word: str, at_least: int = COMMON_WORD_COUNT) -> bool:
    return english_counts().get(word.lower(), 0) >= at_least


def words(text: str) -> list[str]:
    return WORD.findall(text)


# Chat spellings read as the words they stand for (silently: no "searched for" line).
CHAT_SPELLINGS = {"wat": "what", "wut": "what", "wats": "what's", "wuts": "what's", "whats": "what's", "r": "are",
                  "u": "you", "ur": "your", "abt": "about", "bc": "because", "cuz": "because", "coz": "because",
                  "ppl": "people", "smth": "something", "sth": "something", "rly": "really", "whos": "who's",
                  "hows": "how's", "wheres": "where's", "thats": "that's", "dont": "don't", "doesnt": "doesn't",
                  "didnt": "didn't", "cant": "can't", "isnt": "isn't", "wasnt": "wasn't", "shouldnt": "shouldn't",
                  "wouldnt": "wouldn't", "couldnt": "couldn't", "arent": "aren't", "wont": "won't", "im": "I'm",
                  "ive": "I've", "b4": "before", "w/": "with", "w/o": "without", "thru": "through", "tho": "though",
                  "y": "why"}
_CHAT_SPELLING = re.compile(r"(?<![\w'’/])(" + "|".join(sorted(map(re.escape, CHAT_SPELLINGS), key=len, reverse=True))
                            + r")(?![\w'’/])", re.I)


def standard_spelling(text: str) -> str:
    """The question with chat spellings written out ("wat is creedalism" -> "what is creedalism")."""
    def fix(match: re.Match) -> str:
        word = match.group(0)
        if word == "U" or (word.isupper() and len(word) > 1):
            return word  # "U.S.", "UR" as typed in capitals are not chat
        return CHAT_SPELLINGS[word.lower()]
    return _CHAT_SPELLING.sub(fix, text)


@dataclass(frozen=True)
class Correction:
    text: str  # the question with corrected words
    changes: tuple[tuple[str, str], ...]  # (as typed, corrected), in order

    @property
    def changed(self) -> bool:
        """Whether a word really changed: a plural or a possessive read as the essay's form
        ("potsherd" for "potsherds") is no typo, and a "searched for" line over it only reads as a
        correction the learner did not need."""
        return any(not _same_word(typed, corrected) for typed, corrected in self.changes)


def _same_word(a: str, b: str) -> bool:
    a, b = (re.sub(r"['’]s?$", "", w.lower()) for w in (a, b))
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 3 and long in (short + "s", short + "es"))


class Vocabulary:
    """Lower-cased words of a set of essays (titles and authors included), with counts."""

    def __init__(self, essays: Sequence[Essay]):
        counts: Counter = Counter()
        lower: Counter = Counter()  # occurrences written in lower case
        self._passages: list[frozenset[str]] = []  # the words of each paragraph (and title line)
        for essay in essays:
            for text in (f"{essay.title} {essay.short_title} {essay.author}", *(p.text for p in essay.paragraphs)):
                passage: list[str] = []
                # "Hulhumalé" read by the ASCII word pattern was "hulhumal", and a learner's "Hulhumale"
                # was "corrected" to it, then refused as never mentioned (FINAL-20, judged blind)
                for word in words(fold_accents(text)):
                    forms = [word] + (word.split("-") if "-" in word else [])  # "lend-lease" is also "lend lease"
                    forms += [f[:-2] for f in forms if f.lower().endswith(("'s", "’s"))]
                    for form in forms:
                        if not form:
                            continue
                        low = form.lower().replace("’", "'")
                        passage.append(low)
                        if form[0].islower():
                            lower[low] += 1
                counts.update(passage)
                self._passages.append(frozenset(passage))
        self.counts = counts
        # Names: words the essays only ever write capitalised ("Kosovo", "Cato", "Bessner").
        self.names = frozenset(w for w in counts if not lower[w] and w.isalpha())
        self._symspell: SymSpell | None = None

    def __contains__(self, word: str) -> bool:
        return fold_accents(word).lower() in self.counts

    def distinctive(self, word: str) -> bool:
        """A name in the essays, or a word that is not everyday English ("creedalism")."""
        low = fold_accents(word).lower()
        return low in self.counts and ((low in self.names and not is_common_english(low)) or not is_english(low))

    def known(self, word: str) -> bool:
        """In the essays (accents folded, as the essays' words are: "Hulhumalé" typed as the essay
        writes it is no typo), an English word, or a word of chat ("qué" is neither)."""
        low = word.lower()
        # (or an English word's stem: the dictionary has "maths" but not "math", which was "corrected"
        # to "matt" and "match": FINAL-38, judged blind)
        return fold_accents(low) in self.counts or is_english(low) or low in CHAT_WORDS or \
            (len(low) >= MIN_CORRECTABLE and is_english(low + "s"))

    def prepare(self) -> None:
        """Build the spelling dictionary now (in the thread building the scope), not on a question."""
        english_counts()
        self._speller()

    def _speller(self) -> SymSpell:
        if self._symspell is None:
            speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
            for word, count in self.counts.items():
                if len(word) >= MIN_CORRECTABLE - 1 and "'" not in word:
                    speller.create_dictionary_entry(word, count)
                    # An English word the essay word extends ("bosnia" in "bosnians"), so a typo of
                    # the base form ("bosina") is corrected too.
                    for cut in range(1, BASE_FORM_CUT + 1):
                        base = word[:-cut]
                        if len(base) >= MIN_CORRECTABLE and base not in self.counts and is_english(base):
                            speller.create_dictionary_entry(base, count)
            self._symspell = speller
        return self._symspell

    def suggest(self, word: str, context: Iterable[str] = ()) -> str | None:
        """The essay word a typo most likely meant, or None when it is not a typo.

        Among equally close words, the one that shares a paragraph with the question's other
        words wins ("gabriel borik" is "Gabriel Boric", not "Boris"), then the more frequent.
        """
        low = word.lower()
        if len(low) < MIN_CORRECTABLE or not low.isalpha() or self.known(low):
            return None
        distance = 1 if len(low) < LONG_WORD else 2
        # Typists rarely get the first letter wrong, and "Brexit" is not a typo of "exit".
        found = [s for s in self._speller().lookup(low, Verbosity.CLOSEST, max_edit_distance=distance)
                 if s.term[:1] == low[:1]]
        if not found:
            return None
        others = {w.lower() for w in context if w.lower() != low and w.lower() in self.counts
                  and w.lower() not in FUNCTION_WORDS}
        best = max(found, key=lambda s: (-s.distance, self._together(s.term, others), s.count))
        return best.term if best.term != low else None

    def _together(self, word: str, others: set[str]) -> int:
        if not others:
            return 0
        return sum(1 for passage in self._passages if word in passage and passage & others)

    def correct(self, text: str) -> Correction:
        """The text with every typo replaced by its essay word (case kept for capitalised words).
        Chat spellings ("wat", "r", "doesnt") are written out first, silently: they are no typo."""
        changes: list[tuple[str, str]] = []
        text = standard_spelling(text)

        context = words(text)

        def fix(match: re.Match) -> str:
            word = match.group(0)
            if word[0].isupper() and match.start() > 0 and text[:match.start()].strip()[-1:] not in ".?!":
                # a capitalised name typed mid-sentence ("Das Kapital") is meant as typed, unless it is a
                # misspelt name of the essays' own ("what does Penhalligon mean by …" was refused as
                # never mentioning "Penhalligon": para_dev, FINAL-27)
                named = self.suggest(word, context)
                if named is None or named not in self.names or self.known(word) or _in_unknown_name(text, match, self):
                    return word
                named = named[0].upper() + named[1:]
                changes.append((word, named))
                return named
            if NEGATION.match(word):
                return word  # "shouldnt" is "shouldn't", never "should": a correction must not flip a meaning
            low = word.lower()
            if low.endswith("s") and (low[:-1] in self.counts or low[:-1] in self.names):
                return word  # "walts", "ranas": a possessive typed without its apostrophe
            better = self.suggest(word, context)
            if better is None or better.lower() == low:
                return word
            if word[0].isupper():
                better = better[0].upper() + better[1:]
            changes.append((word, better))
            return better

        fixed = WORD.sub(fix, text)
        return Correction(fixed, tuple(changes))

    def share_known(self, tokens: Iterable[str]) -> float:
        tokens = [t for t in tokens if len(t) > 1]
        if not tokens:
            return 1.0
        return sum(self.known(t) for t in tokens) / len(tokens)


def _in_unknown_name(text: str, match: re.Match, vocabulary: "Vocabulary") -> bool:
    """Whether a capitalised word is part of a name of several words that the essays do not write:
    "São Paulo" is no misspelt "Paul" (FINAL-39, judged blind: "in São Paulo the metro close around
    midnight" was searched as "São Paul"), "Porto Alegre" no "Porto Allegro". The word next to it,
    capitalised too and itself no word of the essays, makes it so."""
    before = re.search(r"(\w+)\s+$", text[:match.start()])
    after = re.match(r"\s+(\w+)", text[match.end():])
    return any(m is not None and m.group(1)[:1].isupper() and m.group(1).lower() not in vocabulary.names
               and fold_accents(m.group(1).lower()) not in vocabulary.counts for m in (before, after))
