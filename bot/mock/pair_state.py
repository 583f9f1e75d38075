"""A pair session's state: who invited whom, the roles of each turn, the phase. Plain JSON.

What members said, scored or wrote is not here but in rows with one owner each
(``bot.store.mock_pairs``); the state keeps only what decides the next step: which turn is
out, whether it was answered in writing and scored, who has sent feedback (not what).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.bank import Difficulty
from bot.errors import UserFacingError


class NotAPair(UserFacingError):
    def __init__(self) -> None:
        super().__init__("That session is not a peer interview.")


class PairPhase(StrEnum):
    INVITED = "invited"  # the invitation is open
    ACCEPTED = "accepted"  # a partner accepted; the thread is being opened
    ASKING = "asking"  # a turn's question is out, not scored yet
    SCORED = "scored"  # the turn is scored: next question, swap roles, or the end
    FINISHED = "finished"  # ended (last score, End, idle): feedback is open
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"  # the inviter withdrew, or the thread could not be opened

    @property
    def status(self) -> str:
        """The session row's status column (seats stay active only while it runs)."""
        if self is PairPhase.INVITED:
            return "lobby"
        if self in (PairPhase.ACCEPTED, PairPhase.ASKING, PairPhase.SCORED):
            return "running"
        return "finished" if self is PairPhase.FINISHED else "abandoned"

    @property
    def over(self) -> bool:
        return self.status in ("finished", "abandoned")


@dataclass(slots=True)
class PairSettings:
    topics: list[str]  # empty: every topic
    difficulty: Difficulty | None  # None: mixed
    per_side: int  # questions each member is asked


@dataclass(slots=True)
class Turn:
    number: int  # 1-based, over both sides
    side: int  # 1: the inviter interviews; 2: roles swapped
    interviewer: int
    candidate: int
    question_id: str
    asked_at: datetime
    written: bool = False
    scored: bool = False


@dataclass(slots=True)
class PairState:
    settings: PairSettings
    seed: int
    inviter: int
    invitee: int | None  # None: an open invitation, the first other member takes it
    invited_at: datetime
    phase: PairPhase = PairPhase.INVITED
    partner: int | None = None
    private: bool = True  # False: a public thread, because a private one was not possible
    turns: list[Turn] = field(default_factory=list)
    ended_by: str = ""  # last-question, a member's id as text, idle, declined, expired, ...
    ended_at: datetime | None = None
    feedback_from: list[int] = field(default_factory=list)  # who has sent feedback
    feedback_released: bool = False  # both sent, or the 24 h passed

    @property
    def current(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def turn(self, number: int) -> Turn | None:
        return self.turns[number - 1] if 1 <= number <= len(self.turns) else None

    @property
    def members(self) -> tuple[int, ...]:
        return (self.inviter,) if self.partner is None else (self.inviter, self.partner)

    @property
    def total_turns(self) -> int:
        return 2 * self.settings.per_side

    def side_of(self, number: int) -> int:
        return 1 if number <= self.settings.per_side else 2

    def position(self, number: int) -> int:
        """The turn's place in its side: 'question 2 of 3'."""
        return number if number <= self.settings.per_side else number - self.settings.per_side

    def to_json(self) -> str:
        raw = {
            "settings": {
                "topics": self.settings.topics,
                "difficulty": self.settings.difficulty.value if self.settings.difficulty else None,
                "per_side": self.settings.per_side,
            },
            "seed": self.seed,
            "inviter": self.inviter,
            "invitee": self.invitee,
            "invited_at": self.invited_at.isoformat(),
            "phase": self.phase.value,
            "partner": self.partner,
            "private": self.private,
            "turns": [
                {
                    "number": t.number,
                    "side": t.side,
                    "interviewer": t.interviewer,
                    "candidate": t.candidate,
                    "question_id": t.question_id,
                    "asked_at": t.asked_at.isoformat(),
                    "written": t.written,
                    "scored": t.scored,
                }
                for t in self.turns
            ],
            "ended_by": self.ended_by,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "feedback_from": self.feedback_from,
            "feedback_released": self.feedback_released,
        }
        return json.dumps(raw, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PairState:
        raw: dict[str, Any] = json.loads(text)
        if "inviter" not in raw:  # another kind's session (a live round), named by a crafted button
            raise NotAPair
        settings = raw["settings"]
        return cls(
            settings=PairSettings(
                topics=list(settings["topics"]),
                difficulty=Difficulty(settings["difficulty"]) if settings["difficulty"] else None,
                per_side=settings["per_side"],
            ),
            seed=raw["seed"],
            inviter=raw["inviter"],
            invitee=raw["invitee"],
            invited_at=datetime.fromisoformat(raw["invited_at"]),
            phase=PairPhase(raw["phase"]),
            partner=raw["partner"],
            private=raw["private"],
            turns=[
                Turn(
                    number=t["number"],
                    side=t["side"],
                    interviewer=t["interviewer"],
                    candidate=t["candidate"],
                    question_id=t["question_id"],
                    asked_at=datetime.fromisoformat(t["asked_at"]),
                    written=t["written"],
                    scored=t["scored"],
                )
                for t in raw["turns"]
            ],
            ended_by=raw["ended_by"],
            ended_at=datetime.fromisoformat(raw["ended_at"]) if raw["ended_at"] else None,
            feedback_from=list(raw["feedback_from"]),
            feedback_released=raw["feedback_released"],
        )
