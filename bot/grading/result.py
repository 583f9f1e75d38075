"""The values grading returns: plain frozen dataclasses the engine and UI can rely on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.bank.models import KeyPoint, Pitfall


class Refusal(StrEnum):
    """Why an answer got (almost) no credit whatever words it contains."""

    EMPTY = "empty"
    DONT_KNOW = "dont-know"
    COPIED_PROMPT = "copied-prompt"
    OFF_TOPIC = "off-topic"
    KEYWORD_LIST = "keyword-list"


@dataclass(frozen=True, slots=True)
class PointMatch:
    """A key point the answer covers, the hint that found it and the answer's words.

    ``listed``: the point was only named in a list of terms, not explained, and earned
    reduced credit.
    """

    point: KeyPoint
    hint: str
    words: tuple[str, ...]
    listed: bool = False

    @property
    def text(self) -> str:
        return self.point.text


@dataclass(frozen=True, slots=True)
class PitfallMatch:
    """A misconception the answer states, with the hint and words that show it."""

    pitfall: Pitfall
    hint: str
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.pitfall.text


@dataclass(frozen=True, slots=True)
class Grade:
    """The grade of one answer.

    ``score`` is 0..1 (rounded to 3 decimals); ``passed`` is ``score >= PASS_THRESHOLD``.
    ``missed`` holds the KeyPoint objects not covered (for a choice question, one
    KeyPoint whose text is the correct option). ``contradicted`` are key points the
    answer states the opposite of. ``feedback`` is one or two plain sentences.
    """

    question_id: str
    score: float
    passed: bool
    matched: tuple[PointMatch, ...]
    missed: tuple[KeyPoint, ...]
    pitfalls: tuple[PitfallMatch, ...]
    feedback: str
    refusal: Refusal | None = None
    contradicted: tuple[KeyPoint, ...] = ()
