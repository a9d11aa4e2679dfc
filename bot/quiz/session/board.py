"""Scoring within a session: the group board (each player's points, right answers and streak, and
the standings) and the solo leaderboard policy (`Scoring`). The points for one answer come from
`bot.quiz.scoring`; the package docstring of `bot.quiz.session` says who earns them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Literal

from bot.quiz.scoring import points_for
from bot.quiz.session.events import Standing

Scoring = Literal["full", "first_time", "none"]


def earns_points(scoring: Scoring, known: Collection[str], item_id: str) -> bool:
    """Whether a right answer to this item adds leaderboard points under the solo policy: "first_time"
    only for items the learner never answered right before (`known`), "none" never, "full" always."""
    if scoring == "none":
        return False
    return scoring == "full" or item_id not in known


@dataclass
class _Player:
    user_id: int
    display_name: str
    score: int = 0
    correct: int = 0
    answered: int = 0
    streak: int = 0
    first_seen: int = 0   # order of first answer: ties on the board go to whoever joined first


class Board:
    """The players of a group quiz, in order of their first answer."""

    def __init__(self) -> None:
        self._players: dict[int, _Player] = {}

    def points_for(self, user_id: int, correct: bool, elapsed: float, seconds: int, *,
                   with_streak: bool) -> tuple[int, int, int]:
        """(speed points, streak bonus, streak) this answer earns, before it is recorded."""
        player = self._players.get(user_id)
        streak = (player.streak + 1) if (player and correct) else (1 if correct else 0)
        base, bonus = points_for(correct, elapsed, seconds, streak, with_streak=with_streak)
        return base, bonus, streak

    def add(self, user_id: int, display_name: str, correct: bool, points: int, streak: int) -> None:
        """Count a recorded answer (a new player joins the board with it)."""
        player = self._players.get(user_id)
        if player is None:
            player = self._players[user_id] = _Player(user_id, display_name, first_seen=len(self._players))
        player.display_name = display_name
        player.answered += 1
        player.streak = streak
        if correct:
            player.correct += 1
            player.score += points

    def all_in(self, answered: Collection[int]) -> bool:
        """Every player on the board has answered (and there is at least one)."""
        return bool(self._players) and all(uid in answered for uid in self._players)

    def end_streaks_but(self, answered: Collection[int]) -> None:
        """A question closed: whoever did not answer it loses their streak."""
        for user_id, player in self._players.items():
            if user_id not in answered:
                player.streak = 0

    def standings(self) -> list[Standing]:
        ordered = sorted(self._players.values(), key=lambda p: (-p.score, -p.correct, p.first_seen))
        out: list[Standing] = []
        for index, p in enumerate(ordered):
            rank = out[-1].rank if out and out[-1].score == p.score and out[-1].correct == p.correct else index + 1
            out.append(Standing(rank, p.user_id, p.display_name, p.score, p.correct, p.answered))
        return out

    def first_to(self, target: int | None) -> int | None:
        """The best-placed player with `target` right answers (a pack's max_score), if any."""
        if not target:
            return None
        reached = [s for s in self.standings() if s.correct >= target]
        return reached[0].user_id if reached else None
