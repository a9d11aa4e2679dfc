"""What a session tells its adapter: the frozen events of a group quiz (`QuestionShown`,
`AnswerLocked`, `AnswerRejected`, `QuestionRevealed`, `SessionEnded`), the private results of
`submit` and of a solo answer, the solo summary, and the answer as a person should read it. The
adapter renders them (`bot.quiz.format`, the Discord cog); nothing here has Discord types.
Imports nothing of the package."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Literal, Sequence

from bot.quiz.feedback import Passage
from bot.quiz.grading import Grader
from bot.quiz.items import QuizItem

log = logging.getLogger(__name__)


EndReason = Literal["completed", "stopped", "idle", "error"]


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
