"""Quiz sessions: group (a channel plays together), solo and review (one learner, private).

All three are transport-agnostic: the Discord adapter, `tutorbot chat` and the tests drive the
same objects. Time comes from an injected `Clock` and question order from an injected
`random.Random`, so a test with `FakeClock` replays a whole game exactly without sleeping.

Group session, for an adapter:

    session = GroupSession(store, items, guild_id=g, channel_id=c, started_by=u,
                           settings=GroupSettings.from_settings(settings.quiz, questions=5),
                           grader=Grader(embedder), clock=clock, rng=random.Random(),
                           on_event=send_to_channel)          # or omit and read session.events
    await session.start()                                     # raises UserError if the channel is busy
    result = await session.submit(user_id, "Ada", 2)          # choice index, letter or typed text
    final = await session.stop(user_id, is_moderator=False)   # or: final = await session.wait()

Events, in order per question: `QuestionShown`, then per player `AnswerLocked` (counted,
correctness hidden until the reveal) or `AnswerRejected` (empty answer, guess list, bad choice:
they may answer again), then `QuestionRevealed`; finally one `SessionEnded` with the board.
Every locked answer is written with `store.record_attempt` (committed) before its event is
emitted and before `submit` returns, so nothing a player was told can be lost.

Points and the leaderboard (the leaderboard sums the points recorded with each attempt):
- group quizzes earn full points (speed plus streak bonus): everyone plays the same questions
  live, and a channel's quiz avoids the items of its last few quizzes;
- a solo quiz earns points only for an item the learner has never answered right before in this
  server; replaying items they already know is practice: it counts for progress (accuracy,
  spaced repetition) but adds no leaderboard points, so replaying cannot farm points;
- review sessions are practice by definition: progress, no leaderboard points;
- in every mode an answer after the time shown is graded and recorded but earns no points and
  ends the streak, as the closed question of a group quiz would; `quiz.streak_bonus` applies
  in every mode.

Choosing questions (`pick_items`): never two items from the same source sentence (a generated
cloze and its multiple-choice twin share their prompt) or about the same answer in the same
paragraph, never an item whose answer another chosen item's prompt shows, and items seen in the
player's (or channel's) last few quizzes only when nothing else is left.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from dataclasses import asdict, dataclass, field
from typing import Any, Awaitable, Callable, Collection, Literal, Protocol, Sequence

from bot.clock import Clock, SystemClock
from bot.errors import UserError
from bot.quiz.feedback import Passage, needs, passage_for
from bot.quiz.grading import Grader, GradeResult, shown_choices
from bot.quiz.items import BLANK, QuizItem, from_record
from bot.quiz.normalize import canonical
from bot.quiz.scoring import points_for

log = logging.getLogger(__name__)

EndReason = Literal["completed", "stopped", "idle", "error"]
_STORE_STATUS = {"completed": "finished", "idle": "abandoned", "stopped": "cancelled", "error": "abandoned"}


class QuizStore(Protocol):
    """The store methods sessions use (bot.store.Store implements them)."""

    async def start_session(self, guild_id: int, channel_id: int | None, kind: str, started_by: int, settings: dict) -> int: ...

    async def end_session(self, guild_id: int, session_id: int, status: str = "finished") -> None: ...

    async def record_attempt(self, guild_id: int, user_id: int, item_id: str, *, essay: str, correct: bool, answer: str,
                             response_ms: int, time_limit_s: float, points: int = 0, session_id: int | None = None) -> int: ...

    async def list_items(self, guild_id: int, *, essay: str | None = None, status: str | None = "active",
                         include_global: bool = True) -> list[dict]: ...

    async def get_item(self, guild_id: int, item_id: str) -> dict | None: ...

    async def due_items(self, guild_id: int, user_id: int, *, essay: str | None = None, limit: int = 20) -> list[Any]: ...

    async def recent_session_items(self, guild_id: int, *, user_id: int | None = None, channel_id: int | None = None,
                                   sessions: int = 3) -> set[str]: ...

    async def correct_item_ids(self, guild_id: int, user_id: int, item_ids: Sequence[str]) -> set[str]: ...

    async def learner_progress(self, guild_id: int, user_id: int) -> Any: ...


# -- events -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionShown:
    session_id: int
    number: int          # 1-based
    total: int
    item: QuizItem
    choices: list[str]   # as shown (shuffled); empty for typed answers
    deadline: dt.datetime
    seconds: int

    @property
    def typed(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class AnswerLocked:
    session_id: int
    number: int
    user_id: int
    display_name: str
    answered: int        # how many players have locked an answer to this question


@dataclass(frozen=True)
class AnswerRejected:
    session_id: int
    number: int
    user_id: int
    display_name: str
    reason: str          # empty | guess_list | invalid_choice | too_long


@dataclass(frozen=True)
class PlayerAnswer:
    user_id: int
    display_name: str
    answer: str
    correct: bool
    points: int          # speed points + streak bonus
    bonus: int
    response_ms: int


@dataclass(frozen=True)
class Standing:
    rank: int
    user_id: int
    display_name: str
    score: int
    correct: int
    answered: int


@dataclass(frozen=True)
class QuestionRevealed:
    session_id: int
    number: int
    total: int
    item: QuizItem
    answer_text: str             # the correct answer as a person should read it
    correct_players: list[PlayerAnswer]   # fastest first
    wrong_players: list[PlayerAnswer]
    standings: list[Standing]
    answer_shown: bool = True    # False when nobody got it and the pack asks not to reveal it
    spoiler: bool = False        # show the answer hidden (a pack's use_spoilers)


@dataclass(frozen=True)
class SessionEnded:
    session_id: int
    reason: EndReason
    stopped_by: int | None
    questions_asked: int
    board: list[Standing]        # everyone, best first; board[:3] is the podium
    winner: int | None = None    # who reached the pack's max_score first, when it has one
    missed: list[QuizItem] = field(default_factory=list)  # questions nobody got right: the recap
    titles: dict[str, str] = field(default_factory=dict)   # essay id -> title, for the recap

    @property
    def podium(self) -> list[Standing]:
        return self.board[:3]


Event = QuestionShown | AnswerLocked | AnswerRejected | QuestionRevealed | SessionEnded
EventCallback = Callable[[Event], Awaitable[None]]


@dataclass(frozen=True)
class SubmitResult:
    """What `submit` tells the one player who answered (shown privately by the adapter)."""

    status: Literal["correct", "wrong", "rejected", "already_answered", "closed"]
    points: int = 0
    bonus: int = 0
    reason: str | None = None
    number: int | None = None
    answer: str = ""             # the answer as recorded (the choice text for choices)


# -- settings and item selection -----------------------------------------------------------------

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


def pick_items(items: Sequence[QuizItem], count: int, rng: random.Random, *, essays: Sequence[str] = (),
               kinds: Sequence[str] = (), tags: Sequence[str] = (), avoid: Collection[str] = ()) -> list[QuizItem]:
    """`count` random items without twins (see the module docstring); items in `avoid` (seen in
    recent quizzes) come last, so they are asked again only when nothing fresh is left."""
    pool = [i for i in items if (not essays or i.essay in essays) and (not kinds or i.kind in kinds)
            and (not tags or set(tags) & set(i.tags))]
    if not pool:
        raise UserError("no active quiz items match those options")
    pool.sort(key=lambda i: i.id)  # the same rng seed gives the same quiz whatever the store order
    order = rng.sample(pool, len(pool))
    order = [i for i in order if i.id not in avoid] + [i for i in order if i.id in avoid]
    chosen: list[QuizItem] = []
    for item in order:
        if len(chosen) >= count:
            break
        if not any(twins(item, other) for other in chosen):
            chosen.append(item)
    return chosen


def _source_key(item: QuizItem) -> str:
    return canonical(item.prompt.replace(BLANK, " "))


def twins(a: QuizItem, b: QuizItem) -> bool:
    """Two items that must not share a quiz: one source sentence, one fact, or one gives the other away."""
    if a.essay == b.essay and _source_key(a) == _source_key(b):
        return True
    if (a.essay == b.essay and a.paragraph is not None and a.paragraph == b.paragraph
            and canonical(answer_text(a)) == canonical(answer_text(b))):
        return True
    return _shows_answer(a, b) or _shows_answer(b, a)


def _shows_answer(asker: QuizItem, other: QuizItem) -> bool:
    if other.kind == "true_false":
        return False
    answer = canonical(other.answer)
    if len(answer) < 4:
        return False
    return f" {answer} " in f" {canonical(asker.prompt.replace(BLANK, ' '))} "


async def load_pool(store: QuizStore, guild_id: int, *, essays: Sequence[str] = ()) -> list[QuizItem]:
    """Active items visible in a server (its own and the built-in ones)."""
    records = []
    if essays:
        for essay in essays:
            records += await store.list_items(guild_id, essay=essay)
    else:
        records = await store.list_items(guild_id)
    items = []
    for record in records:
        try:
            items.append(from_record(record))
        except Exception:  # noqa: BLE001 - one corrupt row must not stop a quiz
            log.warning("skipping quiz item %s: does not match the schema", record.get("id"))
    return items


def _display_choices(item: QuizItem, rng: random.Random) -> list[str]:
    choices = shown_choices(item)
    if item.kind == "multiple_choice":
        rng.shuffle(choices)
    return choices


def answer_text(item: QuizItem) -> str:
    if item.kind == "true_false":
        return "True" if item.answer == "true" else "False"
    return item.answer


async def _emit(callback: EventCallback | None, queue: asyncio.Queue[Event], event: Event) -> None:
    if callback is None:
        queue.put_nowait(event)
        return
    try:
        await callback(event)
    except Exception:  # noqa: BLE001 - a failed message must not kill the game for everyone
        log.exception("quiz event handler failed for %s", type(event).__name__)


# -- group ------------------------------------------------------------------------------------

@dataclass
class _Player:
    user_id: int
    display_name: str
    score: int = 0
    correct: int = 0
    answered: int = 0
    streak: int = 0
    first_seen: int = 0   # order of first answer: ties on the board go to whoever joined first


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
    """One channel's quiz. Start it, feed it `submit`s, read its events; see the module docstring."""

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
        self._players: dict[int, _Player] = {}
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
        player = self._players.get(user_id)
        streak = (player.streak + 1) if (player and grade.correct) else (1 if grade.correct else 0)
        base, bonus = points_for(grade.correct, elapsed, self.settings.seconds, streak, with_streak=self.settings.streak_bonus)
        response_ms = int(round(elapsed * 1000))
        await self.store.record_attempt(
            self.guild_id, user_id, q.item.id, essay=q.item.essay, correct=grade.correct, answer=grade.answer,
            response_ms=response_ms, time_limit_s=float(self.settings.seconds), points=base + bonus,
            session_id=self.session_id,
        )
        if player is None:
            player = self._players[user_id] = _Player(user_id, display_name, first_seen=len(self._players))
        player.display_name = display_name
        player.answered += 1
        self._last_activity = now
        player.streak = streak
        if grade.correct:
            player.correct += 1
            player.score += base + bonus
        q.answers[user_id] = PlayerAnswer(user_id, display_name, grade.answer, grade.correct, base + bonus, bonus, response_ms)
        await self._emit(AnswerLocked(self.session_id or 0, q.number, user_id, display_name, len(q.answers)))
        if (self.settings.end_when_all_answered and q.number > 1 and self._players
                and all(uid in q.answers for uid in self._players)):
            q.closed.set()
        return SubmitResult("correct" if grade.correct else "wrong", points=base + bonus, bonus=bonus,
                            number=q.number, answer=grade.answer)

    def standings(self) -> list[Standing]:
        ordered = sorted(self._players.values(), key=lambda p: (-p.score, -p.correct, p.first_seen))
        out: list[Standing] = []
        for index, p in enumerate(ordered):
            rank = out[-1].rank if out and out[-1].score == p.score and out[-1].correct == p.correct else index + 1
            out.append(Standing(rank, p.user_id, p.display_name, p.score, p.correct, p.answered))
        return out

    async def _sleep_until(self, deadline_mono: float) -> None:
        # The remaining time is computed when this task first runs, not when it is created, so
        # a clock that moved in between (a fake clock advanced by a test) does not shift it.
        await self.clock.sleep(deadline_mono - self.clock.monotonic())

    async def _sleep_or_wake(self, seconds: float, wake: asyncio.Event) -> None:
        if wake.is_set() or seconds <= 0:
            return
        sleeper = asyncio.ensure_future(self._sleep_until(self.clock.monotonic() + seconds))
        waker = asyncio.ensure_future(wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                if not task.done():
                    task.cancel()
            await asyncio.gather(sleeper, waker, return_exceptions=True)

    async def _ask(self, number: int, item: QuizItem) -> _Question:
        seconds = self.settings.seconds
        q = _Question(number, item, _display_choices(item, self.rng), self.clock.monotonic(),
                      self.clock.now() + dt.timedelta(seconds=seconds))
        self._current = q
        self._asked = number
        await self._emit(QuestionShown(self.session_id or 0, number, len(self.items), item, q.choices, q.deadline, seconds))
        self._first_shown.set()
        await self._sleep_or_wake(seconds - (self.clock.monotonic() - q.shown_mono), q.closed)
        q.open = False
        await self._drained.wait()
        for user_id, player in self._players.items():
            if user_id not in q.answers:
                player.streak = 0
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

    def _reached_max_score(self) -> int | None:
        target = self.settings.max_score
        if not target:
            return None
        reached = [s for s in self.standings() if s.correct >= target]
        return reached[0].user_id if reached else None

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
                self._winner = self._reached_max_score()
                if self._winner is not None:
                    break  # first to the pack's max_score wins; "completed"
                if (self.settings.idle_seconds is not None
                        and self.clock.monotonic() - self._last_activity >= self.settings.idle_seconds):
                    reason = "idle"
                    break
                if number < len(self.items):
                    await self._sleep_or_wake(self.settings.reveal_seconds, self._wake)
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
        session._task.add_done_callback(lambda _t: self._sessions.pop(key, None) if self._sessions.get(key) is session else None)  # type: ignore[union-attr]
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


# -- solo and review --------------------------------------------------------------------------

@dataclass(frozen=True)
class SoloResult:
    """The outcome of one answer in a private session, with everything needed to reveal it."""

    status: Literal["correct", "wrong", "rejected", "skipped"]
    number: int
    total: int
    item: QuizItem
    answer_text: str
    given: str
    points: int = 0
    reason: str | None = None
    similarity: float | None = None
    late: bool = False          # answered after the time shown: graded, recorded, no points
    seconds: int = 0            # the time shown for the question
    practice: bool = False      # right, but a review or a repeat: progress, no leaderboard points
    passage: Passage | None = None     # after a miss: the cited sentence to reread
    needs: tuple[str, ...] = ()        # a near miss: the key words it lacked


@dataclass(frozen=True)
class SoloSummary:
    session_id: int
    kind: str
    asked: int
    correct: int
    score: int
    missed: list[QuizItem]
    titles: dict[str, str] = field(default_factory=dict)   # essay id -> title, for the recap
    wrong: int = 0      # answered wrong
    skipped: int = 0    # skipped: no answer, shown apart from wrong ones
    late: int = 0       # right but after the time: 0 points, a miss like the docs say


def _titles(grader: Grader, items: Sequence[QuizItem]) -> dict[str, str]:
    essays = grader.essays()
    return {i.essay: essays[i.essay].title for i in items if i.essay in essays}


Scoring = Literal["full", "first_time", "none"]


class SoloSession:
    """A private, pull-based run: `next_question()`, then `answer()` or `skip()`, until None.

    The time shown is enforced when the answer arrives: an answer after `seconds` is graded and
    recorded (spaced repetition sees a slow answer) but is marked late and earns no points, and
    the streak ends, as a group quiz's closed question would. `skip()` records a miss.

    `scoring` is the leaderboard policy (see the module docstring): "first_time" earns points only
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
        self._timer: asyncio.Task[None] | None = None
        self.guild_id = guild_id
        self.user_id = user_id
        self.kind = kind
        self.seconds = seconds
        self.channel_id = channel_id
        self.grader = grader or Grader()
        self.clock = clock or SystemClock()
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
        self._stop_timer()
        if self.on_time_up is None:
            return
        deadline = self._shown_mono + self.seconds  # fixed now: the task may first run a little later
        self._timer = asyncio.create_task(self._time_up(shown, deadline), name=f"quiz-timer-{self.session_id}-{shown.number}")

    def _stop_timer(self) -> None:
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
        self._timer = None

    async def _time_up(self, shown: QuestionShown, deadline: float) -> None:
        await self.clock.sleep(deadline - self.clock.monotonic())
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

    def _earns_points(self, item: QuizItem) -> bool:
        if self.scoring == "none":
            return False
        return self.scoring == "full" or item.id not in self._known

    async def _record(self, shown: QuestionShown, grade: GradeResult, elapsed: float, *, skipped: bool = False) -> SoloResult:
        late = not skipped and elapsed > self.seconds
        earns = self._earns_points(shown.item)
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
        self._stop_timer()
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
        status = "correct" if grade.correct else "skipped" if skipped else "wrong"
        passage = None if grade.correct and not late else passage_for(shown.item, self.grader.essays())
        return SoloResult(status, shown.number, shown.total, shown.item,
                          answer_text(shown.item), grade.answer, points=base + bonus, reason=grade.reason,
                          similarity=grade.similarity, late=late and grade.correct, seconds=self.seconds,
                          practice=grade.correct and not late and not earns, passage=passage, needs=needs(grade))

    async def finish(self) -> SoloSummary:
        """End the session (early or at the end); safe to call twice."""
        asked = self._index + (1 if self._answered else 0) if self._index >= 0 else 0
        asked = min(asked, len(self.items))
        self._stop_timer()
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


class EssayNotFound(UserError):
    """No essay matches what the learner typed (several matching is a plain UserError)."""


def find_essay(essays: Sequence[Any], text: str) -> Any:
    """The one essay a learner means by an id, an unambiguous id prefix or its author's name
    ("walt", "rana-left", "Stephen Walt"); a clear UserError when none or several match."""
    from bot.corpus.authors import author_names

    wanted = " ".join(text.lower().replace("_", "-").split())
    if not wanted:
        raise UserError("which essay? give its id or its author's name")
    exact = [e for e in essays if e.slug == wanted]
    if exact:
        return exact[0]
    hits = []
    for essay in essays:
        names = {n.lower() for a in author_names(essay.author) for n in (a.surname, a.full, a.short)}
        if essay.slug.startswith(wanted) or wanted in names:
            hits.append(essay)
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(e.slug for e in essays[:10]) or "none"
    if not hits:
        raise EssayNotFound(f"no essay matches '{text[:60]}'; known: {known}")
    raise UserError(f"'{text[:60]}' matches several essays ({', '.join(e.slug for e in hits[:5])}); type more of the id")


RECENT_SESSIONS = 3  # a quiz avoids the items of the player's (or channel's) last three quizzes


async def recently_asked(store: QuizStore, guild_id: int, *, user_id: int | None = None,
                         channel_id: int | None = None) -> set[str]:
    """Item ids of the last few quizzes a learner started (solo, review) or a channel played."""
    return set(await store.recent_session_items(guild_id, user_id=user_id, channel_id=channel_id,
                                                sessions=RECENT_SESSIONS))


async def _due_items(store: QuizStore, guild_id: int, user_id: int, essays: Sequence[str], limit: int) -> list[QuizItem]:
    due = []
    if essays:
        for essay in essays:
            due += await store.due_items(guild_id, user_id, essay=essay, limit=limit)
        due.sort(key=lambda d: d.due)
    else:
        due = await store.due_items(guild_id, user_id, limit=limit)
    items = []
    for entry in due[:limit]:
        record = await store.get_item(guild_id, entry.item_id)
        if record is None:
            continue
        try:
            items.append(from_record(record))
        except Exception:  # noqa: BLE001
            log.warning("skipping due item %s: does not match the schema", entry.item_id)
    return items
