"""A live-rounds engine on a real store, a fake clock and the shipped bank; timers driven by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from bot.clock import FakeClock
from bot.mock import Actor, MockService
from bot.mock.core import IDLE_TIMER
from bot.mock.rounds import AUTOPLAY, DEADLINE
from bot.store import SqliteStore
from bot.timers import TimerScheduler

GUILD, CHANNEL = 10, 20
HOST, ANA, BEN, CY = 100, 101, 102, 103


@dataclass
class Env:
    store: SqliteStore
    clock: FakeClock
    service: MockService
    timers: TimerScheduler
    thread_ids: Iterator[int] = field(default_factory=lambda: iter(range(5000, 6000)))

    async def open(self, *, host: int = HOST, guild: int = GUILD, **options) -> int:
        plan = self.service.plan(
            options.get("topics", ("templates",)),
            options.get("difficulty"),
            options.get("rounds", 3),
            options.get("round_time"),
            options.get("autoplay", False),
        )
        return await self.service.open_lobby(guild, CHANNEL, next(self.thread_ids), host, plan)

    async def started(self, *players: int, **options) -> int:
        sid = await self.open(**options)
        for player in players:
            await self.service.join(sid, player)
        await self.service.start(sid, Actor(HOST))
        return sid

    async def state(self, sid: int):
        return (await self.service.core.snapshot(sid, fresh=True)).state

    async def question(self, sid: int):
        current = (await self.state(sid)).current
        return current, self.service.bank.question(current.question_id)

    async def answer_right(self, sid: int, user: int, *, at: datetime | None = None):
        current, question = await self.question(sid)
        at = at or self.clock.now()
        if question.is_open:
            return await self.service.answer(sid, current.number, user, question.answer, at=at)
        return await self.service.choose(sid, current.number, user, current.option_order.index(0), at=at)

    async def answer_wrong(self, sid: int, user: int):
        current, question = await self.question(sid)
        if question.is_open:
            return await self.service.answer(sid, current.number, user, "no idea", at=self.clock.now())
        return await self.service.choose(sid, current.number, user, current.option_order.index(1), at=self.clock.now())

    async def outbox_keys(self) -> list[str]:
        rows = await self.store.db.fetch_all("SELECT key FROM outbox ORDER BY id")
        return [row["key"] for row in rows]


@pytest.fixture
async def env(store, clock: FakeClock, shipped_bank, shipped_grader) -> Env:
    seeds = iter(range(7, 10_000))
    service = MockService(shipped_bank, shipped_grader, store.mock, clock, seeds=lambda: next(seeds))
    timers = TimerScheduler(store.timers, clock)
    timers.register(DEADLINE, service.on_deadline)
    timers.register(AUTOPLAY, service.on_autoplay)
    timers.register(IDLE_TIMER, service.on_idle)
    return Env(store, clock, service, timers)
