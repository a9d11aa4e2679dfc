"""Essays a server's moderators upload: their text lives in the progress database, the index
holds only what is derived from it.

Writes go in this order so a failure or crash at any point leaves the progress database right and
the index repairable at the next start (`sync_uploads`):
- adding: parse and embed (nothing written yet), commit the text to the progress database, then
  write the index; if the index write fails the database row is undone;
- removing: delete from the progress database (audited), then from the index.
At start, the index is brought in line with the database: uploads it lacks are indexed, and
uploads the database no longer has (removed, or a restored backup without them) are dropped.
An index from before this arrangement held the only copy of uploads; those are adopted into the
database once, rebuilt as Markdown from the stored paragraphs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Awaitable, Callable, Iterable, Protocol

import yaml

from bot.corpus.essay import Essay, parse_essay
from bot.errors import CorpusError, UserError

if TYPE_CHECKING:
    from bot.index.store import IndexStore

log = logging.getLogger(__name__)

Undo = Callable[[BaseException], Awaitable[None]]


class UploadRecords(Protocol):
    """What the library needs of the progress database (`bot.store.Store` implements it)."""

    async def save_essay(self, guild_id: int, slug: str, *, filename: str, title: str, text: str,
                         content_hash: str, actor_id: int | None) -> dict | None: ...

    async def undo_essay_save(self, guild_id: int, slug: str, previous: dict | None, *, actor_id: int | None,
                              reason: str) -> None: ...

    async def adopt_essay(self, guild_id: int, slug: str, *, filename: str, title: str, text: str,
                          content_hash: str, added_by: int | None, added_at: dt.datetime) -> bool: ...

    async def delete_essay(self, guild_id: int, slug: str, *, actor_id: int | None) -> bool: ...

    async def list_essays(self, guild_id: int, *, with_text: bool = False) -> list[dict]: ...

    async def essay_guilds(self) -> list[int]: ...


class UploadLibrary(Protocol):
    """What syncing needs of the library (`bot.index.library.Library` implements it): its public
    reading and writing side, so this module never imports the library that imports it."""

    uploads: UploadRecords | None
    store: IndexStore
    essays: dict[str, Essay]
    scopes: dict[str, int | None]

    @property
    def chunking(self) -> str: ...

    async def ingest_essays(self, essays: list[Essay], *, guild_id: int | None,
                            added_by: int | None) -> _Ingested: ...

    async def drop_essays(self, slugs: Iterable[str]) -> None: ...

    async def reload_if_stale(self) -> bool: ...


class _Ingested(Protocol):
    added: list[str]
    changed: list[str]


def essay_from_record(record: dict) -> Essay:
    """The essay a stored upload parses to, under the id it was given when uploaded."""
    essay = parse_essay(record["source_text"], name=record["filename"])
    return replace(essay, slug=record["slug"], path="")


def persist_upload(records: UploadRecords, guild_id: int, essay: Essay, *, filename: str, text: str,
                   actor_id: int | None) -> Callable[[], Awaitable[Undo]]:
    """The step `Library.ingest_essays` runs between embedding and writing the index: commit the upload
    to the progress database and hand back how to undo that if the index write then fails."""

    async def persist() -> Undo:
        previous = await records.save_essay(guild_id, essay.slug, filename=filename, title=essay.title, text=text,
                                            content_hash=essay.content_hash, actor_id=actor_id)

        async def undo(exc: BaseException) -> None:
            try:
                await records.undo_essay_save(guild_id, essay.slug, previous, actor_id=actor_id,
                                              reason=f"index write failed: {type(exc).__name__}")
            except Exception:  # the next start indexes the saved essay instead
                log.exception("could not undo saving essay %s after the index write failed", essay.slug)

        return undo

    return persist


def legacy_source(essay: Essay) -> str:
    """Markdown with front matter that parses back to `essay` (for uploads only an old index held)."""
    meta = {"title": essay.title, "author": essay.author}
    for key in ("short_title", "published", "source", "summary"):
        if getattr(essay, key):
            meta[key] = getattr(essay, key)
    lines = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000).strip(), "---", ""]
    section = ""
    for paragraph in essay.paragraphs:
        if paragraph.section and paragraph.section != section:
            lines += [f"## {paragraph.section}", ""]
            section = paragraph.section
        lines += [paragraph.text, ""]
    return "\n".join(lines)


@dataclass
class UploadSync:
    adopted: list[str] = field(default_factory=list)
    indexed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


async def sync_uploads(library: UploadLibrary) -> UploadSync:
    """Make the index's uploaded essays match the progress database (see the module docstring)."""
    report = UploadSync()
    records, index = library.uploads, library.store
    if records is None:
        return report
    if await index.uploads_only_here():
        await _adopt(library, records, report)
        await index.mark_uploads_adopted()

    wanted: dict[str, tuple[int, dict]] = {}
    for guild_id in await records.essay_guilds():
        for record in await records.list_essays(guild_id, with_text=True):
            wanted[record["slug"]] = (guild_id, record)
    states = await index.essay_states()

    stale = [slug for slug, (_, _, scope) in states.items() if scope is not None and wanted.get(slug, (None,))[0] != scope]
    if stale:
        await library.drop_essays(stale)
        report.dropped.extend(stale)
        states = await index.essay_states()

    for slug, (guild_id, record) in wanted.items():
        state = states.get(slug)
        if state is not None and state[2] is None:
            log.error("uploaded essay %s of server %s has the id of a shared essay; it is not indexed", slug, guild_id)
            report.failed.append(slug)
            continue
        if state is not None and state[:2] == (record["content_hash"], library.chunking):
            continue
        try:
            essay = await asyncio.to_thread(essay_from_record, record)
            done = await library.ingest_essays([essay], guild_id=guild_id, added_by=record["added_by"])
        except (CorpusError, UserError) as exc:
            log.error("uploaded essay %s of server %s cannot be indexed: %s", slug, guild_id, exc)
            report.failed.append(slug)
            continue
        if done.added or done.changed:
            report.indexed.append(slug)
    if report.adopted or report.indexed or report.dropped or report.failed:
        log.info("uploaded essays: adopted %s, indexed %s, dropped %s, failed %s",
                 report.adopted, report.indexed, report.dropped, report.failed)
    return report


