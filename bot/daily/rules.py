"""The daily question's rules as plain functions and numbers (documented in the README)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta

from bot.bank import Question

REVEAL_AFTER_MIN, REVEAL_AFTER_MAX, REVEAL_AFTER_DEFAULT = 1, 23, 20
# A server whose channel refused a post (403/404) is tried again after this long, or at
# once after /daily setup or /daily resume: never in a tight loop.
ERROR_BACKOFF = timedelta(hours=1)
STREAK_BONUS_CAP = 5
FIRST_CORRECT_SHOWN = 5
ANSWER_MAX_CHARS = 4000  # the modal's own limit (discord-limits.md)
LETTERS = "ABCDE"  # a choice question has at most five options (bot/bank/limits.py)


def streak_bonus(streak_days: int) -> int:
    """+1 point per consecutive day beyond the first, at most +5 (added to passing answers)."""
    return max(0, min(streak_days - 1, STREAK_BONUS_CAP))


def pick_question(pool: Sequence[Question], posted_oldest_first: Sequence[str], rng: random.Random) -> str:
    """A question this server has not had yet; once all were posted, the longest ago.

    ``posted_oldest_first`` holds each question id posted in the server once, ordered by
    when it was last posted. ``pool`` must not be empty.
    """
    seen = set(posted_oldest_first)
    fresh = [question for question in pool if question.id not in seen]
    if fresh:
        return rng.choice(fresh).id
    in_pool = {question.id for question in pool}
    return next(question_id for question_id in posted_oldest_first if question_id in in_pool)


def option_order(post_id: int, question: Question) -> list[int]:
    """The shown order of a choice question's options, stable for a post across restarts.

    Canonical index 0 is the correct option; the shuffle is seeded by the post so every
    member sees the same order and a button's position means the same option tomorrow.
    """
    order = list(range(len(question.options)))
    random.Random(f"daily:{post_id}:{question.id}").shuffle(order)  # noqa: S311 - a display order
    return order
