"""Child process for the SIGKILL test: a group quiz through the real engine and the real Store.

Run as `python group_quiz_child.py DATA_DIR`. Four players answer every question; a line
`ack <user> <item> <answer>` is printed only after `GroupSession.submit` returned, i.e. exactly
when the Discord adapter would tell the player their answer is locked. Fake time moves the quiz
on, so the child answers as fast as the store commits, until it is killed.
"""

from __future__ import annotations

import asyncio
import random
import sys

from bot.clock import FakeClock
from bot.config import load_settings
from bot.quiz.items import from_record
from bot.quiz.packs import builtin_records
from bot.quiz.session import GroupSession, GroupSettings
from bot.store import Store

GUILD, CHANNEL, HOST = 77, 7001, 500
PLAYERS = (501, 502, 503, 504)


async def main() -> None:
    settings = load_settings(environ={"TUTOR_DATA_DIR": sys.argv[1]})
    clock = FakeClock()
    store = await Store.open(settings.progress_db, clock=clock)
    records = builtin_records(settings.builtin_pack)
    await store.sync_builtin_items(records)
    items = [from_record(r) for r in records if r.get("kind") in ("multiple_choice", "true_false")]
    items = (items * 10)[:500]  # more questions than the test will let it reach
    session = GroupSession(store, items, guild_id=GUILD, channel_id=CHANNEL, started_by=HOST,
                           settings=GroupSettings(questions=len(items), seconds=20, reveal_seconds=0,
                                                  idle_questions_to_end=3),
                           clock=clock, rng=random.Random(1))
    session_id = await session.start()
    sys.stdout.write(f"session {session_id}\n")
    sys.stdout.flush()
    while True:
        number = session.current_question
        item = session._current.item if session._current else None  # noqa: SLF001 - test driver
        for n, user in enumerate(PLAYERS):
            result = await session.submit(user, f"player{user}", n % 2)
            if result.status in ("correct", "wrong"):
                sys.stdout.write(f"ack {user} {item.id} {result.answer}\n")
                sys.stdout.flush()
        await clock.advance(20)  # question 1 waits for its deadline; later ones close when all answered
        while session.current_question == number:
            await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main())
