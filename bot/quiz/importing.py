"""Importing a parsed pack into one server: the step both `tutorbot quiz import` and
`/quizitem import` take, so the checks and the report are the same everywhere.

Before anything is written: every item gets an essay (the one the moderator chose for files
that name none), every citation must point at an essay the server has and a paragraph that
essay has, and an item that reuses a built-in item's id (an exported copy of the built-in pack)
gets an id of its own. Then the items are compared with what the server already holds, so the
moderator is told how many were added, replaced and unchanged, and only the first two are
written (all or nothing, in one store transaction). A Red trivia list's CONFIG is kept in the
server's settings under the pack's tag, and applies when that pack is played.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from bot.quiz.items import QuizItem, derived_id, from_record
from bot.quiz.packs import Pack, PackErrors, PlayRules, assign_essay, check_citations

log = logging.getLogger(__name__)

PACK_SETTING_PREFIX = "pack:"


class ImportStore(Protocol):
    async def list_items(self, guild_id: int, *, essay: str | None = None, status: str | None = "active",
                         include_global: bool = True) -> list[dict]: ...

    async def import_items(self, guild_id: int, items: list[dict], *, actor_id: int, source: str) -> int: ...

    async def get_guild_settings(self, guild_id: int) -> dict: ...

    async def update_guild_settings(self, guild_id: int, changes: dict, *, actor_id: int) -> dict: ...


@dataclass
class ImportReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    renamed: int = 0                 # copies of built-in items given ids of their own
    tag: str | None = None           # the tag a playable pack's items carry
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.added + self.replaced + self.unchanged


def prepare(pack: Pack, essays: Iterable[Any], default_essay: str | None = None) -> list[QuizItem]:
    """The pack's items, each with an essay, every citation checked. Every problem of the pack
    (its own and its citations') is raised at once, in file order with line numbers (`PackErrors`)."""
    items = assign_essay(pack.items, default_essay, name=pack.name)
    problems = list(pack.problems)
    check_citations(pack, items, essays, problems)
    if problems:
        raise PackErrors(pack.name, problems)
    return items


async def import_pack(store: ImportStore, guild_id: int, pack: Pack, *, essays: Iterable[Any],
                      default_essay: str | None = None, actor_id: int, source: str) -> ImportReport:
    items = prepare(pack, essays, default_essay)
    existing = await store.list_items(guild_id, status=None, include_global=True)
    builtin_ids = {r["id"] for r in existing if r.get("guild_id") is None}
    own = {r["id"]: r for r in existing if r.get("guild_id") is not None}
    report = ImportReport(notes=list(pack.notes))
    records = []
    for item in items:
        status = pack.statuses.get(item.id, "active")
        if item.id in builtin_ids:
            item = item.model_copy(update={"id": derived_id("copy", item.id, item.prompt, item.answer)})
            report.renamed += 1
        record = item.to_record() | {"status": status}
        old = own.get(item.id)
        if old is None:
            report.added += 1
        elif _same(old, item, status):
            report.unchanged += 1
            continue
        else:
            report.replaced += 1
        records.append(record)
    if records:
        await store.import_items(guild_id, records, actor_id=actor_id, source=source)
    if pack.format == "red":
        report.tag = pack.tag
        rules = (pack.rules or PlayRules()).to_record() | {"name": pack.name[:100]}
        await store.update_guild_settings(guild_id, {pack.tag: rules}, actor_id=actor_id)
    log.info("import %s into %s: %d added, %d replaced, %d unchanged", source, guild_id, report.added,
             report.replaced, report.unchanged)
    return report


def _same(record: dict, item: QuizItem, status: str) -> bool:
    try:
        return from_record(record) == item and record.get("status") == status
    except Exception:  # noqa: BLE001 - a stored row that no longer validates is replaced
        return False


async def pack_rules(store: ImportStore, guild_id: int, tag: str) -> PlayRules | None:
    """The play rules a server stored for a pack (None if there is no such pack)."""
    settings = await store.get_guild_settings(guild_id)
    if tag not in settings:
        return None
    return PlayRules.from_record(settings[tag])


async def server_packs(store: ImportStore, guild_id: int) -> dict[str, str]:
    """tag -> the pack's file name, for every playable pack a server imported."""
    settings = await store.get_guild_settings(guild_id)
    return {k: str(v.get("name", k)) for k, v in settings.items()
            if k.startswith(PACK_SETTING_PREFIX) and isinstance(v, dict)}
