"""Learner and server statistics: the result types and the pure arithmetic behind them.

The store fetches rows (all SQL stays in `bot/store/`) and hands them here, so the definitions of
a streak, accuracy and mastery live in one place and are tested without a database.

Definitions (all days are UTC calendar days):
- day streak: consecutive days with any activity (a quiz attempt or a question to the tutor).
  The current streak is still alive if the last active day is today or yesterday: a learner who
  studied yesterday has not lost the streak before today is over.
- answer streak: consecutive correct quiz attempts, newest backwards for the current one.
- mastery of an essay: the mean predicted recall over every item of that essay visible in the
  server, counting unseen items as 0. That equals (mean retrievability of the items seen) x (share
  of the essay's items seen); both parts are reported beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence


def _iso(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


def accuracy(correct: int, attempts: int) -> float | None:
    return correct / attempts if attempts else None


def is_skip(correct: object, answer: str | None) -> bool:
    """A skipped question: recorded (spaced repetition brings it back) with no answer. The grader
    never records an empty answer, so an empty one is a skip, not a wrong answer."""
    return not correct and not (answer or "").strip()


def memory(retrievability: float, last_right: bool) -> float:
    """The memory of one item: FSRS's predicted recall, but 0 while the latest answer to it was a
    miss. Right after a review FSRS predicts full recall whatever the rating, which showed "memory
    100%" just after three misses in five; a question just missed is not in memory until answered
    right again."""
    return retrievability if last_right else 0.0


def day_streaks(days: Iterable[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, best) runs of consecutive active days."""
    ordered = sorted(set(days))
    if not ordered:
        return 0, 0
    best = run = 1
    for prev, cur in zip(ordered, ordered[1:]):
        run = run + 1 if (cur - prev).days == 1 else 1
        best = max(best, run)
    current = run if (today - ordered[-1]).days <= 1 else 0
    return current, best


def answer_streaks(results: Sequence[bool]) -> tuple[int, int]:
    """(current, best) runs of consecutive correct answers; `results` oldest first."""
    best = run = 0
    for ok in results:
        run = run + 1 if ok else 0
        best = max(best, run)
    return run, best


def mastery(retrievabilities: Sequence[float], total_items: int) -> tuple[float, float, float]:
    """(mean retrievability of seen items, coverage, mastery) for one essay."""
    seen = len(retrievabilities)
    mean_r = sum(retrievabilities) / seen if seen else 0.0
    coverage = min(1.0, seen / total_items) if total_items else 0.0
    return mean_r, coverage, mean_r * coverage


@dataclass(frozen=True)
class DueItem:
    item_id: str
    essay: str
    due: dt.datetime
    retrievability: float


@dataclass(frozen=True)
class EssayProgress:
    essay: str
    attempts: int         # answers given (skips not included)
    correct: int
    accuracy: float | None
    items_total: int      # active items of this essay visible in the server
    items_seen: int       # of those, how many the learner has reviewed at least once
    retrievability: float  # mean predicted recall of the seen items
    coverage: float       # items_seen / items_total
    mastery: float        # retrievability x coverage
    skipped: int = 0      # questions skipped (apart from wrong answers)


@dataclass(frozen=True)
class RecentAttempt:
    item_id: str
    essay: str
    correct: bool
    points: int
    at: dt.datetime
    prompt: str = ""      # the question as the learner saw it (shown instead of the item id)
    skipped: bool = False  # skipped, not answered wrong


@dataclass(frozen=True)
class LearnerProgress:
    guild_id: int
    user_id: int
    questions_asked: int
    attempts: int
    correct: int
    accuracy: float | None
    points: int
    day_streak: int
    best_day_streak: int
    answer_streak: int
    best_answer_streak: int
    due_now: int
    next_due: dt.datetime | None
    last_active: dt.datetime | None
    essays: list[EssayProgress] = field(default_factory=list)
    recent: list[RecentAttempt] = field(default_factory=list)
    skipped: int = 0      # questions skipped: not answers, so not in `attempts` or `accuracy`

    def to_dict(self) -> dict:
        return {key: _iso(value) for key, value in asdict(self).items()}


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    user_id: int
    points: int
    attempts: int
    correct: int
    accuracy: float | None
    day_streak: int
    best_day_streak: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class MissedItem:
    item_id: str
    essay: str
    attempts: int
    wrong: int
    miss_rate: float
    item: dict | None  # the stored item (None if it was removed since)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class HistoryPoint:
    """One essay on one day: that day's attempts and the mastery at the end of the day."""

    day: dt.date
    essay: str
    attempts: int
    correct: int
    accuracy: float | None
    mastery: float

    def to_dict(self) -> dict:
        return {key: _iso(value) for key, value in asdict(self).items()}


LEADERBOARD_KINDS = ("points", "accuracy", "streak")


def rank_rows(rows: list[dict], by: str, *, min_attempts: int) -> list[LeaderRow]:
    """Order learners for a leaderboard; accuracy needs `min_attempts` so one lucky answer cannot top it."""
    if by not in LEADERBOARD_KINDS:
        raise ValueError(by)
    if by == "points":
        rows = [r for r in rows if r["attempts"] > 0]
        rows.sort(key=lambda r: (-r["points"], -r["correct"], r["user_id"]))
    elif by == "accuracy":
        rows = [r for r in rows if r["attempts"] >= min_attempts]
        rows.sort(key=lambda r: (-(r["correct"] / r["attempts"]), -r["attempts"], r["user_id"]))
    else:
        rows = [r for r in rows if r["day_streak"] > 0]
        rows.sort(key=lambda r: (-r["day_streak"], -r["best_day_streak"], -r["points"], r["user_id"]))
    return [
        LeaderRow(
            rank=i,
            user_id=r["user_id"],
            points=r["points"],
            attempts=r["attempts"],
            correct=r["correct"],
            accuracy=accuracy(r["correct"], r["attempts"]),
            day_streak=r["day_streak"],
            best_day_streak=r["best_day_streak"],
        )
        for i, r in enumerate(rows, start=1)
    ]
