"""Fires durable timers (``bot.store.timers``) through the handler registered for their kind.

No Discord here. A handler gets the timer and must claim it (``claim_timer``) inside the
write that acts on it; the scheduler never deletes a timer itself, so a handler that
crashes, or a process killed mid-way, leaves it to fire again. A handler that raises is
retried with back-off, never in a tight loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from bot.store.timers import Timer, TimerStore

log = logging.getLogger(__name__)

TimerHandler = Callable[[Timer], Awaitable[None]]
TICK = timedelta(seconds=1)  # the longest a due timer waits when nothing wakes the loop
MAX_BACKOFF = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s ... capped at an hour."""
    return min(MAX_BACKOFF, timedelta(seconds=5 * 2 ** min(attempts, 12)))


class TimerScheduler:
    def __init__(self, store: TimerStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._handlers: dict[str, TimerHandler] = {}
        self._wake = asyncio.Event()

    def register(self, kind: str, handler: TimerHandler) -> None:
        if kind in self._handlers:
            raise ValueError(f"a handler for timer kind {kind!r} is already registered")
        self._handlers[kind] = handler

    def unregister(self, kind: str) -> None:
        self._handlers.pop(kind, None)

    def wake(self) -> None:
        """A timer was scheduled that may be due before the next tick."""
        self._wake.set()

    async def run_due(self) -> int:
        """Fire every timer due now; returns how many handlers ran without error."""
        fired = 0
        for timer in await self._store.due(self._clock.now()):
            handler = self._handlers.get(timer.kind)
            if handler is None:
                # Its feature is not loaded (yet): leave it for when it is, without spinning.
                await self._store.postpone(timer, self._clock.now() + TICK * 30)
                continue
            try:
                await handler(timer)
                fired += 1
            except Exception:
                log.exception("Timer %s (%s) failed; trying again later", timer.key, timer.kind)
                await self._store.postpone(timer, self._clock.now() + backoff(timer.attempts))
        return fired

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_due()
            except Exception:  # the store itself failed: log, wait, go on
                log.exception("The timer scheduler's tick failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), TICK.total_seconds())
