"""The scoring rules the README documents: speed factor, streak bonus, ties."""

from __future__ import annotations

import pytest

from bot.bank import Difficulty
from bot.mock.scoring import AnswerFacts, round_points, speed_factor, standings, streak_before, streak_bonus


@pytest.mark.parametrize(("elapsed", "factor"), [(0, 1.0), (15, 0.875), (30, 0.75), (60, 0.5), (90, 0.5), (-1, 1.0)])
def test_speed_factor_is_full_at_once_and_half_at_the_deadline(elapsed, factor):
    assert speed_factor(elapsed, 60) == pytest.approx(factor)


@pytest.mark.parametrize(("streak", "bonus"), [(0, 0.0), (1, 0.1), (3, 0.3), (5, 0.5), (9, 0.5)])
def test_streak_bonus_is_ten_percent_a_pass_capped_at_fifty(streak, bonus):
    assert streak_bonus(streak) == pytest.approx(bonus)


def test_streak_counts_only_consecutive_passes_right_before():
    assert streak_before(5, {1: True, 2: True, 3: True, 4: True}) == 4
    assert streak_before(5, {1: True, 2: True, 3: False, 4: True}) == 1
    assert streak_before(5, {1: True, 2: True, 3: True}) == 0  # round 4 unanswered breaks it
    assert streak_before(1, {}) == 0


def test_round_points_combine_base_speed_and_streak_and_a_miss_earns_nothing():
    # hard (weight 3), score 0.8: base 24; half the time: x0.75; two passes before: x1.2
    assert round_points(score=0.8, passed=True, difficulty=Difficulty.HARD, elapsed_s=30, limit_s=60, streak=2) == 22
    assert round_points(score=1.0, passed=True, difficulty=Difficulty.EASY, elapsed_s=0, limit_s=30, streak=0) == 10
    assert round_points(score=0.5, passed=False, difficulty=Difficulty.HARD, elapsed_s=0, limit_s=30, streak=4) == 0


def test_ties_break_on_accuracy_then_total_time_with_unanswered_rounds_at_full_time():
    limits = {1: 30_000, 2: 30_000}
    answers = [
        # A and B: 20 points each; A passed twice, B once (B's one pass was worth more).
        AnswerFacts(1, 1, True, 10, 5_000),
        AnswerFacts(2, 1, True, 10, 5_000),
        AnswerFacts(1, 2, True, 20, 1_000),
        AnswerFacts(2, 2, False, 0, 1_000),
        # C and D: 10 points, one pass each; C skipped round 2 (counts 30 s), D took 20 s.
        AnswerFacts(1, 3, True, 10, 2_000),
        AnswerFacts(1, 4, True, 10, 2_000),
        AnswerFacts(2, 4, False, 0, 20_000),
    ]
    board = standings([1, 2, 3, 4, 5], answers, limits)
    assert [(s.user_id, s.rank) for s in board] == [(1, 1), (2, 2), (4, 3), (3, 4), (5, 5)]
    assert board[3].total_ms == 32_000 and board[4].total_ms == 60_000
    assert board[0].accuracy == 1.0 and board[4].average_s == 30.0


def test_members_equal_in_everything_share_a_rank():
    board = standings([7, 8], [AnswerFacts(1, 7, True, 10, 1_000), AnswerFacts(1, 8, True, 10, 1_000)], {1: 30_000})
    assert [s.rank for s in board] == [1, 1]


def test_rounds_not_yet_closed_do_not_count():
    board = standings([1], [AnswerFacts(1, 1, True, 10, 1_000), AnswerFacts(2, 1, True, 10, 1_000)], {1: 30_000})
    assert board[0].points == 10 and board[0].rounds == 1


def test_the_readme_example():
    # medium, score 0.9, 15 of 60 seconds, third pass in a row: round(18 x 0.875 x 1.2)
    assert round_points(score=0.9, passed=True, difficulty=Difficulty.MEDIUM, elapsed_s=15, limit_s=60, streak=2) == 19