async def _adopt(library: UploadLibrary, records: UploadRecords, report: UploadSync) -> None:
    origins = await library.store.upload_origins()
    for slug, (added_by, added_at) in sorted(origins.items()):
        essay, guild_id = library.essays.get(slug), library.scopes.get(slug)
        if essay is None or guild_id is None:
            continue
        text = legacy_source(essay)
        if essay_from_record({"source_text": text, "filename": f"{slug}.md", "slug": slug}).content_hash != essay.content_hash:
            log.warning("essay %s: the Markdown rebuilt from the old index parses slightly differently", slug)
        try:
            moment = dt.datetime.fromisoformat(added_at)
        except (TypeError, ValueError):
            moment = dt.datetime.now(dt.timezone.utc)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        if await records.adopt_essay(guild_id, slug, filename=f"{slug}.md", title=essay.title, text=text,
                                     content_hash=essay.content_hash, added_by=added_by, added_at=moment):
            report.adopted.append(slug)


async def sync_guild_essays(library: UploadLibrary, guild_id: int) -> None:
    """Make one server's uploaded essays in the index and in memory match the progress database.

    Like `bot.index.uploads.sync_uploads`, but for one server: a change read from the feed should
    not cost reading every server's essay texts."""
    records = library.uploads
    if records is None:
        return
    wanted = {r["slug"]: r for r in await records.list_essays(guild_id, with_text=True)}
    states = await library.store.essay_states()
    gone = [slug for slug, (_, _, scope) in states.items() if scope == guild_id and slug not in wanted]
    if gone:
        await library.drop_essays(gone)
        log.info("server %s: dropped essay(s) %s removed by another process", guild_id, gone)
    for slug, record in wanted.items():
        state = states.get(slug)
        if state is not None and state[2] != guild_id:
            log.error("uploaded essay %s of server %s has the id of another scope's essay; it is not indexed",
                      slug, guild_id)
            continue
        if state is not None and state[:2] == (record["content_hash"], library.chunking):
            continue
        try:
            essay = await asyncio.to_thread(essay_from_record, record)
            await library.ingest_essays([essay], guild_id=guild_id, added_by=record["added_by"])
        except (CorpusError, UserError) as exc:
            log.error("uploaded essay %s of server %s cannot be indexed: %s", slug, guild_id, exc)
            continue
        log.info("server %s: indexed essay %s added by another process", guild_id, slug)
    await library.reload_if_stale()

