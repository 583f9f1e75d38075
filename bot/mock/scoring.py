"""Points and standings of a live-rounds session: pure functions, documented in the README.

A passing answer earns the solo interview's points (``bot.engine.scoring.points_for``:
10 x score x difficulty weight) times a speed factor ``1 - t/T/2`` (Kahoot's rule: full
points at once, half at the deadline) times ``1 + streak bonus``, where the bonus is
+10% per consecutive pass before this one, capped at +50%. An answer that does not pass
earns nothing. Standings: points, then accuracy (passes), then total time, where a round
a member did not answer counts as its full time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.bank import Difficulty
from bot.engine.scoring import points_for

STREAK_STEP = 0.10
STREAK_CAP = 0.50


def speed_factor(elapsed_s: float, limit_s: float) -> float:
    """1.0 for an instant answer, 0.5 at the deadline (clamped to that range)."""
    if limit_s <= 0:
        return 1.0
    return 1.0 - max(0.0, min(elapsed_s / limit_s, 1.0)) / 2


def streak_bonus(streak: int) -> float:
    return min(STREAK_STEP * max(streak, 0), STREAK_CAP)


def streak_before(round_number: int, earlier: Mapping[int, bool]) -> int:
    """How many rounds in a row, right before ``round_number``, the member passed."""
    streak, previous = 0, round_number - 1
    while previous >= 1 and earlier.get(previous, False):
        streak += 1
        previous -= 1
    return streak


def round_points(
    *, score: float, passed: bool, difficulty: Difficulty, elapsed_s: float, limit_s: float, streak: int
) -> int:
    if not passed:
        return 0
    base = points_for(score, difficulty)
    return round(base * speed_factor(elapsed_s, limit_s) * (1 + streak_bonus(streak)))


@dataclass(frozen=True, slots=True)
class AnswerFacts:
    """What standings need of one answer."""

    round: int
    user_id: int
    passed: bool
    points: int
    elapsed_ms: int


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int  # equal points, passes and time share a rank
    user_id: int
    points: int
    passes: int
    answered: int
    rounds: int  # rounds that count (closed ones)
    total_ms: int  # answered rounds at their time, unanswered at the full time

    @property
    def accuracy(self) -> float:
        return self.passes / self.rounds if self.rounds else 0.0

    @property
    def average_s(self) -> float:
        return self.total_ms / self.rounds / 1000 if self.rounds else 0.0


def standings(
    players: Iterable[int], answers: Iterable[AnswerFacts], round_limits_ms: Mapping[int, int]
) -> list[Standing]:
    """Everyone seated (and anyone who answered), best first, over the rounds in ``round_limits_ms``."""
    by_member: dict[int, list[AnswerFacts]] = {user_id: [] for user_id in players}
    for answer in answers:
        if answer.round in round_limits_ms:
            by_member.setdefault(answer.user_id, []).append(answer)
    full_time = sum(round_limits_ms.values())
    rows = []
    for user_id, given in by_member.items():
        answered_rounds = {a.round for a in given}
        total = full_time - sum(round_limits_ms[r] for r in answered_rounds) + sum(a.elapsed_ms for a in given)
        rows.append(
            (
                sum(a.points for a in given),
                sum(a.passed for a in given),
                total,
                user_id,
                len(given),
            )
        )
    rows.sort(key=lambda row: (-row[0], -row[1], row[2], row[3]))
    ranked: list[Standing] = []
    for index, (points, passes, total, user_id, answered) in enumerate(rows):
        previous = ranked[-1] if ranked else None
        tied = previous is not None and (previous.points, previous.passes, previous.total_ms) == (points, passes, total)
        rank = previous.rank if tied and previous is not None else index + 1
        ranked.append(Standing(rank, user_id, points, passes, answered, len(round_limits_ms), total))
    return ranked


def round_gains(answers: Sequence[AnswerFacts]) -> list[AnswerFacts]:
    """One round's answers by points earned, then speed."""
    return sorted(answers, key=lambda a: (-a.points, a.elapsed_ms, a.user_id))
