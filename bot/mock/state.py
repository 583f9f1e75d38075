"""A live-rounds session's state: plain data that round-trips through JSON.

The answers themselves are rows (``mock_answers``), not state: fifty members answering
at once add rows without rewriting the state, and the state changes only when the host,
a deadline or autoplay moves the session on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.bank import Difficulty


class Phase(StrEnum):
    LOBBY = "lobby"
    OPEN = "open"  # a round takes answers
    REVEALED = "revealed"  # between rounds: the last one is revealed, the next not opened
    FINISHED = "finished"
    CANCELLED = "cancelled"

    @property
    def status(self) -> str:
        """The session row's status column for this phase."""
        return {
            Phase.LOBBY: "lobby",
            Phase.OPEN: "running",
            Phase.REVEALED: "running",
            Phase.FINISHED: "finished",
            Phase.CANCELLED: "abandoned",
        }[self]


class CloseReason(StrEnum):
    DEADLINE = "deadline"
    EVERYONE = "everyone"  # every seated member answered
    HOST = "host"  # Close now
    SKIPPED = "skipped"  # Skip: closed without a reveal
    ENDED = "ended"  # End (or idle end) while the round was open


@dataclass(slots=True)
class Round:
    number: int  # 1-based
    question_id: str
    option_order: list[int]  # choice: shown order of canonical option indices (0 is correct)
    opened_at: datetime
    deadline: datetime
    limit_s: int
    closed_at: datetime | None = None
    closed_by: CloseReason | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(slots=True)
class Settings:
    topics: list[str]  # empty: a mix of every topic
    difficulty: Difficulty | None  # None: mixed
    rounds: int
    round_time: int | None  # seconds; None: 90 for open questions, 30 for choice
    autoplay: bool


@dataclass(slots=True)
class RoundsState:
    settings: Settings
    seed: int
    phase: Phase = Phase.LOBBY
    rounds: list[Round] = field(default_factory=list)
    ended_by: str = ""  # host, last-round, idle, cancelled, access-lost
    access_lost: str = ""  # why Discord refused a post: nothing more is sent

    @property
    def current(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def open_round(self) -> int | None:
        current = self.current
        return current.number if current is not None and self.phase is Phase.OPEN else None

    def round(self, number: int) -> Round | None:
        return self.rounds[number - 1] if 1 <= number <= len(self.rounds) else None

    @property
    def is_last_round(self) -> bool:
        return len(self.rounds) >= self.settings.rounds

    def to_json(self) -> str:
        raw = {
            "settings": {
                "topics": self.settings.topics,
                "difficulty": self.settings.difficulty.value if self.settings.difficulty else None,
                "rounds": self.settings.rounds,
                "round_time": self.settings.round_time,
                "autoplay": self.settings.autoplay,
            },
            "seed": self.seed,
            "phase": self.phase.value,
            "rounds": [
                {
                    "number": r.number,
                    "question_id": r.question_id,
                    "option_order": r.option_order,
                    "opened_at": r.opened_at.isoformat(),
                    "deadline": r.deadline.isoformat(),
                    "limit_s": r.limit_s,
                    "closed_at": r.closed_at.isoformat() if r.closed_at else None,
                    "closed_by": r.closed_by.value if r.closed_by else None,
                }
                for r in self.rounds
            ],
            "ended_by": self.ended_by,
            "access_lost": self.access_lost,
        }
        return json.dumps(raw, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> RoundsState:
        raw: dict[str, Any] = json.loads(text)
        settings = raw["settings"]
        return cls(
            settings=Settings(
                topics=list(settings["topics"]),
                difficulty=Difficulty(settings["difficulty"]) if settings["difficulty"] else None,
                rounds=settings["rounds"],
                round_time=settings["round_time"],
                autoplay=settings["autoplay"],
            ),
            seed=raw["seed"],
            phase=Phase(raw["phase"]),
            rounds=[
                Round(
                    number=r["number"],
                    question_id=r["question_id"],
                    option_order=list(r["option_order"]),
                    opened_at=datetime.fromisoformat(r["opened_at"]),
                    deadline=datetime.fromisoformat(r["deadline"]),
                    limit_s=r["limit_s"],
                    closed_at=datetime.fromisoformat(r["closed_at"]) if r["closed_at"] else None,
                    closed_by=CloseReason(r["closed_by"]) if r["closed_by"] else None,
                )
                for r in raw["rounds"]
            ],
            ended_by=raw.get("ended_by", ""),
            access_lost=raw.get("access_lost", ""),
        )
