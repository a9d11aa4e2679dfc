"""Everything the tutor derives from the essays one server can see, built once per scope.

A scope is the shared essays plus a server's own uploads (direct messages and the terminal see
the shared ones). What the tutor learns from the text — the words it corrects spelling towards,
the names that scope a question, how rare each word is (which weighs coverage and the keyword
share of a quote) — must come from that scope alone: computed over every server's uploads, one
server's essay would move another server's answers.

Building a scope tokenises every paragraph and builds a spelling dictionary: tens of
milliseconds for the seeds, seconds for a large upload. So a new scope is built in a worker
thread, and scopes are cached by the identity of the essay objects the library holds (a reload
makes new objects, so a changed essay is a new scope; the cached scope keeps its essays alive,
so an identity is never reused while it is cached). No hashing of essay text per question.
"""

from __future__ import annotations

import asyncio
import math
import re
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from bot.corpus.authors import display_names, metadata_paragraphs, name_parts
from bot.corpus.essay import Essay
from bot.corpus.names import essay_names, merge
from bot.index.retrieval import query_tokens
from bot.stopwords import PASSAGE_KIND_WORDS
from bot.text import QUOTE_MAP, fold_accents, split_sentences
from bot.tutor.scope import EssayNames
from bot.tutor.vocabulary import Vocabulary, is_common_english, is_english

MAX_SCOPES = 64

# (pattern, places, kind, name) of every alias of a named thing, longest pattern first
# (built and cached on the scope by bot/tutor/named.py).
AliasPatterns = list[tuple[re.Pattern[str], tuple[tuple[str, int, int], ...], str, str]]


def normal_text(text: str) -> str:
    """Case-, quote-, dash- and accent-insensitive text, to find a term as a phrase (`bot.tutor.terms`):
    a learner types "Hulhumale" for the essay's "Hulhumalé"."""
    text = fold_accents(unicodedata.normalize("NFKC", text)).translate(QUOTE_MAP).lower()
    text = re.sub(r"[-–—_*]", " ", text)
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=8192)
def stems(text: str) -> tuple[str, ...]:
    """Stemmed content words, as BM25 sees them (cached: sentences recur across questions)."""
    return tuple(query_tokens(text))


# the passage-kind words, stemmed as the questions' words are
_PASSAGE_KIND_STEMS = frozenset(t for w in PASSAGE_KIND_WORDS for t in query_tokens(w))


