"""What the flag service answers: plain frozen values the UI renders."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.attempts import Mode


@dataclass(frozen=True, slots=True)
class FlagTarget:
    """The answer a Flag this grade button names: a question of one interview, or a daily
    post. Not an attempt id: finding that needs a database read, which is paid when the
    (rare) button is pressed instead of on every answer."""

    mode: Mode  # INTERVIEW or DAILY
    ref: int  # the interview id, or the daily post id
    question_id: str = ""  # interviews: which of its questions; "" for a daily post

    @classmethod
    def interview(cls, session_id: int, question_id: str) -> FlagTarget:
        return cls(Mode.INTERVIEW, session_id, question_id)

    @classmethod
    def daily(cls, post_id: int) -> FlagTarget:
        return cls(Mode.DAILY, post_id)


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
