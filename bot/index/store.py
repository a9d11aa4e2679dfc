"""The essay index on disk: essays, paragraphs, chunks and an embedding cache in SQLite.

This database (`index.sqlite`) holds only derived data: it is rebuilt from `seeds/` plus the
essays moderators uploaded, whose text lives in the progress database (`bot.store`, backed up by
`tutorbot db backup`), so deleting this file loses nothing but time. Embeddings are keyed by (model id, SHA-256 of the chunk text): a restart or re-ingest
embeds only text the cache has not seen, and switching models never serves stale vectors.

Essays carry a scope: `guild_id` NULL for the shared seed essays, a server's id for an essay a
moderator of that server added, so one server's essays never show in another's answers.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import aiosqlite
import numpy as np

from bot.corpus.chunking import Chunk
from bot.corpus.essay import Essay, Paragraph

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS essays (
    slug TEXT PRIMARY KEY,
    guild_id INTEGER,              -- NULL: shared by every server
    title TEXT NOT NULL,
    short_title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL,
    published TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    chunking TEXT NOT NULL,        -- chunking parameters the chunks were made with
    added_by INTEGER,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TABLE IF NOT EXISTS paragraphs (
    essay TEXT NOT NULL REFERENCES essays(slug) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    PRIMARY KEY (essay, number)
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    essay TEXT NOT NULL REFERENCES essays(slug) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_essay ON chunks(essay);
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
);
CREATE TABLE IF NOT EXISTS argument_maps (
    essay TEXT PRIMARY KEY REFERENCES essays(slug) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,    -- the essay version the map was built from
    version INTEGER NOT NULL,      -- bot.corpus.argument.MAP_VERSION: older maps are rebuilt
    map TEXT NOT NULL              -- ArgumentMap.to_json()
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Where uploaded essays' text lives. An index written before uploads moved to the progress
# database ('index') still holds the only copy of them, to be adopted once; after that ('progress_db')
# an uploaded essay the progress database lacks is stale and is dropped from the index.
UPLOADS_KEY = "uploads_source"


@dataclass(frozen=True)
class StoredChunk:
    id: int
    essay: str
    paragraph: int
    char_start: int
    char_end: int
    text: str
    text_hash: str


class IndexStore:
    def __init__(self, db: aiosqlite.Connection, path: Path):
        self._db = db
        self.path = path

    @classmethod
    async def open(cls, path: Path) -> "IndexStore":
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA busy_timeout=5000")
        await db.execute("PRAGMA foreign_keys=ON")
        async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
            tables = {r[0] async for r in cur}
        await db.executescript(SCHEMA)
        if "meta" not in tables:
            legacy = "essays" in tables  # written by a tutorbot that kept uploads only here
            await db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (UPLOADS_KEY, "index" if legacy else "progress_db"))
        await db.commit()
        return cls(db, path)

    async def close(self) -> None:
        await self._db.close()

    # -- essays ---------------------------------------------------------------------------
    async def essay_states(self) -> dict[str, tuple[str, str, int | None]]:
        """slug -> (content_hash, chunking, guild_id): what ingest compares against."""
        async with self._db.execute("SELECT slug, content_hash, chunking, guild_id FROM essays") as cur:
            return {r["slug"]: (r["content_hash"], r["chunking"], r["guild_id"]) async for r in cur}

    async def load_essays(self) -> list[tuple[Essay, int | None]]:
        async with self._db.execute("SELECT * FROM essays ORDER BY guild_id IS NOT NULL, slug") as cur:
            rows = await cur.fetchall()
        async with self._db.execute("SELECT essay, number, section, text FROM paragraphs ORDER BY essay, number") as cur:
            paragraphs: dict[str, list[Paragraph]] = {}
            async for r in cur:
                paragraphs.setdefault(r["essay"], []).append(Paragraph(r["number"], r["text"], r["section"]))
        out = []
        for r in rows:
            essay = Essay(
                slug=r["slug"], title=r["title"], short_title=r["short_title"], author=r["author"],
                published=r["published"], source=r["source"], summary=r["summary"], path=r["path"],
                paragraphs=tuple(paragraphs.get(r["slug"], ())),
            )
            out.append((essay, r["guild_id"]))
        return out

    async def uploads_only_here(self) -> bool:
        """True for an index from before uploads moved to the progress database (adopt them once)."""
        async with self._db.execute("SELECT value FROM meta WHERE key = ?", (UPLOADS_KEY,)) as cur:
            row = await cur.fetchone()
        return row is not None and row[0] == "index"

    async def mark_uploads_adopted(self) -> None:
        await self._db.execute("UPDATE meta SET value = 'progress_db' WHERE key = ?", (UPLOADS_KEY,))
        await self._db.commit()

    async def upload_origins(self) -> dict[str, tuple[int | None, str]]:
        """slug -> (added_by, added_at) of the servers' essays, for adopting an old index's uploads."""
        async with self._db.execute("SELECT slug, added_by, added_at FROM essays WHERE guild_id IS NOT NULL") as cur:
            return {r["slug"]: (r["added_by"], r["added_at"]) async for r in cur}

    async def replace_essay(
        self, essay: Essay, chunks: Iterable[Chunk], *, chunking: str,
        guild_id: int | None = None, added_by: int | None = None,
        vectors: dict[str, np.ndarray] | None = None, model: str = "", argument_map: dict | None = None,
    ) -> None:
        """Write an essay, its paragraphs, chunks, argument map and new vectors in one transaction."""
        chunks = list(chunks)
        try:
            await self._db.execute("DELETE FROM essays WHERE slug = ?", (essay.slug,))
            await self._db.execute(
                "INSERT INTO essays (slug, guild_id, title, short_title, author, published, source, summary,"
                " path, content_hash, chunking, added_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (essay.slug, guild_id, essay.title, essay.short_title, essay.author, essay.published,
                 essay.source, essay.summary, essay.path, essay.content_hash, chunking, added_by),
            )
            await self._db.executemany(
                "INSERT INTO paragraphs (essay, number, section, text) VALUES (?,?,?,?)",
                [(essay.slug, p.number, p.section, p.text) for p in essay.paragraphs],
            )
            await self._db.executemany(
                "INSERT INTO chunks (essay, paragraph, char_start, char_end, text, text_hash) VALUES (?,?,?,?,?,?)",
                [(c.essay, c.paragraph, c.char_start, c.char_end, c.text, c.text_hash) for c in chunks],
            )
            if argument_map is not None:
                await self._db.execute(
                    "INSERT INTO argument_maps (essay, content_hash, version, map) VALUES (?,?,?,?)",
                    (essay.slug, argument_map["content_hash"], argument_map["version"], json.dumps(argument_map)))
            if vectors:
                await self._insert_vectors(model, vectors)
            await self._db.commit()
        except BaseException:
            await self._db.rollback()
            raise

    async def get_map(self, slug: str, content_hash: str, version: int) -> dict | None:
        """The stored argument map of this essay version, or None (missing, or built by older rules)."""
        async with self._db.execute("SELECT map FROM argument_maps WHERE essay = ? AND content_hash = ? AND version = ?",
                                    (slug, content_hash, version)) as cur:
            row = await cur.fetchone()
        return json.loads(row[0]) if row else None

    async def put_map(self, slug: str, argument_map: dict) -> None:
        """Store a map built after ingest (an index written before maps existed, or older rules)."""
        try:
            await self._db.execute("DELETE FROM argument_maps WHERE essay = ?", (slug,))
            await self._db.execute(
                "INSERT INTO argument_maps (essay, content_hash, version, map) SELECT ?,?,?,? WHERE EXISTS "
                "(SELECT 1 FROM essays WHERE slug = ?)",
                (slug, argument_map["content_hash"], argument_map["version"], json.dumps(argument_map), slug))
            await self._db.commit()
        except BaseException:
            await self._db.rollback()
            raise

    async def _rows_for_hashes(self, columns: str, model: str, hashes: Iterable[str]):
        """Rows of the embedding cache for many hashes, in batches under SQLite's variable limit."""
        wanted = list(dict.fromkeys(hashes))
        for i in range(0, len(wanted), 500):
            part = wanted[i: i + 500]
            marks = ",".join("?" * len(part))
            async with self._db.execute(
                f"SELECT {columns} FROM embeddings WHERE model = ? AND text_hash IN ({marks})", (model, *part)
            ) as cur:
                async for row in cur:
                    yield row

    async def get_vectors(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """Whatever of `hashes` the cache holds (sentence vectors are looked up this way)."""
        return {
            row[0]: np.frombuffer(row[1], dtype=np.float32)
            async for row in self._rows_for_hashes("text_hash, vector", model, hashes)
        }

    async def _insert_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        await self._db.executemany(
            "INSERT OR REPLACE INTO embeddings (model, text_hash, dim, vector) VALUES (?,?,?,?)",
            [(model, h, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
        )

    async def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        await self._insert_vectors(model, vectors)
        await self._db.commit()

    async def remove_essay(self, slug: str) -> bool:
        cur = await self._db.execute("DELETE FROM essays WHERE slug = ?", (slug,))
        await self._db.commit()
        return cur.rowcount > 0

    # -- chunks and vectors ---------------------------------------------------------------
    async def chunks(self) -> list[StoredChunk]:
        async with self._db.execute(
            "SELECT id, essay, paragraph, char_start, char_end, text, text_hash FROM chunks ORDER BY essay, id"
        ) as cur:
            return [StoredChunk(**dict(r)) async for r in cur]

    async def cached_hashes(self, model: str, hashes: Iterable[str]) -> set[str]:
        return {row[0] async for row in self._rows_for_hashes("text_hash", model, hashes)}

    async def vectors(self, model: str, hashes: list[str]) -> np.ndarray:
        """Vectors in the order of `hashes`; every hash must be cached."""
        found = await self.get_vectors(model, hashes)
        missing = [h for h in dict.fromkeys(hashes) if h not in found]
        if missing:
            raise LookupError(f"{len(missing)} chunk vectors missing from the cache for model {model}")
        if not hashes:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[h] for h in hashes])


def chunking_key(max_tokens: int, overlap: int, tokenizer: str) -> str:
    return json.dumps({"max_tokens": max_tokens, "overlap": overlap, "tokenizer": tokenizer}, sort_keys=True)