@dataclass
class Scope:
    essays: list[Essay]
    key: tuple
    vocabulary: Vocabulary = field(init=False)
    names: EssayNames = field(init=False)
    _df: Counter = field(init=False)
    _paragraph_stems: dict[tuple[str, int], frozenset[str]] = field(init=False)
    alias_patterns: AliasPatterns | None = field(default=None, init=False, repr=False, compare=False)
    # where each phrase a question tried is written (`named._phrase_places`), for this scope's essays
    phrase_places_cache: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict, init=False, repr=False,
                                                                       compare=False)
    # whether an essay writes a word as a name mid-sentence (`named._named_mid_sentence`), per word
    written_as_name: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    # the cities the essays name, (city, essay, paragraph, sentence), once per scope (`bot.tutor.within`)
    named_cities: list[tuple[str, str, int, int]] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.vocabulary = Vocabulary(self.essays)
        self.vocabulary.prepare()
        self.names = EssayNames(self.essays)
        self.normalised = {(e.slug, p.number): normal_text(p.text) for e in self.essays for p in e.paragraphs}
        # Each paragraph's sentences, normalised: where a named thing sits is looked up per question,
        # and splitting a long upload's paragraphs then stalled the event loop (bench: 150-280 ms).
        self.normal_sentences = {(e.slug, p.number): [normal_text(p.text[a:b]) for a, b in split_sentences(p.text)]
                                 for e in self.essays for p in e.paragraphs}
        self.by_slug = {e.slug: e for e in self.essays}
        self.display = display_names(self.essays)
        # Each part of an author's name ("miriam", "okafor") and the essays whose authors carry it,
        # in essay order: read per question by the name grounding and the bylines handler.
        self.author_parts: dict[str, tuple[str, ...]] = {}
        for e in self.essays:
            for part in sorted(name_parts(e.author)):
                self.author_parts[part] = self.author_parts.get(part, ()) + (e.slug,)
        self.metadata = {e.slug: metadata_paragraphs(e) for e in self.essays}
        self._paragraph_stems = {(e.slug, p.number): frozenset(stems(p.text)) for e in self.essays
                                 for p in e.paragraphs}
        self._df = Counter(t for tokens in self._paragraph_stems.values() for t in tokens)
        # The named things the essays mention (people, places, works, years), for grounding.
        self.things = merge(essay_names(e, is_common=is_common_english, is_english=is_english,
                                        skip=self.metadata[e.slug]) for e in self.essays)

    @property
    def paragraphs(self) -> int:
        return len(self._paragraph_stems)

    def surname(self, slug: str) -> str:
        """The author as answers name them: the surname, or the full short name when two essays'
        authors here share the surname (`authors.display_names`)."""
        return self.display.get(slug, slug)

    def is_metadata(self, slug: str, number: int) -> bool:
        return number in self.metadata.get(slug, frozenset())

    def idf(self, term: str) -> float:
        return math.log((self.paragraphs + 1) / (self._df.get(term, 0) + 0.5))

    def weights(self, text: str) -> dict[str, float]:
        """The question's stemmed terms with their rarity in this scope (common words weigh little)."""
        return {t: max(0.0, self.idf(t)) for t in dict.fromkeys(stems(text))}

    def document_frequency(self, term: str) -> int:
        return self._df.get(term, 0)

    def paragraph_stems(self, slug: str, number: int) -> frozenset[str]:
        return self._paragraph_stems.get((slug, number), frozenset())

    def paragraphs_using(self, slug: str, numbers: Sequence[int], stem: str) -> int:
        """How many of the essay's paragraphs `numbers` use the word stem: a word in many of them is
        the essay's subject, not a clue to one passage (`nearest_other`, `handlers/asked_itself`)."""
        return sum(stem in self.paragraph_stems(slug, n) for n in numbers)

    def topic_weights(self, text: str) -> dict[str, float]:
        """`weights` without the words that say which kind of passage is wanted ("her justice argument,
        short version", "the nurse who cycles line"): a passage is about justice, not about an
        argument, so "argument" missing from it says nothing (para_dev: both refused as not covered)."""
        return {t: w for t, w in self.weights(text).items() if t not in _PASSAGE_KIND_STEMS}

    def coverage(self, text: str, places: Sequence[tuple[str, int]]) -> float:
        """The best share (idf-weighted) of the question's topic words that one of `places` holds."""
        weights = self.topic_weights(text)
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        return max((sum(w for t, w in weights.items() if t in self.paragraph_stems(*place)) / total
                    for place in places), default=0.0)


class Scopes:
    def __init__(self) -> None:
        self._cache: OrderedDict[tuple, Scope] = OrderedDict()
        self._lock = asyncio.Lock()

    @staticmethod
    def _key(essays: Sequence[Essay]) -> tuple:
        return tuple(sorted((e.slug, id(e)) for e in essays))

    def cached(self, essays: Sequence[Essay]) -> Scope | None:
        scope = self._cache.get(self._key(essays))
        if scope is not None:
            self._cache.move_to_end(scope.key)
        return scope

    async def get(self, essays: Sequence[Essay]) -> Scope:
        """The scope of these essays, built off the event loop the first time."""
        found = self.cached(essays)
        if found is not None:
            return found
        async with self._lock:  # one build per scope, even when a burst of questions asks for it
            found = self.cached(essays)
            if found is not None:
                return found
            key = self._key(essays)
            scope = await asyncio.to_thread(Scope, list(essays), key)
            self._cache[key] = scope
            while len(self._cache) > MAX_SCOPES:
                self._cache.popitem(last=False)
            return scope
