"""The question of the day: posted, answered, closed and revealed, with no Discord types.

Unlike a group quiz (`bot.quiz.session.GroupSession`, a task in memory for a few minutes), a
question of the day stays open for hours and must outlive restarts, so nothing about it lives in
memory: the post is a row (`daily_posts`) with its quiz session, each answer is an ordinary
attempt with that session id (so it counts in progress and spaced repetition like any other), and
"has this member answered" is a question to the database. The adapter (the Discord cog, a test)
sends what `prepare` returns, feeds `answer` the button presses and typed answers, and renders
what `close` returns.

Answers: one per member, checked under a per-member lock (a server's interactions all reach the
process that owns its shard, so a process-local lock is enough) and against the attempts on
record. A right answer earns `DAILY_POINTS` whatever the hour (the question is open for hours, so
speed says nothing); the FSRS rating is "Good" for right and "Again" for wrong, as for an answer
with no time limit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Sequence

from bot.clock import Clock
from bot.corpus.essay import Essay
from bot.quiz.grading import Grader, shown_choices
from bot.quiz.items import QuizItem, from_record
from bot.quiz.scoring import MIN_POINTS
from bot.quiz.session import answer_text
from bot.rhythm.choose import DailyChoice, choose_daily_item
from bot.rhythm.passages import Passage, passage_for

log = logging.getLogger(__name__)

DAILY_POINTS = MIN_POINTS   # a right answer: the least a right answer in a live quiz earns
MAX_NAMED = 10              # members named in a reveal; the rest are counted

AnswerStatus = Literal["correct", "wrong", "rejected", "already_answered", "closed", "unknown"]


@dataclass(frozen=True)
class PreparedPost:
    """A question of the day on record, ready to be sent; `post["id"]` goes into its buttons."""

    post: dict
    item: QuizItem
    choices: list[str]          # as shown (empty: typed answers only)
    choice: DailyChoice

    @property
    def post_id(self) -> int:
        return int(self.post["id"])


@dataclass(frozen=True)
class DailyAnswer:
    status: AnswerStatus
    answer: str = ""
    reason: str | None = None   # why a rejected answer did not count (empty, guess_list, ...)
    points: int = 0
    item: QuizItem | None = None


@dataclass(frozen=True)
class DailyReveal:
    """What the group is shown when a question closes."""

    post: dict
    item: QuizItem | None        # None: the item was removed since it was posted
    answer_text: str
    passage: Passage | None
    answered: int
    right: int
    named_right: list[int] = field(default_factory=list)  # members who share their progress, in answer order
    unnamed_right: int = 0       # right answers by members who keep their progress private (or beyond MAX_NAMED)

    @property
    def message_id(self) -> int | None:
        return self.post.get("message_id")


class DailyQuestions:
    """The question-of-the-day operations over one store; `essays_for(guild_id)` is the library's
    list of the essays a server reads (for the passages)."""

    def __init__(self, store: Any, grader: Grader, essays_for: Callable[[int], Sequence[Essay]], clock: Clock,
                 rng: random.Random | None = None):
        self.store = store
        self.grader = grader
        self.essays_for = essays_for
        self.clock = clock
        self.rng = rng or random.Random()
        self._locks: weakref.WeakValueDictionary[tuple[int, int], asyncio.Lock] = weakref.WeakValueDictionary()

    async def prepare(self, schedule: dict, local_day: dt.date) -> PreparedPost | None:
        """Choose today's item and record the post (not yet sent). None: nothing to ask (no item
        but yesterday's) or this server already has its question for `local_day`."""
        guild_id = int(schedule["guild_id"])
        now = self.clock.now()
        previous = await self.store.last_daily_item(guild_id)
        choice = await choose_daily_item(self.store, guild_id, now=now, rng=self.rng, essay=schedule.get("essay"),
                                         previous=previous)
        if choice is None:
            log.warning("no question of the day for server %s: no active item other than yesterday's", guild_id)
            return None
        item = choice.item
        choices = shown_choices(item)
        if item.kind == "multiple_choice":
            self.rng.shuffle(choices)
        minutes = schedule.get("close_minutes")
        closes_at = now + dt.timedelta(minutes=int(minutes)) if minutes else None
        post = await self.store.open_daily_post(guild_id, channel_id=int(schedule["channel_id"]), item_id=item.id,
                                                essay=item.essay, reason=choice.reason, choices=choices,
                                                local_date=local_day, closes_at=closes_at)
        if post is None:
            return None
        return PreparedPost(post, item, choices, choice)

    async def _item(self, post: dict) -> QuizItem | None:
        record = await self.store.get_item(int(post["guild_id"]), post["item_id"])
        if record is None:
            return None
        try:
            return from_record(record)
        except Exception:  # a corrupt row: the reveal still shows what it can
            log.warning("question of the day %s: item %s does not match the schema", post["id"], post["item_id"])
            return None

    async def answer(self, guild_id: int, post_id: int, user_id: int, given: int | str) -> DailyAnswer:
        """One member's answer: a choice index (a button) or typed text. Recorded (committed)
        before this returns; a second answer by the same member changes nothing."""
        key = (post_id, user_id)
        lock = self._locks.get(key)
        if lock is None:  # held only while someone uses it: the mapping forgets it afterwards
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            return await self._answer(guild_id, post_id, user_id, given)

    async def _answer(self, guild_id: int, post_id: int, user_id: int, given: int | str) -> DailyAnswer:
        post = await self.store.get_daily_post(guild_id, post_id)
        if post is None:
            return DailyAnswer("unknown")
        if post["status"] != "open":
            return DailyAnswer("closed")
        if await self.store.daily_answered(guild_id, post["session_id"], user_id):
            return DailyAnswer("already_answered")
        item = await self._item(post)
        if item is None:
            return DailyAnswer("unknown")
        grade = await self.grader.grade(item, given, post["choices"] or None)
        if not grade.counts:
            return DailyAnswer("rejected", grade.answer, reason=grade.reason, item=item)
        now = self.clock.now()
        elapsed_ms = max(0, int((now - post["posted_at"]).total_seconds() * 1000))
        points = DAILY_POINTS if grade.correct else 0
        await self.store.record_attempt(guild_id, user_id, item.id, essay=item.essay, correct=grade.correct,
                                        answer=grade.answer, response_ms=elapsed_ms, time_limit_s=0.0, points=points,
                                        session_id=post["session_id"])
        return DailyAnswer("correct" if grade.correct else "wrong", grade.answer, points=points, item=item)

    async def close(self, guild_id: int, post_id: int) -> DailyReveal | None:
        """Close the question (once; None if it was closed already) and say what to reveal."""
        closed = await self.store.close_daily_post(guild_id, post_id)
        if closed is None:
            return None
        item = await self._item(closed)
        answers = closed.pop("answers")
        right = [a for a in answers if a["correct"]]
        named = [a["user_id"] for a in right if a["shares"]][:MAX_NAMED]
        passage = passage_for(item, self.essays_for(guild_id)) if item is not None else None
        return DailyReveal(closed, item, answer_text(item) if item is not None else "", passage, len(answers),
                           len(right), named, len(right) - len(named))
