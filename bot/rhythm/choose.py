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

from bot.quiz.items import QuizItem
from bot.quiz.session import load_pool

log = logging.getLogger(__name__)

Reason = Literal["due", "missed", "fresh", "any"]


@dataclass(frozen=True)
class DailyChoice:
    item: QuizItem
    reason: Reason
    members_due: int = 0   # reason "due": how many members have it due
    wrong: int = 0         # reason "missed": wrong answers to it in this server


async def choose_daily_item(store: Any, guild_id: int, *, now: dt.datetime, rng: random.Random,
                            essay: str | None = None, previous: str | None = None) -> DailyChoice | None:
    """The item for today's question in `guild_id` (only `essay`'s when given), or None when the
    server has no active item other than yesterday's."""
    pool = [i for i in await load_pool(store, guild_id, essays=[essay] if essay else []) if i.id != previous]
    if not pool:
        return None
    by_id = {i.id: i for i in pool}
    due = {item_id: n for item_id, n in (await store.due_counts(guild_id, now, essay=essay)).items() if item_id in by_id}
    if due:
        item_id = min(due, key=lambda i: (-due[i], i))
        return DailyChoice(by_id[item_id], "due", members_due=due[item_id])
    totals = await store.item_attempt_totals(guild_id)
    missed = {i: t for i, t in totals.items() if i in by_id and t[1] > 0}
    if missed:
        item_id = min(missed, key=lambda i: (-missed[i][1], -missed[i][1] / missed[i][0], i))
        return DailyChoice(by_id[item_id], "missed", wrong=missed[item_id][1])
    fresh = sorted(i for i in by_id if i not in totals)
    if fresh:
        return DailyChoice(by_id[rng.choice(fresh)], "fresh")
    return DailyChoice(by_id[rng.choice(sorted(by_id))], "any")
