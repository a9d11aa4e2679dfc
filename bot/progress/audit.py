"""What moderators read of a server's audit log and its most-missed quiz questions, as plain rows
that both adapters word with the same templates (`/tutor audit` and `tutorbot audit`).

The store keeps the entries (`Store.recent_audit`, `Store.most_missed`, always for one server);
this module only shapes them: who did what to which target, with the details in one short line.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.progress.stats import MissedItem

DETAILS_LIMIT = 120
PROMPT_LIMIT = 90


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    actor_id: int | None  # None: the bot itself, or a person whose data was deleted
    action: str
    target: str
    details: str  # "key=value, ..." or ""


@dataclass(frozen=True)
class MissedRow:
    item_id: str
    essay: str
    wrong: int
    attempts: int
    miss_rate: float
    prompt: str | None  # None: the item was removed since


def shorten(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_details(details: Any, limit: int = DETAILS_LIMIT) -> str:
    """A details mapping as "key=value, ..." on one line (nested values as compact JSON)."""
    if not details:
        return ""
    if not isinstance(details, dict):
        return shorten(json.dumps(details, ensure_ascii=False), limit)
    parts = []
    for key, value in details.items():
        shown = value if isinstance(value, (str, int, float)) or value is None else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}={shown}")
    return shorten(", ".join(parts), limit)


def audit_rows(entries: list[dict]) -> list[AuditRow]:
    """Rows from `Store.recent_audit` entries (newest first, as the store returns them)."""
    return [AuditRow(at=dt.datetime.fromisoformat(e["at"]), actor_id=e.get("actor_id"), action=e["action"],
                     target=e.get("target") or "", details=describe_details(e.get("details")))
            for e in entries]


def missed_rows(items: list[MissedItem]) -> list[MissedRow]:
    return [MissedRow(item_id=m.item_id, essay=m.essay, wrong=m.wrong, attempts=m.attempts, miss_rate=m.miss_rate,
                      prompt=shorten(m.item["prompt"], PROMPT_LIMIT) if m.item and m.item.get("prompt") else None)
            for m in items]
