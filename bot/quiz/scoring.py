"""Points for a correct answer: speed (Kahoot-like) plus an optional, capped streak bonus.

Linear in response time so players can predict it: 1000 points for an instant answer, 500 at
the deadline (a correct answer is always worth at least half). The streak bonus adds 100 per
consecutive correct answer before this one, capped at 500, so a long streak helps but one lucky
run cannot outweigh several fast correct answers.
"""

from __future__ import annotations

import math

MAX_POINTS = 1000
MIN_POINTS = 500
STREAK_STEP = 100
STREAK_CAP = 500


def speed_points(response_s: float, limit_s: float) -> int:
    if limit_s <= 0:
        return MIN_POINTS
    fraction = min(max(response_s / limit_s, 0.0), 1.0)
    return int(math.floor(MAX_POINTS - (MAX_POINTS - MIN_POINTS) * fraction + 0.5))


def streak_bonus(streak: int) -> int:
    """`streak` counts consecutive correct answers including this one."""
    if streak < 2:
        return 0
    return min(STREAK_STEP * (streak - 1), STREAK_CAP)


def points_for(correct: bool, response_s: float, limit_s: float, streak: int = 0, *, with_streak: bool = True) -> tuple[int, int]:
    """(speed points, streak bonus) for one answer; (0, 0) when wrong."""
    if not correct:
        return 0, 0
    return speed_points(response_s, limit_s), streak_bonus(streak) if with_streak else 0
