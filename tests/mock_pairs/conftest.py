"""A pair-interview engine on a real store, a fake clock and the shipped bank; timers by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

import pytest

from bot.bank import Bank
from bot.bank.models import FollowUp
from bot.clock import FakeClock
from bot.grading import Grader
from bot.mock import pairs
from bot.mock.pair_service import PairService
from bot.mock.pair_state import PairState
from bot.store import SqliteStore
from bot.timers import TimerScheduler
from tests.discord_harness import started_harness

GUILD, CHANNEL = 10, 20
ANA, BEN, CY = 201, 202, 203  # Ana invites; Ben partners; Cy is a third member of the server


@dataclass
class PairEnv:
    store: SqliteStore
    clock: FakeClock
    service: PairService
    timers: TimerScheduler
    threads: int = 7000

    async def invite(self, invitee: int | None = BEN, *, per_side: int = 2, topics: tuple[str, ...] = ()) -> int:
        plan = self.service.plan(topics, None, per_side)
        return await self.service.invite(GUILD, CHANNEL, ANA, invitee, plan)

    async def started(self, *, per_side: int = 2, topics: tuple[str, ...] = ()) -> int:
        sid = await self.invite(per_side=per_side, topics=topics)
        await self.service.accept(sid, BEN)
        self.threads += 1
        await self.service.begin(sid, self.threads, private=True)
        return sid

    async def state(self, sid: int) -> PairState:
        return (await self.service.core.snapshot(sid, fresh=True)).state

    def key_points(self, state: PairState, number: int) -> int:
        turn = state.turn(number)
        assert turn is not None
        question = self.service.bank.question(turn.question_id)
        assert question is not None
        return len(question.key_points)

    async def score(self, sid: int, number: int, *, grade: int = 3, mark: str = "covered", by: int | None = None):
        state = await self.state(sid)
        turn = state.turn(number)
        assert turn is not None
        marks = pairs.Marks((mark,) * self.key_points(state, number), grade, "good structure")
        return await self.service.submit_score(sid, number, by if by is not None else turn.interviewer, marks)

    async def outbox_keys(self) -> list[str]:
        rows = await self.store.db.fetch_all("SELECT key FROM outbox ORDER BY id")
        return [row["key"] for row in rows]

    async def attempts(self, user: int) -> list:
        return await self.store.attempts.attempts_for(GUILD, user)


@pytest.fixture
async def pair_env(store, clock: FakeClock, shipped_bank, shipped_grader) -> PairEnv:
    seeds = iter(range(11, 10_000))
    service = PairService(shipped_bank, shipped_grader, store.mock, store.pairs, clock, seeds=lambda: next(seeds))
    timers = TimerScheduler(store.timers, clock)
    timers.register(pairs.EXPIRY, service.on_expiry)
    timers.register(pairs.IDLE, service.on_idle)
    timers.register(pairs.RELEASE, service.on_release)
    return PairEnv(store, clock, service, timers)


FOLLOW_UPS = (
    FollowUp("And if the app runs four Gunicorn workers?", ("per-process state", "a shared store")),
    FollowUp("How would you test that?", ("the test client", "a fixture")),
)


@pytest.fixture(scope="session")
def pair_bank(shipped_bank: Bank) -> Bank:
    """The shipped bank with follow-ups on every open question that has none yet (the
    content is being written on another branch; these tests must not wait for it)."""
    topics = []
    for topic in shipped_bank.topics:
        questions = tuple(
            replace(q, follow_ups=FOLLOW_UPS) if q.is_open and not q.follow_ups else q for q in topic.questions
        )
        topics.append(replace(topic, questions=questions))
    return Bank(topics)


@pytest.fixture(scope="session")
def pair_grader(pair_bank: Bank) -> Grader:
    return Grader(pair_bank)


@pytest.fixture
async def pair_harness(settings, clock: FakeClock, pair_bank: Bank, pair_grader: Grader) -> AsyncIterator[object]:
    """The harness fixture of tests/conftest.py, on the bank with follow-ups."""
    async with started_harness(settings, clock, pair_bank, pair_grader) as driver:
        yield driver
