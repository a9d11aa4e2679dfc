"""Each essay's argument map as the tutor uses it, per essay version.

Maps are built at ingest and stored in the derived index (`argument_maps` in index.sqlite); one
missing there (an index written before maps existed, or by older rules) is built once, in the
model's process like every CPU-heavy job, and stored. A map is keyed by the essay's content hash,
so an edited or re-uploaded essay never answers from its old map.
"""

from __future__ import annotations

import asyncio
import logging

from bot.corpus.argument import MAP_VERSION, ArgumentMap
from bot.corpus.essay import Essay

log = logging.getLogger(__name__)


class ArgumentMaps:
    def __init__(self, store=None) -> None:
        self._store = store  # an IndexStore, or None (memory only)
        self._cache: dict[str, ArgumentMap] = {}
        self._lock = asyncio.Lock()

    def cached(self, essay: Essay) -> ArgumentMap | None:
        found = self._cache.get(essay.slug)
        return found if found is not None and found.content_hash == essay.content_hash else None

    async def of(self, essay: Essay, encoder) -> ArgumentMap:
        found = self.cached(essay)
        if found is not None:
            return found
        async with self._lock:
            found = self.cached(essay)
            if found is not None:
                return found
            data = None
            if self._store is not None:
                data = await self._store.get_map(essay.slug, essay.content_hash, MAP_VERSION)
            if data is None:
                data = (await encoder.map_async([essay]))[0]
                if self._store is not None:
                    await self._store.put_map(essay.slug, data)
            found = ArgumentMap.from_json(data)
            self._cache[essay.slug] = found
            return found

    async def all_of(self, essays, encoder) -> dict[str, ArgumentMap]:
        return {e.slug: await self.of(e, encoder) for e in essays}


def map_lines(argument: ArgumentMap, essay: Essay, *, paragraph: int | None = None, overview: bool = False) -> list[str]:
    """The map as a teacher checks it: each paragraph's sentences with their role, confidence and
    links, then the lists found. Plain lines for the terminal; the Discord view fits the same lines
    into one message per paragraph."""
    lines: list[str] = [f"{essay.title} ({essay.author}): argument map"]
    counts: dict[str, int] = {}
    for s in argument.sentences:
        counts[s.role] = counts.get(s.role, 0) + 1
    lines.append("roles: " + ", ".join(f"{role} {n}" for role, n in sorted(counts.items(), key=lambda kv: -kv[1])))
    current = None
    for s in argument.sentences:
        if paragraph is not None and s.paragraph != paragraph:
            continue
        if overview and s.role not in ("thesis", "conclusion"):
            continue  # the overview: where the essay states its position, and its lists
        if s.paragraph != current:
            current = s.paragraph
            lines.append(f"¶{s.paragraph}")
        links = "; ".join(f"{link.type} {link.paragraph}.{link.index + 1}" for link in s.links)
        text = s.text if len(s.text) <= 160 else s.text[:157].rstrip() + "…"
        lines.append(f"  {s.paragraph}.{s.index + 1} {s.role} ({s.confidence:.2f}){f' [{links}]' if links else ''}: {text}")
    lists = [e for e in argument.enumerations if e.items and (paragraph is None or e.paragraph == paragraph)]
    if lists:
        lines.append("lists:")
        for e in lists:
            items = "; ".join(f"{i.text[:60]}" + ("…" if len(i.text) > 60 else "") for i in e.items)
            lines.append(f"  {e.paragraph}.{e.index + 1} {e.count or len(e.items)} {e.noun or 'items'}: {items}")
    return lines
