"""The session core every group session kind shares (live rounds now, peer pairs next).

- **One writer per session, decided by the database.** ``transition`` reads the session
  (state and version), computes the change with a pure ``step``, and stores it with
  ``UPDATE ... WHERE version = ?``; when another writer (another coroutine, another
  process on a shared database) got there first, it reads again and recomputes. No lock
  held in memory decides anything, so the same code stays right with several processes.
- **Rights are checked here, on every action**: the host, or a member Discord says may
  manage threads or the server, may run the session; anyone else is refused.
- **Deadlines and idle end are durable timers** set in the same write as the change.
- A small cache of what was last committed saves a read and a JSON parse on every click;
  a stale entry is harmless, because every write is checked against the database.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

from bot.clock import Clock
from bot.errors import UserFacingError
from bot.mock import errors
from bot.store.mock import Effect, MockStore, Record, ScheduleTimer, StoredSession, TimerGone, VersionConflict
from bot.store.timers import Timer

log = logging.getLogger(__name__)

IDLE_AFTER = timedelta(minutes=30)
IDLE_TIMER = "mock.idle"
MAX_TRIES = 20  # a conflict means someone else moved the session on; this many in a row is a bug
CACHE_SIZE = 500


class SessionState(Protocol):
    def to_json(self) -> str: ...


S = TypeVar("S", bound=SessionState)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a member, and whether Discord says they may manage threads or the server here."""

    user_id: int
    manager: bool = False


@dataclass(frozen=True, slots=True)
class Snapshot(Generic[S]):
    """A session as last committed: its row (with the version) and its parsed state."""

    row: StoredSession
    state: S

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def host_id(self) -> int:
        return self.row.host_id

    @property
    def running(self) -> bool:
        return self.row.status in ("lobby", "running")


@dataclass(frozen=True, slots=True)
class Change(Generic[S, R]):
    """What a step decided: the new state, its status, the round open for answers, the posts
    and timers it causes, and what to tell the caller. ``records``: rows the change writes
    with it (a pair session's score and its attempt), in the same write, so a change that
    loses a version race writes none of them. ``thread_id``: the thread the session moves
    into (a pair gets its thread only once the invitation is accepted)."""

    state: S
    status: str
    open_round: int | None
    effects: tuple[Effect, ...]
    result: R
    records: tuple[Record, ...] = ()
    thread_id: int | None = None


Step = Callable[[Snapshot[S], datetime], Change[S, R]]


def timer_key(session_id: int, name: str) -> str:
    return f"mock:{session_id}:{name}"


def idle_timer(session_id: int, now: datetime) -> ScheduleTimer:
    """Re-armed by every change: the session ends by itself after ``IDLE_AFTER`` untouched."""
    return ScheduleTimer(IDLE_TIMER, timer_key(session_id, "idle"), now + IDLE_AFTER, {"session": session_id})


async def already_playing(store: MockStore, guild_id: int, user_id: int) -> errors.AlreadyPlaying:
    """The refusal for a member the database found seated in another session, naming its thread."""
    seat = await store.seat_of(guild_id, user_id)
    return errors.AlreadyPlaying(seat.thread_id if seat else None)


def require_host(snapshot: Snapshot[S], actor: Actor) -> None:
    if actor.user_id != snapshot.host_id and not actor.manager:
        raise errors.NotHost


class SessionCore(Generic[S]):
    def __init__(self, store: MockStore, clock: Clock, parse: Callable[[str], S], *, kind: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self._parse = parse
        # The session kind this core's steps understand: a crafted button naming a session
        # of another kind is refused in words before its state is parsed.
        self._kind = kind
        self._committed: OrderedDict[int, Snapshot[S]] = OrderedDict()

    async def snapshot(self, session_id: int, *, fresh: bool = False) -> Snapshot[S]:
        cached = None if fresh else self._committed.get(session_id)
        if cached is not None:
            return cached
        row = await self.store.session(session_id)
        if row is None:
            raise errors.SessionOver
        if self._kind is not None and row.kind != self._kind:
            raise errors.OtherKindOfSession
        snapshot = Snapshot(row, self._parse(row.state_json))
        self._remember(snapshot)
        return snapshot

    async def transition(self, session_id: int, step: Step[S, R], *, claim: Timer | None = None) -> R:
        """Apply ``step`` to the newest committed state; retried on a version conflict.

        ``step`` gets its own parsed copy of the state, so a step that raises, or whose
        write loses a race, leaves nothing half-changed behind. ``claim``: the timer this
        change acts on, claimed in the same write (TimerGone when it already fired).
        """
        fresh = False
        for _ in range(MAX_TRIES):
            current = await self.snapshot(session_id, fresh=fresh)
            working = Snapshot(current.row, self._parse(current.row.state_json))
            now = self.clock.now()
            try:
                change = step(working, now)
            except UserFacingError:
                if fresh:
                    raise
                # A refusal decided on a cached state may be out of date (another process
                # moved the session on): decide it again on what the database holds.
                fresh = True
                continue
            state_json = change.state.to_json()
            try:
                version = await self.store.apply(
                    current.row,
                    state_json=state_json,
                    status=change.status,
                    open_round=change.open_round,
                    effects=change.effects,
                    now=now,
                    claim=claim,
                    records=change.records,
                    thread_id=change.thread_id,
                )
            except VersionConflict:
                self._committed.pop(session_id, None)
                fresh = True
                continue
            row = current.row
            self._remember(
                Snapshot(
                    StoredSession(
                        row.id,
                        row.guild_id,
                        row.channel_id,
                        change.thread_id or row.thread_id,
                        row.host_id,
                        row.kind,
                        change.status,
                        version,
                        change.open_round,
                        state_json,
                    ),
                    change.state,
                )
            )
            return change.result
        raise RuntimeError(f"session {session_id}: {MAX_TRIES} version conflicts in a row")

    def forget(self, session_id: int) -> None:
        self._committed.pop(session_id, None)

    def _remember(self, snapshot: Snapshot[S]) -> None:
        existing = self._committed.get(snapshot.id)
        if existing is not None and existing.row.version > snapshot.row.version:
            return  # a newer commit was cached while this one was read
        self._committed[snapshot.id] = snapshot
        self._committed.move_to_end(snapshot.id)
        while len(self._committed) > CACHE_SIZE:
            self._committed.popitem(last=False)


__all__ = [
    "IDLE_AFTER",
    "IDLE_TIMER",
    "Actor",
    "Change",
    "SessionCore",
    "Snapshot",
    "TimerGone",
    "already_playing",
    "idle_timer",
    "require_host",
    "timer_key",
]
