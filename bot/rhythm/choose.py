"""Which question the group gets today: the choice behind the question of the day.

Why in this order: a daily question is one shot at the whole group's memory, so it goes where the
group needs it most. First an item that is due for review (FSRS) for the most members who have
taken part; else the item this server misses most; else one nobody here has tried; else any.
Never the same item as the previous day's, so a question that stays due for everyone does not
come back every morning.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass
from typing import Any, Literal

from bot.quiz.items import QuizItem, from_record

log = logging.getLogger(__name__)

Reason = Literal["due", "missed", "fresh", "any"]


@dataclass(frozen=True)
class DailyChoice:
    item: QuizItem
    reason: Reason
    members_due: int = 0   # reason "due": how many members have it due
    wrong: int = 0         # reason "missed": wrong answers to it in this server


async def active_records(store: Any, guild_id: int, *, essay: str | None = None) -> list[dict]:
    """The server's active items as stored (plain mappings). The rhythm reads many servers' items
    in one pass (1,000 questions of the day due in one minute), so it works on these and validates
    only the items it shows (`parse`), instead of validating every item of every server on the
    event loop as `load_pool` does."""
    return await (store.list_items(guild_id, essay=essay) if essay else store.list_items(guild_id))


def parse(record: dict) -> QuizItem | None:
    try:
        return from_record(record)
    except Exception:  # one corrupt row must not stop the question of the day
        log.warning("skipping quiz item %s: does not match the schema", record.get("id"))
        return None


def paragraph_of(record: dict) -> int | None:
    number = record.get("paragraph")
    return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None


async def choose_daily_item(store: Any, guild_id: int, *, now: dt.datetime, rng: random.Random,
                            essay: str | None = None, previous: str | None = None) -> DailyChoice | None:
    """The item for today's question in `guild_id` (only `essay`'s when given), or None when the
    server has no usable active item other than yesterday's. Chooses among ids and reads only
    the chosen item."""
    by_id = {i: i for i in await store.active_item_ids(guild_id, essay=essay) if i != previous}
    due = {item_id: n for item_id, n in (await store.due_counts(guild_id, now, essay=essay)).items() if item_id in by_id}
    totals = await store.item_attempt_totals(guild_id)
    while by_id:
        item_id, reason = _pick(by_id, due, totals, rng)
        record = await store.get_item(guild_id, item_id)
        item = parse(record) if record is not None else None
        if item is not None:
            return DailyChoice(item, reason, members_due=due.get(item_id, 0),
                               wrong=totals.get(item_id, (0, 0))[1] if reason == "missed" else 0)
        del by_id[item_id]  # a corrupt row: choose among the rest
        due.pop(item_id, None)
    return None


def _pick(by_id: dict[str, str], due: dict[str, int], totals: dict[str, tuple[int, int]],
          rng: random.Random) -> tuple[str, Reason]:
    due = {i: n for i, n in due.items() if i in by_id}
    if due:
        return min(due, key=lambda i: (-due[i], i)), "due"
    missed = {i: t for i, t in totals.items() if i in by_id and t[1] > 0}
    if missed:
        return min(missed, key=lambda i: (-missed[i][1], -missed[i][1] / missed[i][0], i)), "missed"
    fresh = sorted(i for i in by_id if i not in totals)
    if fresh:
        return rng.choice(fresh), "fresh"
    return rng.choice(sorted(by_id)), "any"
