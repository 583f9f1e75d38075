"""What the flag service answers: plain frozen values the UI renders."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FlagForm:
    """What the flag form shows for one attempt."""

    attempt_id: int
    question_id: str
    asks_for_answer: bool  # open questions: the answer text is the point of the flag
    answer: str  # the answer as graded, when still remembered; "" otherwise
    score: float
    passed: bool


@dataclass(frozen=True, slots=True)
class FlagRecorded:
    attempt_id: int
    question_id: str
