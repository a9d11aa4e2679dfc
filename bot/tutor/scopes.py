"""Everything the tutor derives from the essays one server can see, built once per scope.

A scope is the shared essays plus a server's own uploads (direct messages and the terminal see
the shared ones). What the tutor learns from the text — the words it corrects spelling towards,
the names that scope a question, how rare each word is (which weighs coverage and the keyword
share of a quote) — must come from that scope alone: computed over every server's uploads, one
server's essay would move another server's answers. Scopes are cached by the identity of their
essays (slug and content hash), least recently used out.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from bot.corpus.authors import display_surname, metadata_paragraphs
from bot.corpus.essay import Essay
from bot.retrieval import query_tokens
from bot.tutor.scope import EssayNames
from bot.tutor.vocabulary import Vocabulary

MAX_SCOPES = 64


@lru_cache(maxsize=8192)
def stems(text: str) -> tuple[str, ...]:
    """Stemmed content words, as BM25 sees them (cached: sentences recur across questions)."""
    return tuple(query_tokens(text))


@dataclass
class Scope:
    essays: list[Essay]
    key: tuple
    vocabulary: Vocabulary = field(init=False)
    names: EssayNames = field(init=False)
    _df: Counter = field(init=False)
    _paragraph_stems: dict[tuple[str, int], frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.vocabulary = Vocabulary(self.essays)
        self.names = EssayNames(self.essays)
        self.by_slug = {e.slug: e for e in self.essays}
        self.metadata = {e.slug: metadata_paragraphs(e) for e in self.essays}
        self._paragraph_stems = {(e.slug, p.number): frozenset(stems(p.text)) for e in self.essays
                                 for p in e.paragraphs}
        self._df = Counter(t for tokens in self._paragraph_stems.values() for t in tokens)

    @property
    def paragraphs(self) -> int:
        return len(self._paragraph_stems)

    def surname(self, slug: str) -> str:
        essay = self.by_slug.get(slug)
        return display_surname(essay) if essay else slug

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

    def coverage(self, text: str, places: Sequence[tuple[str, int]]) -> float:
        """The best share (idf-weighted) of the question's words that one of `places` holds."""
        weights = self.weights(text)
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        return max((sum(w for t, w in weights.items() if t in self.paragraph_stems(*place)) / total
                    for place in places), default=0.0)


class Scopes:
    def __init__(self) -> None:
        self._cache: OrderedDict[tuple, Scope] = OrderedDict()

    def get(self, essays: Sequence[Essay]) -> Scope:
        key = tuple(sorted((e.slug, e.content_hash) for e in essays))
        scope = self._cache.get(key)
        if scope is None:
            scope = Scope(list(essays), key)
            self._cache[key] = scope
            while len(self._cache) > MAX_SCOPES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return scope
