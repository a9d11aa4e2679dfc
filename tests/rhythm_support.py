"""Shared by the rhythm tests (imported by this unique name): two small essays with known
paragraphs, quiz items that cite them, a recording adapter, and a way to run the scheduler loop on
a fake clock step by step (each step ends when the loop sleeps again), so no test sleeps for real."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

from bot.clock import FakeClock
from bot.corpus.essay import parse_essay
from bot.rhythm.runner import Delivery, RhythmRunner

ORCHARD = parse_essay("""---
title: Keeping an Orchard
author: Mara Quince
published: 2020
---

Apple trees are pruned in late winter, while they are dormant and their shape is easy to see.

Bees carry pollen between varieties; most apples need a second variety nearby to set fruit.

Codling moth larvae tunnel into the fruit. Pheromone traps tell the grower when the moths fly.

Windfalls are gathered every week, because rotting fruit feeds the pests of the next season.
""", slug="orchard")

RIVERS = parse_essay("""---
title: How Rivers Bend
author: Ivo Brook
published: 2018
---

A river erodes the outside of a bend and deposits sand on the inside, so bends grow over time.

When a bend grows into a loop, a flood can cut through its neck and leave an oxbow lake behind.

Engineers once straightened rivers for shipping; the faster water then scoured the banks downstream.
""", slug="rivers")

ESSAYS = [ORCHARD, RIVERS]

ITEMS = [
    {"id": "orchard-prune", "kind": "multiple_choice", "essay": "orchard", "paragraph": 1,
     "prompt": "When are apple trees pruned?", "choices": ["late winter", "midsummer", "autumn"],
     "answer": "late winter"},
    {"id": "orchard-bees", "kind": "true_false", "essay": "orchard", "paragraph": 2,
     "prompt": "Most apples set fruit with their own pollen alone.", "answer": "false"},
    {"id": "orchard-moth", "kind": "short_answer", "essay": "orchard", "paragraph": 3,
     "prompt": "What tells the grower when codling moths fly?", "answer": "pheromone traps",
     "accepted": ["traps"]},
    {"id": "orchard-windfalls", "kind": "multiple_choice", "essay": "orchard", "paragraph": 4,
     "prompt": "How often are windfalls gathered?", "choices": ["every week", "every day", "once a year"],
     "answer": "every week"},
    {"id": "rivers-erode", "kind": "multiple_choice", "essay": "rivers", "paragraph": 1,
     "prompt": "Which side of a bend does a river erode?", "choices": ["the outside", "the inside"],
     "answer": "the outside"},
    {"id": "rivers-oxbow", "kind": "short_answer", "essay": "rivers", "paragraph": 2,
     "prompt": "What does a flood leave behind when it cuts through a loop's neck?", "answer": "an oxbow lake",
     "accepted": ["oxbow lake", "oxbow"]},
    {"id": "rivers-straight", "kind": "true_false", "essay": "rivers", "paragraph": 3,
     "prompt": "Straightened rivers flow faster and scour the banks downstream.", "answer": "true"},
]


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.timezone.utc)


@dataclass
class RecordingAdapter:
    """Delivers nothing; remembers what would have been sent, and when (the fake clock's time)."""

    clock: FakeClock
    posts: list[tuple[int, int, str, dt.datetime]] = field(default_factory=list)   # guild, post id, item, at
    reveals: list = field(default_factory=list)
    digests: list = field(default_factory=list)
    reminders: list[tuple[int, int, int, dt.datetime]] = field(default_factory=list)  # guild, user, due, at
    fail: dict[int, Delivery] = field(default_factory=dict)  # guild (or user for reminders) -> delivery
    _ids: int = 1000

    def _next(self) -> int:
        self._ids += 1
        return self._ids

    async def post_daily(self, schedule, prepared) -> Delivery:
        if schedule["guild_id"] in self.fail:
            return self.fail[schedule["guild_id"]]
        self.posts.append((schedule["guild_id"], prepared.post_id, prepared.item.id, self.clock.now()))
        return Delivery("sent", self._next())

    async def reveal_daily(self, reveal) -> Delivery:
        self.reveals.append(reveal)
        return Delivery("sent", self._next())

    async def post_digest(self, schedule, digest) -> Delivery:
        if schedule["guild_id"] in self.fail:
            return self.fail[schedule["guild_id"]]
        self.digests.append((schedule["guild_id"], digest, self.clock.now()))
        return Delivery("sent", self._next())

    async def send_reminder(self, reminder, due) -> Delivery:
        if reminder["user_id"] in self.fail:
            return self.fail[reminder["user_id"]]
        self.reminders.append((reminder["guild_id"], reminder["user_id"], due, self.clock.now()))
        return Delivery("sent", self._next())


async def settle(runner: RhythmRunner) -> None:
    """Wait until the loop has finished its pass and sleeps (real waiting on the event loop, for
    the database threads; bounded, never a timing assertion)."""
    await asyncio.wait_for(runner.asleep.wait(), timeout=30)


async def run_until(runner: RhythmRunner, clock: FakeClock, until: dt.datetime) -> None:
    """Advance the fake clock to `until`, waking the loop exactly at each instant it planned."""
    await settle(runner)
    while clock.now() < until:
        wake = runner.sleeping_until or until
        step = (min(wake, until) - clock.now()).total_seconds()
        runner.asleep.clear()
        await clock.advance(max(step, 0.0))
        if clock.now() >= wake:
            await settle(runner)
        else:
            runner.asleep.set()  # woke nobody: the loop is still asleep
    await settle(runner)
