"""A channel's quiz: `GroupSettings` (a person's options within the configured bounds and a
pack's rules), `GroupSession` (the question loop, answers locked and recorded before they are
announced, stop and idle endings) and `SessionRegistry` (one running quiz per channel). Timing
is `timing`'s, points and standings are `board`'s. Imports every module of the package but
`solo`."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from bot.clock import Clock, SystemClock
from bot.errors import UserError
from bot.quiz.grading import Grader, GradeResult
from bot.quiz.items import QuizItem
from bot.quiz.session.board import Board
from bot.quiz.session.events import (
    AnswerLocked,
    AnswerRejected,
    EndReason,
    Event,
    EventCallback,
    PlayerAnswer,
    QuestionRevealed,
    QuestionShown,
    SessionEnded,
    Standing,
    SubmitResult,
    _emit,
    _titles,
    answer_text,
)
from bot.quiz.session.selection import _display_choices
from bot.quiz.session.store import _STORE_STATUS, QuizStore
from bot.quiz.session.timing import sleep_or_wake

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GroupSettings:
    questions: int = 5
    seconds: int = 20
    essays: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    streak_bonus: bool = True
    idle_questions_to_end: int = 3
    reveal_seconds: float = 5.0      # pause after a reveal before the next question
    end_when_all_answered: bool = True
    tags: tuple[str, ...] = ()       # only items with one of these tags (a played pack's tag)
    max_score: int | None = None     # first player to this many right answers wins (a pack's CONFIG)
    idle_seconds: float | None = None  # end after this long without an answer (a pack's timeout)
    reveal_answer: bool = True       # reveal the answer when nobody got it
    use_spoilers: bool = False       # reveal it hidden

    @classmethod
    def from_settings(cls, quiz: Any, *, questions: int | None = None, seconds: int | None = None,
                      essays: Sequence[str] = (), kinds: Sequence[str] = (), reveal_seconds: float = 5.0,
                      rules: Any = None, tag: str | None = None) -> "GroupSettings":
        """Apply a person's options within the configured bounds; out of bounds is a UserError.

        `rules` (a pack's `PlayRules`) set the time per question (a person's own `seconds` wins),
        the score that ends the game, the idle timeout and how answers are revealed; a pack's
        time per question is kept within the configured bounds.
        """
        questions = quiz.default_questions if questions is None else questions
        if seconds is None and rules is not None and rules.seconds is not None:
            seconds = min(max(rules.seconds, quiz.min_seconds), quiz.max_seconds)
        seconds = quiz.default_seconds if seconds is None else seconds
        if not 1 <= questions <= quiz.max_questions:
            raise UserError(f"questions must be between 1 and {quiz.max_questions}")
        if not quiz.min_seconds <= seconds <= quiz.max_seconds:
            raise UserError(f"seconds per question must be between {quiz.min_seconds} and {quiz.max_seconds}")
        extra: dict[str, Any] = {}
        if rules is not None:
            extra = dict(max_score=rules.max_score, idle_seconds=rules.idle_seconds,
                         reveal_answer=rules.reveal_answer, use_spoilers=rules.use_spoilers)
        return cls(questions=questions, seconds=seconds, essays=tuple(essays), kinds=tuple(kinds),
                   streak_bonus=quiz.streak_bonus, idle_questions_to_end=quiz.idle_questions_to_end,
                   reveal_seconds=reveal_seconds, tags=(tag,) if tag else (), **extra)


@dataclass
class _Question:
    number: int
    item: QuizItem
    choices: list[str]
    shown_mono: float
    deadline: dt.datetime
    answers: dict[int, PlayerAnswer] = field(default_factory=dict)
    pending: set[int] = field(default_factory=set)
    open: bool = True
    closed: asyncio.Event = field(default_factory=asyncio.Event)


class GroupSession:
    """One channel's quiz. Start it, feed it `submit`s, read its events; see the `bot.quiz.session` docstring."""

    kind = "group"

    def __init__(self, store: QuizStore, items: Sequence[QuizItem], *, guild_id: int, channel_id: int,
                 started_by: int, settings: GroupSettings = GroupSettings(), grader: Grader | None = None,
                 clock: Clock | None = None, rng: random.Random | None = None, on_event: EventCallback | None = None):
        if not items:
            raise UserError("no quiz items to play")
        self.store = store
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.started_by = started_by
        self.settings = settings
        self.grader = grader or Grader()
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.items = list(items)[: settings.questions]
        self.events: asyncio.Queue[Event] = asyncio.Queue()
        self.session_id: int | None = None
        self.final: SessionEnded | None = None
        self._on_event = on_event
        self._board = Board()
        self._current: _Question | None = None
        self._inflight = 0
        self._drained = asyncio.Event()
        self._drained.set()
        self._stopping = False
        self._stopped_by: int | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[SessionEnded] | None = None
        self._asked = 0
        self._first_shown = asyncio.Event()
        self._last_activity = 0.0
        self._winner: int | None = None
        self._missed: list[QuizItem] = []

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def current_question(self) -> int | None:
        q = self._current
        return q.number if q is not None and q.open else None

    async def start(self) -> int:
        """Open the session in the store and show the first question before returning."""
        settings = asdict(self.settings) | {"items": [i.id for i in self.items]}
        self.session_id = await self.store.start_session(self.guild_id, self.channel_id, self.kind, self.started_by, settings)
        self._last_activity = self.clock.monotonic()
        self._task = asyncio.create_task(self._run(), name=f"quiz-group-{self.session_id}")
        await self._first_shown.wait()
        return self.session_id

    async def wait(self) -> SessionEnded:
        if self._task is None:
            raise RuntimeError("the session was not started")
        return await asyncio.shield(self._task)

    async def stop(self, by_user_id: int, is_moderator: bool = False) -> SessionEnded:
        """End early; the current question is revealed and every answer so far stays saved."""
        if by_user_id != self.started_by and not is_moderator:
            raise UserError("only the person who started this quiz or a moderator can stop it")
        if self.final is not None:
            return self.final
        self._stopping = True
        self._stopped_by = by_user_id
        if self._current is not None:
            self._current.closed.set()
        self._wake.set()
        return await self.wait()

    async def _emit(self, event: Event) -> None:
        await _emit(self._on_event, self.events, event)

    async def submit(self, user_id: int, display_name: str, answer: int | str) -> SubmitResult:
        now = self.clock.monotonic()
        q = self._current
        if q is None or not q.open:
            return SubmitResult("closed")
        if user_id in q.answers or user_id in q.pending:
            return SubmitResult("already_answered", number=q.number)
        q.pending.add(user_id)
        self._inflight += 1
        self._drained.clear()
        try:
            grade = await self.grader.grade(q.item, answer, q.choices or None)
            if not grade.counts:
                await self._emit(AnswerRejected(self.session_id or 0, q.number, user_id, display_name, grade.reason or ""))
                return SubmitResult("rejected", reason=grade.reason, number=q.number, answer=grade.answer)
            return await self._lock(q, user_id, display_name, grade, now)
        finally:
            q.pending.discard(user_id)
            self._inflight -= 1
            if self._inflight == 0:
                self._drained.set()

    async def _lock(self, q: _Question, user_id: int, display_name: str, grade: GradeResult, now: float) -> SubmitResult:
        elapsed = max(0.0, now - q.shown_mono)
        base, bonus, streak = self._board.points_for(user_id, grade.correct, elapsed, self.settings.seconds,
                                                     with_streak=self.settings.streak_bonus)
        response_ms = int(round(elapsed * 1000))
        await self.store.record_attempt(
            self.guild_id, user_id, q.item.id, essay=q.item.essay, correct=grade.correct, answer=grade.answer,
            response_ms=response_ms, time_limit_s=float(self.settings.seconds), points=base + bonus,
            session_id=self.session_id,
        )
        self._board.add(user_id, display_name, grade.correct, base + bonus, streak)
        self._last_activity = now
        q.answers[user_id] = PlayerAnswer(user_id, display_name, grade.answer, grade.correct, base + bonus, bonus, response_ms)
        await self._emit(AnswerLocked(self.session_id or 0, q.number, user_id, display_name, len(q.answers)))
        if self.settings.end_when_all_answered and q.number > 1 and self._board.all_in(q.answers):
            q.closed.set()
        return SubmitResult("correct" if grade.correct else "wrong", points=base + bonus, bonus=bonus,
                            number=q.number, answer=grade.answer)

    def standings(self) -> list[Standing]:
        return self._board.standings()

    async def _ask(self, number: int, item: QuizItem) -> _Question:
        seconds = self.settings.seconds
        q = _Question(number, item, _display_choices(item, self.rng), self.clock.monotonic(),
                      self.clock.now() + dt.timedelta(seconds=seconds))
        self._current = q
        self._asked = number
        await self._emit(QuestionShown(self.session_id or 0, number, len(self.items), item, q.choices, q.deadline, seconds))
        self._first_shown.set()
        await sleep_or_wake(self.clock, seconds - (self.clock.monotonic() - q.shown_mono), q.closed)
        q.open = False
        await self._drained.wait()
        self._board.end_streaks_but(q.answers)
        answers = sorted(q.answers.values(), key=lambda a: a.response_ms)
        right = [a for a in answers if a.correct]
        if not right:
            self._missed.append(item)
        await self._emit(QuestionRevealed(
            self.session_id or 0, number, len(self.items), item, answer_text(item),
            right, [a for a in answers if not a.correct], self.standings(),
            answer_shown=bool(right) or self.settings.reveal_answer, spoiler=self.settings.use_spoilers,
        ))
        return q

    async def _run(self) -> SessionEnded:
        reason: EndReason = "completed"
        idle = 0
        try:
            for number, item in enumerate(self.items, start=1):
                if self._stopping:
                    break
                q = await self._ask(number, item)
                if self._stopping:
                    break
                idle = idle + 1 if not q.answers else 0
                if idle >= self.settings.idle_questions_to_end:
                    reason = "idle"
                    break
                self._winner = self._board.first_to(self.settings.max_score)
                if self._winner is not None:
                    break  # first to the pack's max_score wins; "completed"
                if (self.settings.idle_seconds is not None
                        and self.clock.monotonic() - self._last_activity >= self.settings.idle_seconds):
                    reason = "idle"
                    break
                if number < len(self.items):
                    await sleep_or_wake(self.clock, self.settings.reveal_seconds, self._wake)
            if self._stopping:
                reason = "stopped"
        except Exception:
            log.exception("group quiz %s failed", self.session_id)
            reason = "error"
        self._current = None
        self._first_shown.set()
        try:
            await self.store.end_session(self.guild_id, self.session_id or 0, _STORE_STATUS[reason])
        except Exception:  # noqa: BLE001 - the board is still shown; the store marks stale sessions at start
            log.exception("could not close quiz session %s", self.session_id)
        self.final = SessionEnded(self.session_id or 0, reason, self._stopped_by, self._asked, self.standings(),
                                  winner=self._winner, missed=list(self._missed), titles=_titles(self.grader, self._missed))
        await self._emit(self.final)
        return self.final


