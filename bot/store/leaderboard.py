"""Leaderboard, rank and profile queries over ``attempts``.

Two sources give the same numbers (tests/leaderboard/test_board_store.py checks they agree):
- all-time boards (any topic and mode filter) read ``board_totals``, running totals kept
  by triggers (migration 0002), walked in board order through an index;
- period boards (week, month) group the answers of the period through the covering
  ``attempts_board`` / ``attempts_board_topic`` indexes.

Board order: points, then accuracy (passed / answers), then the earlier last answer (the
member who got there first), then the user id so the order is total and pages never
overlap. Members with ``member_settings.hidden`` are neither listed nor counted.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.records import Mode
from bot.store.database import Database
from bot.store.timestamps import from_epoch_ms, to_epoch_ms

# The accuracy expression exactly as the board_totals_order index spells it: SQLite only
# uses an expression index for an ORDER BY that repeats the expression verbatim.
ACCURACY = "CAST(passed AS REAL) / answers"
_ORDER = f"points DESC, {ACCURACY} DESC, last_at, user_id"
_HIDDEN = "SELECT user_id FROM member_settings WHERE guild_id = :guild AND hidden = 1"
# b is ahead of me: the board order above, written as a comparison.
_AHEAD = (
    "b.points >= me.points AND (b.points > me.points"
    " OR CAST(b.passed AS REAL) / b.answers > CAST(me.passed AS REAL) / me.answers"
    " OR (CAST(b.passed AS REAL) / b.answers = CAST(me.passed AS REAL) / me.answers"
    " AND (b.last_at < me.last_at OR (b.last_at = me.last_at AND b.user_id < me.user_id))))"
)
# Before any real answer: "all time" for the grouped queries.
_BEGINNING = -(2**62)

# S608: these statements join fixed fragments of this module; every value is a parameter.
_TOTALS_PAGE = (
    "SELECT user_id, points, answers, passed, last_at FROM board_totals"  # noqa: S608
    f" WHERE guild_id = :guild AND scope = :scope AND user_id NOT IN ({_HIDDEN})"
    f" ORDER BY {_ORDER} LIMIT :limit OFFSET :offset"
)
# Everyone in the scope minus the hidden members in it: counting the index range alone is
# three times faster than testing each entry against the hidden list.
_TOTALS_COUNT = (
    "SELECT (SELECT COUNT(*) FROM board_totals WHERE guild_id = :guild AND scope = :scope)"
    " - (SELECT COUNT(*) FROM member_settings AS m WHERE m.guild_id = :guild AND m.hidden = 1"
    " AND EXISTS (SELECT 1 FROM board_totals AS b"
    " WHERE b.guild_id = m.guild_id AND b.user_id = m.user_id AND b.scope = :scope)) AS n"
)
_TOTALS_STANDING = (
    "SELECT me.user_id, me.points, me.answers, me.passed, me.last_at,"  # noqa: S608
    " (SELECT COUNT(*) FROM board_totals AS b WHERE b.guild_id = me.guild_id AND b.scope = me.scope"
    f" AND {_AHEAD} AND b.user_id NOT IN ({_HIDDEN})) AS n"
    " FROM board_totals AS me WHERE me.guild_id = :guild AND me.user_id = :member AND me.scope = :scope"
)


def _grouped_board(index: str, topic_clause: str) -> str:
    """A period board, the member's standing and the member count in one statement.

    The per-member totals are grouped once (MATERIALIZED) and read three times. Only
    fixed fragments of this module go into the text; every value is a parameter.
    """
    return (
        "WITH totals AS MATERIALIZED ("  # noqa: S608 - fixed fragments, values are parameters
        " SELECT user_id, SUM(points) AS points, COUNT(*) AS answers, SUM(passed) AS passed,"
        f" MAX(answered_at) AS last_at FROM attempts INDEXED BY {index}"
        f" WHERE guild_id = :guild{topic_clause} AND answered_at >= :since"
        " AND (:mode IS NULL OR mode = :mode)"
        f" GROUP BY user_id HAVING user_id NOT IN ({_HIDDEN})),"
        f" page AS (SELECT * FROM totals ORDER BY {_ORDER} LIMIT :limit OFFSET :offset)"
        " SELECT * FROM ("
        " SELECT 0 AS part, user_id, points, answers, passed, last_at, 0 AS n FROM page"
        " UNION ALL SELECT 1, me.user_id, me.points, me.answers, me.passed, me.last_at,"
        f" (SELECT COUNT(*) FROM totals AS b WHERE {_AHEAD}) FROM totals AS me WHERE me.user_id = :member"
        " UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL, COUNT(*) FROM totals)"
        f" ORDER BY part, {_ORDER}"
    )


_GROUPED_BY_TIME = _grouped_board("attempts_board", "")
_GROUPED_BY_TOPIC = _grouped_board("attempts_board_topic", " AND topic = :topic")


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """Which answers count: one server, since an instant (None: all time), a topic, a mode."""

    guild_id: int
    since: datetime | None = None
    topic: str | None = None
    mode: Mode | None = None

    @property
    def scope(self) -> str | None:
        """The ``board_totals`` scope that answers this filter, or None when it needs grouping."""
        if self.since is not None:
            return None
        if self.topic is not None and self.mode is not None:
            return f"topic+mode:{self.topic}:{self.mode.value}"
        if self.topic is not None:
            return f"topic:{self.topic}"
        if self.mode is not None:
            return f"mode:{self.mode.value}"
        return ""


@dataclass(frozen=True, slots=True)
class BoardEntry:
    rank: int
    user_id: int
    points: int
    answers: int
    passed: int
    last_answered_at: datetime

    @property
    def accuracy(self) -> float:
        return self.passed / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class BoardSlice:
    """One page of a board, the asking member's standing (None when not ranked) and the size."""

    entries: tuple[BoardEntry, ...]
    member: BoardEntry | None
    ranked: int


