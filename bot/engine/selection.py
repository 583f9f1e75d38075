"""Choosing the next question: topic and difficulty honoured, no repeats, fresh ones first."""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.bank import Bank, Difficulty, Question


def pick_question(
    bank: Bank,
    *,
    topics: Sequence[str],
    difficulty: Difficulty,
    exclude: set[str],
    recently_seen: Sequence[str],
    rng: random.Random,
    strict_difficulty: bool,
) -> Question | None:
    """The next question, or None when the topics hold nothing more to ask.

    Prefers questions the member has not answered lately (``recently_seen``, newest
    first); when every candidate was seen, the one seen longest ago. With
    ``strict_difficulty`` False (adaptive), falls back to the nearest difficulty.
    """
    pool = [q for q in bank.questions(topics or None) if q.id not in exclude]
    if not pool:
        return None
    ranks = [difficulty.rank] if strict_difficulty else _nearest_ranks(difficulty.rank)
    recency = {question_id: age for age, question_id in enumerate(recently_seen)}
    for rank in ranks:
        level = Difficulty.from_rank(rank)
        candidates = [q for q in pool if q.difficulty is level]
        if not candidates:
            continue
        fresh = [q for q in candidates if q.id not in recency]
        if fresh:
            return rng.choice(fresh)
        oldest = max(recency[q.id] for q in candidates)
        return rng.choice([q for q in candidates if recency[q.id] == oldest])
    return None


def _nearest_ranks(rank: int) -> list[int]:
    """rank first, then one step easier and harder, then further: 1 -> [1, 0, 2]."""
    order = [rank]
    for step in (1, 2):
        order += [r for r in (rank - step, rank + step) if 0 <= r <= 2]
    return order


def shuffled_options(question: Question, rng: random.Random) -> list[int]:
    """A shown order of the canonical option indices (0 is the correct one)."""
    order = list(range(len(question.options)))
    rng.shuffle(order)
    return order
