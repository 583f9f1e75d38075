"""An interview's state: plain data that round-trips through JSON, so a restart resumes it.

The state is the engine's own; callers see frozen outcomes (outcomes.py) instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.bank import Difficulty


class SessionKind(StrEnum):
    INTERVIEW = "interview"
    REVIEW = "review"


class SlotStatus(StrEnum):
    ASKED = "asked"
    ANSWERED = "answered"
    SKIPPED = "skipped"


@dataclass(slots=True)
class Slot:
    """One question of the interview and what became of it."""

    question_id: str
    asked_at: datetime
    deadline: datetime
    option_order: list[int] = field(default_factory=list)  # choice: shown order of canonical options
    hints: list[int] = field(default_factory=list)  # key points shown, or distractors removed
    status: SlotStatus = SlotStatus.ASKED
    score: float = 0.0
    passed: bool = False
    points: int = 0
    late: bool = False
    answered_at: datetime | None = None
    matched: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    pitfalls: list[str] = field(default_factory=list)

    @property
    def hinted(self) -> bool:
        return bool(self.hints)

    @property
    def done(self) -> bool:
        return self.status is not SlotStatus.ASKED


@dataclass(slots=True)
class InterviewState:
    guild_id: int
    user_id: int
    kind: SessionKind
    topics: list[str]  # empty: mixed
    difficulty: Difficulty | None  # None: adaptive
    total: int
    seed: int
    level: int = 1  # adaptive difficulty rank: 0 easy, 1 medium, 2 hard
    slots: list[Slot] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)  # review runs: the due questions, in order
    ended_early: bool = False

    @property
    def current(self) -> Slot | None:
        return self.slots[-1] if self.slots else None

    @property
    def index(self) -> int:
        """0-based index of the current question."""
        return len(self.slots) - 1

    @property
    def finished(self) -> bool:
        current = self.current
        return self.ended_early or (len(self.slots) >= self.total and current is not None and current.done)

    def to_json(self) -> str:
        # Built by hand: dataclasses.asdict deep-copies every list and costs a millisecond
        # on a 20-question interview, on the path a member waits on.
        raw = {name: getattr(self, name) for name in _STATE_FIELDS}
        raw["slots"] = [{name: getattr(slot, name) for name in _SLOT_FIELDS} for slot in self.slots]
        return json.dumps(raw, default=_encode, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> InterviewState:
        raw: dict[str, Any] = json.loads(text)
        slots = [
            Slot(
                **{
                    **slot,
                    "asked_at": datetime.fromisoformat(slot["asked_at"]),
                    "deadline": datetime.fromisoformat(slot["deadline"]),
                    "answered_at": datetime.fromisoformat(slot["answered_at"]) if slot["answered_at"] else None,
                    "status": SlotStatus(slot["status"]),
                }
            )
            for slot in raw.pop("slots")
        ]
        return cls(
            **{
                **raw,
                "kind": SessionKind(raw["kind"]),
                "difficulty": Difficulty(raw["difficulty"]) if raw["difficulty"] else None,
                "slots": slots,
            }
        )


_STATE_FIELDS = tuple(f.name for f in fields(InterviewState))
_SLOT_FIELDS = tuple(f.name for f in fields(Slot))


def _encode(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in interview state")