class SessionRegistry:
    """The running group sessions by (guild, channel): one per channel, forgotten when they end."""

    def __init__(self) -> None:
        self._sessions: dict[tuple[int, int], GroupSession] = {}

    def get(self, guild_id: int, channel_id: int) -> GroupSession | None:
        session = self._sessions.get((guild_id, channel_id))
        if session is not None and session.final is not None:
            del self._sessions[(guild_id, channel_id)]
            return None
        return session

    async def start(self, session: GroupSession) -> int:
        key = (session.guild_id, session.channel_id)
        if self.get(*key) is not None:
            raise UserError("a group quiz is already running in this channel; wait for it to end")
        self._sessions[key] = session
        try:
            session_id = await session.start()
        except BaseException:
            self._sessions.pop(key, None)
            raise
        task = session._task
        if task is not None:  # start() created it
            task.add_done_callback(lambda _t: self._sessions.pop(key, None) if self._sessions.get(key) is session else None)
        return session_id

    def running(self) -> list[GroupSession]:
        return [s for s in self._sessions.values() if s.final is None]

    async def stop_all(self) -> None:
        """On shutdown: end every running quiz so its results are saved, not left 'active'."""
        for session in self.running():
            try:
                await session.stop(0, is_moderator=True)
            except Exception:  # noqa: BLE001 - one broken session must not block shutdown
                log.exception("could not stop quiz session %s cleanly", session.session_id)
