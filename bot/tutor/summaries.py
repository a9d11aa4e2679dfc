"""Each essay's key sentences, kept per essay version: what summaries and comparisons quote.

They are chosen by `bot.corpus.summary` over the same sentence vectors the tutor caches, once
per essay version (slug and content hash), when the tutor warms up after ingest or on the first
summary asked for, so an essay a moderator uploads gets its summary the same way as the seeds.
"""

from __future__ import annotations

import asyncio

from bot.corpus.essay import Essay
from bot.corpus.summary import EssaySentence, essay_sentences, key_sentences
from bot.text import strip_markdown, truncate
from bot.tutor.compose import SentenceVectors

SUMMARY_SENTENCES = 4
BLURB_CHARS = 300


class KeySentences:
    def __init__(self, vectors: SentenceVectors, k: int = SUMMARY_SENTENCES):
        self.vectors = vectors
        self.k = k
        self._cache: dict[tuple[str, str], list[EssaySentence]] = {}
        self._lock = asyncio.Lock()

    async def of(self, essay: Essay, encoder) -> list[EssaySentence]:
        """The essay's key sentences, most important first."""
        key = (essay.slug, essay.content_hash)
        found = self._cache.get(key)
        if found is not None:
            return found
        async with self._lock:
            if key in self._cache:
                return self._cache[key]
            sentences = essay_sentences(essay)
            if not sentences:
                self._cache[key] = []
                return []
            vectors = await self.vectors.encode(encoder, [strip_markdown(s.text) for s in sentences])
            title = (await self.vectors.encode(encoder, [essay.title]))[0] if essay.title else None
            chosen = key_sentences(sentences, vectors, len(essay.paragraphs), k=self.k, title_vector=title)
            self._cache = {k: v for k, v in self._cache.items() if k[0] != essay.slug}  # drop older versions
            self._cache[key] = [sentences[i] for i in chosen]
            return self._cache[key]

    async def blurb(self, essay: Essay, encoder) -> str:
        """One line saying what the essay argues: its own `summary:` when it has one."""
        if essay.summary:
            return truncate(essay.summary, BLURB_CHARS)
        key = await self.of(essay, encoder)
        return truncate(key[0].text, BLURB_CHARS) if key else ""
