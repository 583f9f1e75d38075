"""Flag this grade, below Discord: the service and its store on a real SQLite file."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.disputes import (
    AlreadyFlagged,
    ConsentMissing,
    DisputeService,
    FlagIncomplete,
    FlagTarget,
    GradeGone,
    NotYourGrade,
)
from bot.disputes.export import ExportFailed, export_disputes, json_lines
from bot.disputes.service import RECALL_FOR
from bot.grading.jsonl import grade_lines
from bot.store import Mode
from bot.store.disputes import read_disputes
from tests.leaderboard.conftest import GUILD, T0, attempt

ME, SOMEONE = 1, 2
OPEN_QUESTION = "routing-variable-rules"
CHOICE_QUESTION = "app-and-request-lifecycle-push-order"
ANSWER = "Put <username> in the rule; Flask passes it to the view as a keyword argument."


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0 + timedelta(minutes=1))


@pytest.fixture
def service(store, shipped_bank, clock) -> DisputeService:
    return DisputeService(store.disputes, shipped_bank, clock)


async def answered(store, user_id: int = ME, question_id: str = OPEN_QUESTION, **overrides) -> tuple[FlagTarget, int]:
    """One interview answer of ``user_id`` (in an interview of its own): its Flag target and attempt id."""

    def interview(tx):
        return tx.execute(
            "INSERT INTO interview_sessions (guild_id, user_id, kind, status, state, started_at, updated_at)"
            " VALUES (?, ?, 'interview', 'finished', '{}', 0, 0)",
            (GUILD, user_id),
        )

    session = await store.db.write(interview)
    values = dict(question_id=question_id, interview_id=session, score=0.35, passed=False)
    values.update(overrides)
    attempt_id = await store.attempts.record_attempt(attempt(user_id, **values))
    return FlagTarget.interview(session, question_id), attempt_id


async def answered_daily(store, user_id: int = ME, question_id: str = CHOICE_QUESTION) -> tuple[FlagTarget, int]:
    def post(tx):
        tx.execute(
            "INSERT OR IGNORE INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at, reveal_at)"
            " VALUES (?, '2026-01-05', ?, 5, 0, 0)",
            (GUILD, question_id),
        )
        return tx.fetch_one("SELECT id FROM daily_posts WHERE guild_id = ? AND local_date = '2026-01-05'", (GUILD,))[0]

    post_id = await store.db.write(post)
    attempt_id = await store.attempts.record_attempt(
        attempt(user_id, question_id=question_id, mode=Mode.DAILY, daily_post_id=post_id, score=0.0, passed=False)
    )
    return FlagTarget.daily(post_id), attempt_id


async def test_a_flag_stores_the_answer_the_shown_grade_and_the_reason(store, service, clock):
    target, attempt_id = await answered(store)
    form = await service.open_form(target, GUILD, ME)
    assert form.attempt_id == attempt_id
    assert (form.question_id, form.asks_for_answer, form.score, form.passed) == (OPEN_QUESTION, True, 0.35, False)
    recorded = await service.flag(
        attempt_id, ME, answer=f"  {ANSWER} ", reason="It missed the keyword argument point.", consented=True
    )
    assert recorded.question_id == OPEN_QUESTION
    row = await store.db.fetch_one("SELECT * FROM grade_disputes WHERE attempt_id = ?", (attempt_id,))
    assert (row["guild_id"], row["user_id"], row["question_id"], row["mode"]) == (GUILD, ME, OPEN_QUESTION, "interview")
    assert (row["answer"], row["reason"]) == (ANSWER, "It missed the keyword argument point.")
    assert (row["score"], row["passed"], row["created_at"]) == (0.35, 0, int(clock.now().timestamp() * 1000))


async def test_the_answer_given_prefills_the_form_for_its_owner_only_and_for_a_while(store, service, clock):
    target, _ = await answered(store)
    assert service.interview_answer_given(target.ref, OPEN_QUESTION, ME, ANSWER) == target
    service.interview_answer_given(target.ref, OPEN_QUESTION, SOMEONE, "someone else's words")
    assert (await service.open_form(target, GUILD, ME)).answer == ANSWER
    # Held for a while only: after that the member pastes it again.
    clock.advance(RECALL_FOR + timedelta(seconds=1))
    assert (await service.open_form(target, GUILD, ME)).answer == ""


async def test_daily_answers_of_one_post_are_remembered_per_member(store, service):
    mine, _ = await answered_daily(store, ME)
    theirs, _ = await answered_daily(store, SOMEONE)
    assert mine == theirs  # one post: the member tells them apart
    service.daily_answer_given(mine.ref, ME, "my pick")
    service.daily_answer_given(mine.ref, SOMEONE, "their pick")
    assert (await service.open_form(mine, GUILD, ME)).answer == "my pick"
    assert (await service.open_form(mine, GUILD, SOMEONE)).answer == "their pick"


async def test_someone_elses_grade_is_refused_and_nothing_is_stored(store, service):
    target, attempt_id = await answered(store, user_id=SOMEONE)
    with pytest.raises(NotYourGrade):
        await service.open_form(target, GUILD, ME)
    with pytest.raises(NotYourGrade):
        await service.flag(attempt_id, ME, answer=ANSWER, reason="mine now", consented=True)
    daily, _ = await answered_daily(store, SOMEONE)
    with pytest.raises(GradeGone):  # no answer of mine to that post
        await service.open_form(daily, GUILD, ME)
    with pytest.raises(GradeGone):
        await service.open_form(FlagTarget.interview(target.ref + 100, OPEN_QUESTION), GUILD, ME)
    with pytest.raises(GradeGone):
        await service.flag(attempt_id + 100, ME, answer=ANSWER, reason="no such answer", consented=True)
    assert (await store.db.fetch_one("SELECT COUNT(*) FROM grade_disputes"))[0] == 0


async def test_no_consent_no_reason_or_no_answer_stores_nothing(store, service):
    _, attempt_id = await answered(store)
    with pytest.raises(ConsentMissing):
        await service.flag(attempt_id, ME, answer=ANSWER, reason="wrong", consented=False)
    with pytest.raises(FlagIncomplete, match="what the grader got wrong"):
        await service.flag(attempt_id, ME, answer=ANSWER, reason="   ", consented=True)
    with pytest.raises(FlagIncomplete, match="Paste the answer"):
        await service.flag(attempt_id, ME, answer=" ", reason="wrong", consented=True)
    with pytest.raises(FlagIncomplete, match="1000"):
        await service.flag(attempt_id, ME, answer=ANSWER, reason="x" * 1001, consented=True)
    assert (await store.db.fetch_one("SELECT COUNT(*) FROM grade_disputes"))[0] == 0


async def test_a_choice_answer_needs_no_text_and_keeps_the_pick_when_known(store, service):
    picked, picked_id = await answered_daily(store)
    unknown, unknown_id = await answered(store, question_id=CHOICE_QUESTION)
    service.daily_answer_given(picked.ref, ME, "before_request runs first")  # what the cog does after feedback
    assert (await service.open_form(picked, GUILD, ME)).asks_for_answer is False
    await service.flag(picked_id, ME, answer=None, reason="The key is wrong.", consented=True)
    await service.flag(unknown_id, ME, answer=None, reason="The key is wrong.", consented=True)
    rows = await store.db.fetch_all("SELECT attempt_id, answer, mode FROM grade_disputes ORDER BY attempt_id")
    assert [tuple(row) for row in rows] == [
        (picked_id, "before_request runs first", "daily"),
        (unknown_id, "", "interview"),
    ]


async def test_one_flag_per_attempt_even_with_two_submits_in_flight(store, service):
    target, attempt_id = await answered(store)
    results = await asyncio.gather(
        *(service.flag(attempt_id, ME, answer=ANSWER, reason=f"take {n}", consented=True) for n in (1, 2)),
        return_exceptions=True,
    )
    assert sorted(type(result).__name__ for result in results) == ["AlreadyFlagged", "FlagRecorded"]
    assert (await store.db.fetch_one("SELECT COUNT(*) FROM grade_disputes"))[0] == 1
    with pytest.raises(AlreadyFlagged):
        await service.open_form(target, GUILD, ME)


async def test_the_database_keeps_one_flag_per_attempt_by_itself(store, service):
    _, attempt_id = await answered(store)
    await service.flag(attempt_id, ME, answer=ANSWER, reason="first", consented=True)

    def insert_again(tx):
        tx.execute(
            "INSERT INTO grade_disputes (attempt_id, guild_id, user_id, question_id, mode, answer, score, passed,"
            " reason, created_at) VALUES (?, 1, 1, 'q', 'interview', 'a', 0.5, 0, 'r', 0)",
            (attempt_id,),
        )

    with pytest.raises(sqlite3.IntegrityError):
        await store.db.write(insert_again)


async def test_forgetting_a_member_drops_their_remembered_answers(store, service):
    (mine, _), (theirs, _) = await answered(store), await answered(store, user_id=SOMEONE)
    service.interview_answer_given(mine.ref, OPEN_QUESTION, ME, "my answer")
    service.interview_answer_given(theirs.ref, OPEN_QUESTION, SOMEONE, "their answer")
    service.forget_member(ME)
    assert (await service.open_form(mine, GUILD, ME)).answer == ""
    assert (await service.open_form(theirs, GUILD, SOMEONE)).answer == "their answer"


async def test_export_is_the_grade_commands_input_plus_the_dispute(
    store, service, clock, shipped_bank, shipped_grader, tmp_path
):
    (_, first), (_, second) = await answered(store), await answered(store, question_id=CHOICE_QUESTION)
    await service.flag(first, ME, answer=ANSWER, reason="Said it in other words.", consented=True)
    clock.advance(minutes=5)
    await service.flag(second, ME, answer=None, reason="Key is wrong: ünïcode kept", consented=True)
    records = read_disputes(Path(store.db.path))
    lines = [json.loads(line) for line in json_lines(records).splitlines()]
    assert lines[0] == {
        "question": OPEN_QUESTION,
        "answer": ANSWER,
        "score": 0.35,
        "passed": False,
        "reason": "Said it in other words.",
        "member_grade": None,
        "flagged_at": (T0 + timedelta(minutes=1)).isoformat(),
    }
    assert list(lines[0]) == ["question", "answer", "score", "passed", "reason", "member_grade", "flagged_at"]
    assert lines[1]["question"] == CHOICE_QUESTION and lines[1]["reason"].endswith("ünïcode kept")
    # Fed back to `interview-bot grade` as it is: every line is gradable.
    out = tmp_path / "graded.jsonl"
    with out.open("w") as graded:
        assert grade_lines(shipped_grader, shipped_bank, json_lines(records).splitlines(), graded) == 0
    assert [json.loads(line)["question"] for line in out.read_text().splitlines()] == [OPEN_QUESTION, CHOICE_QUESTION]
    # To a file, whole.
    target = tmp_path / "flags.jsonl"
    assert export_disputes(Path(store.db.path), target, io.StringIO()) == 2
    assert target.read_text(encoding="utf-8") == json_lines(records)


async def test_export_names_what_is_wrong(tmp_path):
    with pytest.raises(ExportFailed, match=f"no database at {tmp_path / 'missing.sqlite3'}"):
        export_disputes(tmp_path / "missing.sqlite3", None, io.StringIO())
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY)").connection.close()
    with pytest.raises(ExportFailed, match="no flagged grades table yet"):
        export_disputes(old, None, io.StringIO())
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database, just text that is long enough to have a header" * 10)
    with pytest.raises(ExportFailed, match=f"cannot read {junk}"):
        export_disputes(junk, None, io.StringIO())