@dataclass(frozen=True, slots=True)
class Totals:
    points: int
    answers: int
    passed: int
    last_answered_at: datetime

    @property
    def accuracy(self) -> float:
        return self.passed / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class MemberTotals:
    """A member's all-time totals: overall, per topic slug and per mode."""

    overall: Totals | None
    by_topic: dict[str, Totals]
    by_mode: dict[str, Totals]


@dataclass(frozen=True, slots=True)
class AnswerPoint:
    """One recorded answer, as the activity chart needs it."""

    answered_at: datetime
    points: int
    passed: bool


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    best: int
    last_local_date: str | None


def _entry(row: sqlite3.Row, rank: int) -> BoardEntry:
    return BoardEntry(
        rank=rank,
        user_id=row["user_id"],
        points=row["points"],
        answers=row["answers"],
        passed=row["passed"],
        last_answered_at=from_epoch_ms(row["last_at"]),
    )


def _totals(row: sqlite3.Row) -> Totals:
    return Totals(row["points"], row["answers"], row["passed"], from_epoch_ms(row["last_at"]))


class LeaderboardStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def board(self, board: BoardFilter, *, offset: int, limit: int, member_id: int) -> BoardSlice:
        """Entries ``offset+1 .. offset+limit`` and where ``member_id`` stands."""
        scope = board.scope
        if scope is None:
            return await self._grouped(board, offset=offset, limit=limit, member_id=member_id)
        params = {"guild": board.guild_id, "scope": scope, "limit": limit, "offset": offset, "member": member_id}
        rows = await self._db.fetch_all(_TOTALS_PAGE, params)
        count = await self._db.fetch_one(_TOTALS_COUNT, params)
        entries = tuple(_entry(row, offset + index + 1) for index, row in enumerate(rows))
        return BoardSlice(entries, await self._standing(params), int(count["n"]) if count else 0)

    async def standing(self, guild_id: int, member_id: int) -> BoardEntry | None:
        """The member's all-time rank in the server (None when hidden or without answers)."""
        return await self._standing({"guild": guild_id, "scope": "", "member": member_id})

    async def _standing(self, params: dict[str, object]) -> BoardEntry | None:
        hidden = await self._db.fetch_one(
            "SELECT 1 FROM member_settings WHERE guild_id = :guild AND user_id = :member AND hidden = 1", params
        )
        if hidden is not None:
            return None
        row = await self._db.fetch_one(_TOTALS_STANDING, params)
        return None if row is None else _entry(row, int(row["n"]) + 1)

    async def _grouped(self, board: BoardFilter, *, offset: int, limit: int, member_id: int) -> BoardSlice:
        params = {
            "guild": board.guild_id,
            "since": _BEGINNING if board.since is None else to_epoch_ms(board.since),
            "topic": board.topic,
            "mode": board.mode.value if board.mode is not None else None,
            "limit": limit,
            "offset": offset,
            "member": member_id,
        }
        sql = _GROUPED_BY_TIME if board.topic is None else _GROUPED_BY_TOPIC
        rows = await self._db.fetch_all(sql, params)
        page = [row for row in rows if row["part"] == 0]
        mine = next((row for row in rows if row["part"] == 1), None)
        ranked = next((int(row["n"]) for row in rows if row["part"] == 2), 0)
        entries = tuple(_entry(row, offset + index + 1) for index, row in enumerate(page))
        return BoardSlice(entries, None if mine is None else _entry(mine, int(mine["n"]) + 1), ranked)

    async def member_totals(self, guild_id: int, user_id: int) -> MemberTotals:
        rows = await self._db.fetch_all(
            "SELECT scope, points, answers, passed, last_at FROM board_totals WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        overall = None
        by_topic: dict[str, Totals] = {}
        by_mode: dict[str, Totals] = {}
        for row in rows:
            kind, _, name = str(row["scope"]).partition(":")
            if kind == "":
                overall = _totals(row)
            elif kind == "topic":
                by_topic[name] = _totals(row)
            elif kind == "mode":
                by_mode[name] = _totals(row)
        return MemberTotals(overall, by_topic, by_mode)

    async def answers_since(self, guild_id: int, user_id: int, since: datetime) -> list[AnswerPoint]:
        """The member's answers from ``since`` on, oldest first (the activity chart's input)."""
        rows = await self._db.fetch_all(
            "SELECT answered_at, points, passed FROM attempts"
            " WHERE guild_id = ? AND user_id = ? AND answered_at >= ? ORDER BY answered_at",
            (guild_id, user_id, to_epoch_ms(since)),
        )
        return [AnswerPoint(from_epoch_ms(row["answered_at"]), row["points"], bool(row["passed"])) for row in rows]

    async def streak(self, guild_id: int, user_id: int) -> Streak | None:
        row = await self._db.fetch_one(
            "SELECT current, best, last_local_date FROM daily_streaks WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return None if row is None else Streak(row["current"], row["best"], row["last_local_date"])

    async def is_hidden(self, guild_id: int, user_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT hidden FROM member_settings WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return bool(row and row["hidden"])
