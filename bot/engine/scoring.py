"""Points: what an answer is worth on the leaderboard.

points = round(10 x score x difficulty weight), with easy 1, medium 2, hard 3; a hint
halves them, a late answer earns none. Integer points keep boards readable.
"""

from __future__ import annotations

from bot.bank import Difficulty

POINTS_PER_WEIGHT = 10


def points_for(score: float, difficulty: Difficulty, *, hinted: bool = False, late: bool = False) -> int:
    if late:
        return 0
    points = round(POINTS_PER_WEIGHT * max(0.0, min(score, 1.0)) * difficulty.weight)
    return points // 2 if hinted else points


def max_points(difficulty: Difficulty) -> int:
    return POINTS_PER_WEIGHT * difficulty.weight
