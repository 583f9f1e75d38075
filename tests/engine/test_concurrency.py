"""The engine under concurrent clicks, a changed bank, and Discord's own timestamps."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.bank import Bank, Topic
from bot.engine import InterviewService
from bot.engine import errors as engine_errors
from bot.engine.outcomes import InterviewReport, QuestionAsked
from bot.grading import Grader
from tests.engine.test_service import GOOD, GUILD, MEMBER, OTHER, make_bank, start_open


@pytest.fixture
def service(store, clock) -> InterviewService:
    bank = make_bank()
    return InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 7)


def fresh_service(service: InterviewService, store, clock, bank: Bank | None = None) -> InterviewService:
    """The same database seen by a new process: nothing cached."""
    bank = bank or service._bank
    return InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 7)


async def attempts(store) -> int:
    return (await store.db.fetch_one("SELECT COUNT(*) FROM attempts"))[0]


async def test_two_submits_in_flight_record_one_answer_even_with_nothing_cached(service, store, clock):
    view = await start_open(service)
    restarted = fresh_service(service, store, clock)
    results = await asyncio.gather(
        *(restarted.answer(view.session_id, MEMBER, 0, GOOD) for _ in range(4)), return_exceptions=True
    )
    recorded = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, engine_errors.StaleAction)]
    assert len(recorded) == 1 and len(refused) == 3, results
    assert await attempts(store) == 1


async def test_clicks_on_someone_elses_interview_leave_no_lock_behind(service):
    view = await start_open(service)
    for session_id in (view.session_id, 987654):
        with pytest.raises((engine_errors.NotYourInterview, engine_errors.InterviewNotFound)):
            await service.answer(session_id, OTHER, 0, GOOD)
    await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert len(service._locks) == 0


async def test_a_failed_write_does_not_leave_uncommitted_state_in_the_cache(service, store, clock, monkeypatch):
    view = await start_open(service)

    async def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store.interviews, "record_answer", broken)
    with pytest.raises(OSError):
        await service.answer(view.session_id, MEMBER, 0, GOOD)
    monkeypatch.undo()
    # The answer was never recorded, so the member may still give it.
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert graded.grade.passed and await attempts(store) == 1


async def test_lateness_is_judged_by_when_the_member_submitted(service, store, clock):
    view = await start_open(service)
    submitted = view.deadline - timedelta(seconds=1)
    clock.set(view.deadline + timedelta(seconds=5))  # the bot got to it after the deadline
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD, at=submitted)
    assert not graded.late and graded.points > 0


def without(bank: Bank, question_id: str) -> Bank:
    return Bank(
        [
            Topic(t.slug, t.title, t.description, tuple(q for q in t.questions if q.id != question_id))
            for t in bank.topics
        ]
    )


async def test_a_question_removed_from_the_bank_does_not_strand_the_interview(service, store, clock):
    view = await start_open(service)
    smaller = fresh_service(service, store, clock, without(service._bank, view.question.id))
    with pytest.raises(engine_errors.StaleAction, match="removed"):
        await smaller.answer(view.session_id, MEMBER, 0, GOOD)
    resumed = await smaller.resume(GUILD, MEMBER)
    assert isinstance(resumed, QuestionAsked) and resumed.question.id != view.question.id and resumed.index == 1
    # Skip also gets past a removed question.
    again = fresh_service(service, store, clock, without(service._bank, resumed.question.id))
    moved = await again.skip(view.session_id, MEMBER, 1)
    assert isinstance(moved, QuestionAsked | InterviewReport)
    assert not isinstance(moved, QuestionAsked) or moved.index == 2


async def test_a_read_that_started_before_a_commit_never_brings_the_old_state_back(service, store, clock):
    """A slow read of the interview, overtaken by an answer's commit, must not be cached."""
    view = await start_open(service)
    fresh = fresh_service(service, store, clock)
    storage = fresh._storage
    read_now = storage.interview
    gate = asyncio.Event()
    slow_calls = [True]

    async def interview(session_id):
        row = await read_now(session_id)
        if slow_calls and slow_calls.pop():
            await gate.wait()  # a snapshot taken now, handed back later
        return row

    storage_proxy = type("Proxy", (), {})()
    for name in dir(storage):
        if not name.startswith("_"):
            setattr(storage_proxy, name, getattr(storage, name))
    storage_proxy.interview = interview
    fresh._storage = storage_proxy

    late = asyncio.ensure_future(fresh.answer(view.session_id, MEMBER, 0, GOOD))
    await asyncio.sleep(0.01)  # its read has its snapshot and waits
    await fresh.answer(view.session_id, MEMBER, 0, GOOD)
    with pytest.raises(engine_errors.StaleAction):  # a double submit; its error drops the cache
        await fresh.answer(view.session_id, MEMBER, 0, GOOD)
    gate.set()
    with pytest.raises(engine_errors.StaleAction):
        await late
    assert await attempts(store) == 1
