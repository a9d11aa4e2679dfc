"""One learner's private quiz: `SoloSession` (pull-based: next question, answer or skip; a late
answer is graded and recorded but earns nothing), and the two ways to build one: `solo_session`
(random items) and `review_session` (items due by FSRS, or `NothingDue`). Imports every module
of the package but `group`."""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any, Awaitable, Callable, Literal, Sequence

from bot.clock import Clock, SystemClock
from bot.errors import UserError
from bot.quiz.feedback import needs, passage_for
from bot.quiz.grading import Grader, GradeResult
from bot.quiz.items import QuizItem
from bot.quiz.scoring import points_for
from bot.quiz.session.board import Scoring, earns_points
from bot.quiz.session.events import QuestionShown, SoloResult, SoloSummary, _titles, answer_text
from bot.quiz.session.selection import _display_choices, _due_items, load_pool, pick_items, recently_asked
from bot.quiz.session.store import QuizStore
from bot.quiz.session.timing import QuestionTimer

log = logging.getLogger(__name__)


class SoloSession:
    """A private, pull-based run: `next_question()`, then `answer()` or `skip()`, until None.

    The time shown is enforced when the answer arrives: an answer after `seconds` is graded and
    recorded (spaced repetition sees a slow answer) but is marked late and earns no points, and
    the streak ends, as a group quiz's closed question would. `skip()` records a miss.

    `scoring` is the leaderboard policy (see the `bot.quiz.session` docstring): "first_time" earns points only
    for items the learner never answered right before, "none" (review) earns none, "full" always.
    """

    def __init__(self, store: QuizStore, items: Sequence[QuizItem], *, guild_id: int, user_id: int,
                 kind: Literal["solo", "review"] = "solo", seconds: int = 20, grader: Grader | None = None,
                 clock: Clock | None = None, rng: random.Random | None = None, channel_id: int | None = None,
                 streak_bonus: bool = True, scoring: Scoring | None = None,
                 on_time_up: Callable[[QuestionShown], Awaitable[None]] | None = None):
        if not items:
            raise UserError("no quiz items to play")
        self.store = store
        self.items = list(items)
        # Told when a question's time runs out unanswered (the adapter says so to the learner).
        self.on_time_up = on_time_up
        self.guild_id = guild_id
        self.user_id = user_id
        self.kind = kind
        self.seconds = seconds
        self.channel_id = channel_id
        self.grader = grader or Grader()
        self.clock = clock or SystemClock()
        self._timer = QuestionTimer(self.clock)
        self.rng = rng or random.Random()
        self.session_id: int | None = None
        self._index = -1
        self._shown: QuestionShown | None = None
        self._shown_mono = 0.0
        self._answered = True
        self._correct = 0
        self._score = 0
        self._streak = 0
        self._missed: list[QuizItem] = []
        self._wrong = self._skipped = self._late = 0
        self._ended = False
        self.streak_bonus = streak_bonus
        self.scoring: Scoring = scoring or ("none" if kind == "review" else "first_time")
        self._known: set[str] = set()   # items the learner answered right before this session

    async def start(self) -> int:
        if self.scoring == "first_time":
            self._known = set(await self.store.correct_item_ids(self.guild_id, self.user_id, [i.id for i in self.items]))
        self.session_id = await self.store.start_session(
            self.guild_id, self.channel_id, self.kind, self.user_id,
            {"questions": len(self.items), "seconds": self.seconds, "items": [i.id for i in self.items],
             "scoring": self.scoring},
        )
        return self.session_id

    @property
    def current(self) -> QuestionShown | None:
        return None if self._answered else self._shown

    async def next_question(self) -> QuestionShown | None:
        if self.session_id is None:
            await self.start()
        if not self._answered:
            return self._shown
        self._index += 1
        if self._index >= len(self.items):
            await self.finish()
            return None
        item = self.items[self._index]
        self._shown_mono = self.clock.monotonic()
        self._shown = QuestionShown(self.session_id or 0, self._index + 1, len(self.items), item,
                                    _display_choices(item, self.rng), self.clock.now() + dt.timedelta(seconds=self.seconds),
                                    self.seconds)
        self._answered = False
        self._start_timer(self._shown)
        return self._shown

    def _start_timer(self, shown: QuestionShown) -> None:
        self._timer.stop()
        if self.on_time_up is None:
            return
        deadline = self._shown_mono + self.seconds  # fixed now: the task may first run a little later
        self._timer.start(deadline, lambda: self._time_up(shown), name=f"quiz-timer-{self.session_id}-{shown.number}")

    async def _time_up(self, shown: QuestionShown) -> None:
        if self.current is shown and self.on_time_up is not None:
            try:
                await self.on_time_up(shown)
            except Exception:  # noqa: BLE001 - a failed message must not end the quiz
                log.exception("could not say that time ran out on question %s", shown.number)

    async def answer(self, given: int | str) -> SoloResult:
        shown = self.current
        if shown is None:
            raise UserError("there is no open question; ask for the next one")
        elapsed = max(0.0, self.clock.monotonic() - self._shown_mono)
        grade = await self.grader.grade(shown.item, given, shown.choices or None)
        if not grade.counts:
            return SoloResult("rejected", shown.number, shown.total, shown.item, answer_text(shown.item), grade.answer,
                              reason=grade.reason)
        return await self._record(shown, grade, elapsed)

    async def skip(self) -> SoloResult:
        """Count the open question as missed (the learner gave up or their time ran out)."""
        shown = self.current
        if shown is None:
            raise UserError("there is no open question to skip")
        elapsed = max(0.0, self.clock.monotonic() - self._shown_mono)
        return await self._record(shown, GradeResult(False, reason="wrong", answer=""), elapsed, skipped=True)

    async def _record(self, shown: QuestionShown, grade: GradeResult, elapsed: float, *, skipped: bool = False) -> SoloResult:
        late = not skipped and elapsed > self.seconds
        earns = earns_points(self.scoring, self._known, shown.item.id)
        streak = self._streak + 1 if grade.correct and not late else 0
        base, bonus = points_for(grade.correct and not late, elapsed, self.seconds, streak, with_streak=self.streak_bonus)
        if not earns:
            base = bonus = 0  # practice: progress, not leaderboard points
        on_time = grade.correct and not late
        # One truth for a late answer: graded and shown, but it scores 0 and counts as a miss in the
        # record (accuracy, answer streaks, spaced repetition), the summary and the streak.
        await self.store.record_attempt(
            self.guild_id, self.user_id, shown.item.id, essay=shown.item.essay, correct=on_time,
            answer=grade.answer, response_ms=int(round(elapsed * 1000)), time_limit_s=float(self.seconds),
            points=base + bonus, session_id=self.session_id,
        )
        self._answered = True
        self._timer.stop()
        self._streak = streak
        if on_time:
            self._correct += 1
            self._score += base + bonus
        else:
            self._missed.append(shown.item)
            if skipped:
                self._skipped += 1
            elif grade.correct:
                self._late += 1
            else:
                self._wrong += 1
        if on_time:
            self._known.add(shown.item.id)
        status: Literal["correct", "wrong", "skipped"] = "correct" if grade.correct else "skipped" if skipped else "wrong"
        passage = None if grade.correct and not late else passage_for(shown.item, self.grader.essays())
        return SoloResult(status, shown.number, shown.total, shown.item,
                          answer_text(shown.item), grade.answer, points=base + bonus, reason=grade.reason,
                          similarity=grade.similarity, late=late and grade.correct, seconds=self.seconds,
                          practice=grade.correct and not late and not earns, passage=passage, needs=needs(grade))

    async def finish(self) -> SoloSummary:
        """End the session (early or at the end); safe to call twice."""
        asked = self._index + (1 if self._answered else 0) if self._index >= 0 else 0
        asked = min(asked, len(self.items))
        self._timer.stop()
        if not self._ended and self.session_id is not None:
            self._ended = True
            status = "finished" if asked >= len(self.items) else "cancelled"
            await self.store.end_session(self.guild_id, self.session_id, status)
        return SoloSummary(self.session_id or 0, self.kind, asked, self._correct, self._score, list(self._missed),
                           titles=_titles(self.grader, self._missed), wrong=self._wrong, skipped=self._skipped,
                           late=self._late)


