"""What /mock start asked for, checked against the bank, and the thread's name."""

from __future__ import annotations

from collections.abc import Sequence

from bot.bank import Bank, Difficulty
from bot.engine import errors as engine_errors
from bot.mock.outcomes import SessionPlan

MIN_ROUNDS, MAX_ROUNDS = 1, 20
MIN_ROUND_TIME, MAX_ROUND_TIME = 20, 600
THREAD_NAME_MAX = 100  # discord-limits.md


def make_plan(
    bank: Bank,
    topics: Sequence[str],
    difficulty: Difficulty | None,
    rounds_wanted: int,
    round_time: int | None,
    autoplay: bool,
) -> SessionPlan:
    """Known topics only; never more rounds than the topics and difficulty hold."""
    unknown = [topic for topic in topics if bank.topic(topic) is None]
    if unknown:
        raise engine_errors.UnknownTopic(unknown[0], [t.slug for t in bank.topics])
    available = len(bank.questions(list(topics) or None, difficulty))
    if available == 0:
        raise engine_errors.NoQuestionsAvailable(", ".join(topics) or "the mix")
    if round_time is not None:
        round_time = max(MIN_ROUND_TIME, min(round_time, MAX_ROUND_TIME))
    return SessionPlan(
        topics=tuple(topics),
        topic_titles=tuple(bank.topic_title(t) for t in topics),
        difficulty=difficulty.value if difficulty else None,
        rounds=max(MIN_ROUNDS, min(rounds_wanted, MAX_ROUNDS, available)),
        round_time=round_time,
        autoplay=autoplay,
    )


def thread_name(plan: SessionPlan) -> str:
    """'Mock: Routing, 5 rounds' (several topics joined with +; a mix says so)."""
    what = " + ".join(plan.topic_titles) if plan.topic_titles else "Flask mix"
    suffix = f", {plan.rounds} round{'s' if plan.rounds != 1 else ''}"
    head = f"Mock: {what}"
    if len(head) + len(suffix) > THREAD_NAME_MAX:
        head = head[: THREAD_NAME_MAX - len(suffix) - 1] + "…"
    return head + suffix
