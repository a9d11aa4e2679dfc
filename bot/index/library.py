"""The library: the essays the tutor knows, kept in step with the on-disk index.

Ingest compares each essay's content hash and chunking parameters with what the index holds:
unchanged essays cost nothing (not even loading the model), changed ones are re-chunked, and
only chunk texts missing from the embedding cache are encoded. The in-memory retriever is
swapped atomically after a change, so questions in flight keep a consistent view.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable, Iterable

import numpy as np

from bot.config import Settings
from bot.corpus.essay import Essay, decode_essay_bytes, load_essay_dir, load_essay_file, parse_essay, slugify
from bot.errors import CorpusError, UserError
from bot.index.retrieval import Retriever, SearchResult
from bot.index.store import IndexStore, chunking_key
from bot.index.uploads import Undo, UploadRecords, persist_upload
from bot.model.embedding import Embedder
from bot.text import clean_input, strip_markdown

log = logging.getLogger(__name__)

EmbedderProvider = Callable[[], Awaitable[Embedder]]
ProgressCallback = Callable[[int, int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0


class Library:
    def __init__(self, settings: Settings, store: IndexStore, embedder: EmbedderProvider,
                 uploads: UploadRecords | None = None):
        self.settings = settings
        self.store = store
        self.uploads = uploads  # the progress database: where uploaded essays' text lives
        self._embedder = embedder
        self._lock = asyncio.Lock()
        self.essays: dict[str, Essay] = {}
        self.scopes: dict[str, int | None] = {}
        self.retriever: Retriever | None = None

    @classmethod
    async def open(cls, settings: Settings, embedder: EmbedderProvider, *,
                   uploads: UploadRecords | None = None) -> "Library":
        store = await IndexStore.open(settings.index_db)
        lib = cls(settings, store, embedder, uploads)
        await lib._load()
        return lib

    async def close(self) -> None:
        await self.store.close()

    @property
    def chunking(self) -> str:
        r = self.settings.retrieval
        return chunking_key(r.chunk_max_tokens, r.chunk_overlap_sentences, self.settings.model)

    # -- reading ----------------------------------------------------------------------------
    def essays_for(self, guild_id: int | None) -> list[Essay]:
        """Shared essays and the server's own, in a stable order."""
        return [e for s, e in self.essays.items() if self.scopes[s] is None or (guild_id and self.scopes[s] == guild_id)]

    def get_essay(self, slug: str, guild_id: int | None) -> Essay | None:
        essay = self.essays.get(slug)
        if essay is None:
            return None
        scope = self.scopes[slug]
        return essay if scope is None or (guild_id and scope == guild_id) else None

    async def search(self, query: str, *, k: int | None = None, guild_id: int | None = None, essay: str | None = None) -> SearchResult:
        query = self.validate_query(query)
        if essay is not None and self.get_essay(essay, guild_id) is None:
            raise UserError(f"no essay with the id '{essay}'; see the list of essays")
        retriever = await self.ensure_retriever()
        if retriever is None or not len(retriever):
            raise UserError("no essays are available here yet; a moderator can add one with /essay add")
        await self.prepare_scope(guild_id)
        embedder = await self._embedder()
        qvec = (await embedder.encode_async([query]))[0]
        return retriever.search_vector(query, qvec, k=k or self.settings.retrieval.default_k, guild_id=guild_id, essay=essay)

    async def prepare_scope(self, guild_id: int | None) -> None:
        """Build the keyword index for what `guild_id` sees, off the event loop, before a search.

        The shared scope's index is built with the retriever; a server with essays of its own
        gets its own index (see `bot.index.retrieval.KeywordIndex`) on its first question."""
        retriever = await self.ensure_retriever()
        if retriever is not None and not retriever.has_keyword_index(guild_id):
            await asyncio.to_thread(retriever.keyword_index, retriever.allowed_essays(guild_id))

    def validate_query(self, query: str) -> str:
        query = clean_input(query or "")
        limit = self.settings.retrieval.max_query_chars
        if not query:
            raise UserError("the question is empty; type a question about the essays")
        if len(query) > limit:
            raise UserError(f"the question is {len(query):,} characters long; the limit is {limit:,}")
        return query

    # -- writing ----------------------------------------------------------------------------
    async def ingest_folder(self, folder: Path | None = None, *, progress: ProgressCallback | None = None) -> IngestReport:
        """Bring the shared essays in line with a folder: add, update, and drop removed files."""
        folder = Path(folder or self.settings.seeds_dir)
        essays = load_essay_dir(folder)  # raises CorpusError before anything changes
        report = await self.ingest_essays(essays, guild_id=None, added_by=None, progress=progress)
        folder_paths = {str(Path(e.path).resolve().parent) for e in essays}
        present = {e.slug for e in essays}
        async with self._lock:
            for slug, essay in list(self.essays.items()):
                if self.scopes[slug] is None and essay.path and str(Path(essay.path).resolve().parent) in folder_paths and slug not in present:
                    await self.store.remove_essay(slug)
                    report.removed.append(slug)
            if report.removed:
                await self._load()
        return report

    async def ingest_files(self, paths: Iterable[Path], *, progress: ProgressCallback | None = None) -> IngestReport:
        essays = [load_essay_file(Path(p)) for p in paths]
        slugs = [e.slug for e in essays]
        if len(set(slugs)) != len(slugs):
            raise CorpusError("two of the files would get the same essay id; rename one")
        return await self.ingest_essays(essays, guild_id=None, added_by=None, progress=progress)

    async def add_essay_upload(self, filename: str, data: bytes, *, guild_id: int, added_by: int) -> Essay:
        """A moderator's upload: validated and embedded before anything is written, then its text
        committed to the progress database and only then indexed (see `bot.index.uploads`)."""
        if self.uploads is None:
            raise UserError("this library was opened without the progress database, which keeps uploaded essays")
        suffix = Path(filename).suffix.lower()
        if suffix not in {".txt", ".md", ".markdown"}:
            raise CorpusError(f"{filename}: only .txt and .md essays are accepted")
        # Decoding and parsing up to 2 MB of text is CPU work: off the event loop.
        text, essay = await asyncio.to_thread(_decode_and_parse, data, filename)
        slug = essay.slug
        existing = self.scopes.get(slug, "absent")
        if existing != "absent" and existing != guild_id:
            # Another scope owns that id: give this server's essay its own.
            slug = f"{slug}-{slugify(str(guild_id))[-4:]}"
        essay = Essay(**{**essay.__dict__, "slug": slug, "path": ""})
        persist = persist_upload(self.uploads, guild_id, essay, filename=Path(filename).name[:200], text=text,
                                 actor_id=added_by)
        await self.ingest_essays([essay], guild_id=guild_id, added_by=added_by, persist=persist)
        return essay

    async def remove_essay(self, slug: str, *, guild_id: int | None, actor_id: int | None = None) -> Essay:
        """Remove an essay; a server may remove only its own, the CLI (None) only shared ones.
        A server's essay leaves the progress database first (audited), then the index."""
        async with self._lock:
            essay = self.essays.get(slug)
            if essay is None or self.scopes[slug] != guild_id:
                raise UserError(f"no essay '{slug}' that this server added; shared essays are managed by the operator")
            if guild_id is not None and self.uploads is not None:
                await self.uploads.delete_essay(guild_id, slug, actor_id=actor_id)
            await self.store.remove_essay(slug)
            await self._load()
        # Its cached vectors stay: they are keyed by text hash, so re-adding the essay costs
        # nothing, and the cache is derived data (index.sqlite may be deleted at any time).
        return essay

    async def ingest_essays(
        self, essays: list[Essay], *, guild_id: int | None, added_by: int | None,
        progress: ProgressCallback | None = None, persist: Callable[[], Awaitable[Undo]] | None = None,
    ) -> IngestReport:
        """Index these essays in scope `guild_id` (None: shared) where the index lacks them as they
        are, then reload. `persist` runs after embedding and before the index is written (an
        upload's text goes to the progress database there); the undo it returns runs if the index
        write fails."""
        report = IngestReport()
        async with self._lock:
            states = await self.store.essay_states()
            todo: list[Essay] = []
            for essay in essays:
                state = states.get(essay.slug)
                if state and state[2] != guild_id:
                    raise UserError(f"the essay id '{essay.slug}' is already used by another server's essay")
                if state and state[0] == essay.content_hash and state[1] == self.chunking:
                    report.unchanged.append(essay.slug)
                else:
                    (report.changed if state else report.added).append(essay.slug)
                    todo.append(essay)
            if todo:
                embedder = await self._embedder()
                r = self.settings.retrieval
                # Chunking counts word pieces with the model's tokenizer: done by the model's owner.
                chunked = list(zip(todo, await embedder.chunk_async(
                    todo, max_tokens=r.chunk_max_tokens, overlap=r.chunk_overlap_sentences)))
                # The argument map (roles, links, lists) is derived at ingest too, so an upload gets one.
                maps = await embedder.map_async(todo)
                all_hashes = [c.text_hash for _, chunks in chunked for c in chunks]
                cached = await self.store.cached_hashes(embedder.model_id, all_hashes)
                new = {c.text_hash: c.embed_text for _, chunks in chunked for c in chunks if c.text_hash not in cached}
                # One encode call for every new chunk of every essay: the model sorts a batch by
                # length, so one large call pads less than one call per essay.
                encoded: np.ndarray | list[np.ndarray] = await embedder.encode_async(list(new.values())) if new else []
                vectors_by_hash = dict(zip(new.keys(), encoded))
                undo = await persist() if persist else None
                try:
                    for n, (essay, chunks) in enumerate(chunked):
                        vectors = {c.text_hash: vectors_by_hash[c.text_hash] for c in chunks if c.text_hash in vectors_by_hash}
                        await self.store.replace_essay(
                            essay, chunks, chunking=self.chunking, guild_id=guild_id, added_by=added_by,
                            vectors=vectors, model=embedder.model_id, argument_map=maps[n],
                        )
                        report.chunks_total += len(chunks)
                        if progress:
                            progress(n + 1, len(todo))
                except BaseException as exc:
                    if undo is not None:
                        await undo(exc)
                    raise
                report.chunks_embedded = len(vectors_by_hash)
                await self._load()
            elif persist:  # already indexed as it is (a repeated upload): the database still records it
                await persist()
        return report

    async def drop_essays(self, slugs: Iterable[str]) -> None:
        """Remove essays from the index and from memory (no audit, no progress database: for
        bringing the index in line with the database, `bot.index.uploads`)."""
        async with self._lock:
            for slug in slugs:
                await self.store.remove_essay(slug)
            await self._load()

    async def reload_if_stale(self) -> bool:
        """Reload the in-memory essays when the index (maybe written by another process sharing
        the data folder) differs from them; True if it did. Nothing is rebuilt when they agree."""
        async with self._lock:  # an ingest of this process holds it until its own reload is done
            states = await self.store.essay_states()
            held = {slug: (essay.content_hash, self.scopes.get(slug)) for slug, essay in self.essays.items()}
            on_disk = {slug: (state[0], state[2]) for slug, state in states.items()}
            if held == on_disk:
                return False
            await self._load()
        return True

    async def _load(self) -> None:
        """Reload essay metadata; the retriever is rebuilt lazily at the next search."""
        rows = await self.store.load_essays()
        self.essays = {e.slug: e for e, _ in rows}
        self.scopes = {e.slug: g for e, g in rows}
        self.retriever = None
        self._stale_retriever = True

    async def ensure_retriever(self) -> Retriever | None:
        """Build the in-memory index from the database (vectors from the cache, not the model)."""
        if not getattr(self, "_stale_retriever", True):
            return self.retriever
        async with self._lock:
            if not self._stale_retriever:
                return self.retriever
            # Only essays this library holds: another process sharing the index file may have
            # written an essay this one has not loaded yet (the change feed reloads it soon).
            chunks = [c for c in await self.store.chunks() if c.essay in self.essays]
            if not chunks:
                self.retriever, self._stale_retriever = None, False
                return None
            embedder = await self._embedder()
            hashes = [c.text_hash for c in chunks]
            cached = await self.store.cached_hashes(embedder.model_id, hashes)
            missing = {c.text_hash: strip_markdown(c.text) for c in chunks if c.text_hash not in cached}
            if missing:
                # Index built with another model: embed what this model has not seen.
                log.warning("re-embedding %d chunks for model %s", len(missing), embedder.model_id)
                encoded = await embedder.encode_async(list(missing.values()))
                await self.store.put_vectors(embedder.model_id, dict(zip(missing.keys(), encoded)))
            vectors = await self.store.vectors(embedder.model_id, hashes)
            r = self.settings.retrieval
            # Building BM25 (and, when large, the ANN index) takes from milliseconds to seconds
            # with the corpus: off the event loop, so heartbeats and buttons never wait for it.
            self.retriever = await asyncio.to_thread(
                Retriever, self.essays, self.scopes, chunks, vectors,
                bm25_weight=r.bm25_weight, candidates=r.candidates, ann_threshold=r.ann_threshold,
            )
            self._stale_retriever = False
            return self.retriever

    async def is_stale(self, folder: Path | None = None) -> bool:
        """True when the shared essays on disk differ from the index (commands ingest first)."""
        try:
            essays = load_essay_dir(Path(folder or self.settings.seeds_dir))
        except CorpusError:
            return not self.essays
        states = await self.store.essay_states()
        return any(
            states.get(e.slug, (None, None, None))[:2] != (e.content_hash, self.chunking) for e in essays
        )


def _decode_and_parse(data: bytes, filename: str) -> tuple[str, Essay]:
    text = decode_essay_bytes(data, filename)
    return text, parse_essay(text, name=filename)