async def solo_session(store: QuizStore, guild_id: int, user_id: int, *, quiz: Any, essays: Sequence[str] = (),
                       questions: int | None = None, grader: Grader | None = None, clock: Clock | None = None,
                       rng: random.Random | None = None) -> SoloSession:
    """A solo quiz: N random active items from the chosen essays, the learner's recent ones last."""
    rng = rng or random.Random()
    count = quiz.default_questions if questions is None else questions
    if not 1 <= count <= quiz.max_questions:
        raise UserError(f"questions must be between 1 and {quiz.max_questions}")
    recent = await recently_asked(store, guild_id, user_id=user_id)
    items = pick_items(await load_pool(store, guild_id, essays=essays), count, rng, essays=essays, avoid=recent)
    return SoloSession(store, items, guild_id=guild_id, user_id=user_id, kind="solo", seconds=quiz.default_seconds,
                       grader=grader, clock=clock, rng=rng, streak_bonus=quiz.streak_bonus)


class NothingDue(UserError):
    """Not a mistake: the learner has nothing to review yet. `next_due` says when they will."""

    def __init__(self, next_due: dt.datetime | None):
        super().__init__("nothing is due for review right now")
        self.next_due = next_due


async def review_session(store: QuizStore, guild_id: int, user_id: int, *, quiz: Any, essay: str | None = None,
                         limit: int = 20, grader: Grader | None = None, clock: Clock | None = None,
                         rng: random.Random | None = None) -> SoloSession:
    """The learner's items due by FSRS, most overdue first; each answer updates the schedule.

    Raises `NothingDue` (with the next due time) when nothing is due yet.
    """
    items = await _due_items(store, guild_id, user_id, [essay] if essay else [], limit)
    if not items:
        progress = await store.learner_progress(guild_id, user_id)
        raise NothingDue(progress.next_due)
    return SoloSession(store, items, guild_id=guild_id, user_id=user_id, kind="review", seconds=quiz.default_seconds,
                       grader=grader, clock=clock, rng=rng, streak_bonus=quiz.streak_bonus)
