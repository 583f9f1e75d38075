"""The daily service with a fake clock, the real grader and a real store: no Discord."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.bank import Bank, Difficulty, load_bank
from bot.bank.models import Topic
from bot.clock import FakeClock
from bot.daily import DailyService, option_order, streak_bonus
from bot.daily import errors as daily_errors
from bot.engine.scoring import points_for
from bot.grading import Grader
from bot.scheduling import InvalidPostTime, UnknownTimeZone
from bot.store import SqliteStore
from tests.conftest import SAMPLE_BANK

GUILD = 77
CHANNEL = 5


@pytest.fixture(scope="module")
def sample_bank() -> Bank:
    return load_bank(SAMPLE_BANK)


def only(bank: Bank, question_id: str) -> Bank:
    """A one-question bank: tests that need a choice (or an open) question get exactly that."""
    question = bank.question(question_id)
    topic = bank.topic(question.topic)
    return Bank([Topic(topic.slug, topic.title, topic.description, (question,))])


@pytest.fixture(scope="module")
def choice_bank(sample_bank: Bank) -> Bank:
    return only(sample_bank, "routing-default-methods")


@pytest.fixture(scope="module")
def open_bank(sample_bank: Bank) -> Bank:
    return only(sample_bank, "routing-variable-rules")


def make_service(bank: Bank, store: SqliteStore, clock: FakeClock) -> DailyService:
    return DailyService(bank, Grader(bank), store.daily, clock, rng=random.Random(4))


async def set_up(service: DailyService, time_text: str = "09:00", zone: str = "Europe/London", **options) -> None:
    await service.configure(service.check_setup(GUILD, CHANNEL, time_text, zone, **options))


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"time_text": "25:00"}, InvalidPostTime),
        ({"zone": "Europe/Atlantis"}, UnknownTimeZone),
        ({"topic": "django"}, daily_errors.UnknownDailyTopic),
        ({"reveal_after_hours": 0}, daily_errors.InvalidRevealDelay),
        ({"reveal_after_hours": 24}, daily_errors.InvalidRevealDelay),
        ({"topic": "templates", "difficulty": "easy"}, daily_errors.NoDailyQuestions),
    ],
)
def test_setup_checks_every_option(sample_bank, store, clock, options, error):
    service = make_service(sample_bank, store, clock)
    values = {"time_text": "09:00", "zone": "Europe/London"} | options
    with pytest.raises(error):
        service.check_setup(GUILD, CHANNEL, values.pop("time_text"), values.pop("zone"), **values)


async def test_unknown_guild_has_no_schedule(sample_bank, store, clock):
    service = make_service(sample_bank, store, clock)
    with pytest.raises(daily_errors.DailyNotConfigured):
        await service.schedule(GUILD)
    with pytest.raises(daily_errors.DailyNotConfigured):
        await service.set_paused(GUILD, True)
    status = await service.status(GUILD, 1)
    assert status.schedule is None and status.today is None


async def test_setup_reports_the_next_post_and_due_servers_follow_the_zone(sample_bank, store, clock):
    service = make_service(sample_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 2, 0, tzinfo=UTC))  # 07:30 in Kolkata
    await set_up(service, "08:00", "asia/kolkata")
    schedule = await service.schedule(GUILD)
    assert schedule.timezone == "Asia/Kolkata"
    assert schedule.next_post_at == datetime(2026, 1, 5, 2, 30, tzinfo=UTC)
    assert await service.due_servers(clock.now()) == []
    clock.set(datetime(2026, 1, 5, 2, 30, tzinfo=UTC))
    due = await service.due_servers(clock.now())
    assert [(d.guild_id, d.channel_id, d.day) for d in due] == [(GUILD, CHANNEL, date(2026, 1, 5))]


async def test_set_up_after_todays_time_waits_for_tomorrow(sample_bank, store, clock):
    service = make_service(sample_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))  # 10:00 London
    await set_up(service, "09:00")
    assert (await service.schedule(GUILD)).next_post_at == datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    assert await service.due_servers(clock.now()) == []
    assert await service.due_servers(datetime(2026, 1, 6, 9, 0, tzinfo=UTC)) != []


async def test_questions_honour_the_filter_and_do_not_repeat_until_the_bank_is_exhausted(sample_bank, store, clock):
    service = make_service(sample_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(service, "09:00", topic="routing")
    routing = {q.id for q in sample_bank.questions(["routing"])}
    posted = []
    for offset in range(4):
        day = date(2026, 1, 5) + timedelta(days=offset)
        card = await service.reserve_post(GUILD, day)
        posted.append(card.question_id)
    assert set(posted[:2]) == routing  # both before any repeat
    assert posted[2] == posted[0] and posted[3] == posted[1]  # then cycle, oldest first

    await store.daily.set_schedule(replace(await store.daily.config(GUILD), topic=None, difficulty="medium"))
    card = await service.reserve_post(GUILD, date(2026, 2, 1))
    assert card.question_id == "templates-autoescape"  # the one medium question


async def test_post_now_refuses_a_second_post_the_same_day(sample_bank, store, clock):
    service = make_service(sample_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))  # before the 09:00 post, so the day is due
    await set_up(service)
    assert await service.due_servers(datetime(2026, 1, 5, 9, 30, tzinfo=UTC)) != []
    first = await service.post_now(GUILD)
    assert first.day == date(2026, 1, 5)
    with pytest.raises(daily_errors.AlreadyPostedToday):
        await service.post_now(GUILD)
    # The scheduler sees the day as done.
    assert await service.due_servers(datetime(2026, 1, 5, 9, 30, tzinfo=UTC)) == []


async def test_a_refused_post_backs_off_for_an_hour(sample_bank, store, clock):
    service = make_service(sample_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(service)
    clock.set(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    card = await service.reserve_post(GUILD)
    await service.post_refused(card.post_id, "403 Missing Permissions in channel 5")
    schedule = await service.schedule(GUILD)
    assert schedule.last_error.startswith("403")
    assert schedule.retry_at == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert await service.due_servers(datetime(2026, 1, 5, 9, 59, tzinfo=UTC)) == []
    assert len(await service.due_servers(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))) == 1
    # A successful post clears the error.
    clock.set(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    again = await service.reserve_post(GUILD)
    await store.db.write(service.post_delivered(again.post_id, GUILD, 999))
    assert (await service.schedule(GUILD)).last_error is None
    assert (await store.daily.post(again.post_id)).message_id == 999


async def test_choice_answers_score_points_and_keep_a_streak_in_the_server_zone(choice_bank, store, clock):
    service = make_service(choice_bank, store, clock)
    # Kolkata: 20:00 UTC is already the next local day there.
    clock.set(datetime(2026, 1, 4, 20, 0, tzinfo=UTC))
    await set_up(service, "01:00", "Asia/Kolkata", topic="routing", difficulty="easy", reveal_after_hours=23)
    question = choice_bank.question("routing-default-methods")
    results = []
    for offset in range(3):
        clock.set(datetime(2026, 1, 4, 20, 0, tzinfo=UTC) + timedelta(days=offset))
        card = await service.reserve_post(GUILD)
        assert card.day == date(2026, 1, 5) + timedelta(days=offset)
        correct = option_order(card.post_id, question).index(0)
        clock.advance(hours=20)  # 07:30 UTC, 13:00 local: same local day, next UTC day
        results.append(await service.answer_choice(card.post_id, GUILD, 1, correct))
    base = points_for(1.0, Difficulty.EASY)
    assert [r.streak for r in results] == [1, 2, 3]
    assert [r.points for r in results] == [base, base + 1, base + 2]
    assert [r.bonus for r in results] == [0, 1, 2]
    assert all(r.passed and r.chosen == question.correct for r in results)
    status = await service.status(GUILD, 1)
    assert (status.streak, status.best_streak) == (3, 3)
    # Two local days later with no answer: the streak is gone, the best stays.
    clock.advance(days=2)
    status = await service.status(GUILD, 1)
    assert (status.streak, status.best_streak) == (0, 3)


async def test_a_wrong_answer_keeps_the_streak_but_earns_no_bonus(choice_bank, store, clock):
    service = make_service(choice_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(service, "08:00", topic="routing", difficulty="easy")
    question = choice_bank.question("routing-default-methods")
    first = await service.reserve_post(GUILD)
    await service.answer_choice(first.post_id, GUILD, 1, option_order(first.post_id, question).index(0))
    clock.advance(days=1)
    second = await service.reserve_post(GUILD)
    wrong = option_order(second.post_id, question).index(1)
    result = await service.answer_choice(second.post_id, GUILD, 1, wrong)
    assert (result.passed, result.points, result.bonus, result.streak) == (False, 0, 0, 2)


async def test_one_attempt_per_member(choice_bank, store, clock):
    service = make_service(choice_bank, store, clock)
    await set_up(service, topic="routing", difficulty="easy")
    card = await service.post_now(GUILD)
    await service.answer_choice(card.post_id, GUILD, 1, 0)
    assert (await service.card(card.post_id)).answered == 1
    with pytest.raises(daily_errors.AlreadyAnsweredDaily, match="already answered"):
        await service.answer_choice(card.post_id, GUILD, 1, 1)
    with pytest.raises(daily_errors.AlreadyAnsweredDaily):
        await service.open_for_answer(card.post_id, GUILD, 1)
    with pytest.raises(daily_errors.DailyPostGone):
        await service.open_for_answer(card.post_id, GUILD + 1, 2)  # a button from another server
    with pytest.raises(daily_errors.NotAnOption):
        await service.answer_choice(card.post_id, GUILD, 2, 9)


async def test_open_answers_are_graded_by_the_rubric(open_bank, store, clock):
    service = make_service(open_bank, store, clock)
    await set_up(service)
    card = await service.post_now(GUILD)
    question = open_bank.question(card.question_id)
    good = await service.answer_open(card.post_id, GUILD, 1, question.answer)
    poor = await service.answer_open(card.post_id, GUILD, 2, "no idea")
    assert good.passed and good.points == points_for(good.score, question.difficulty) and good.covered
    assert not poor.passed and poor.points == 0
    with pytest.raises(daily_errors.DailyAnswerTooLong):
        await service.answer_open(card.post_id, GUILD, 3, "x" * 4001)
    with pytest.raises(daily_errors.NotAnOption):
        await service.answer_choice(card.post_id, GUILD, 4, 0)


async def test_reveal_shows_the_solution_the_share_and_the_first_correct(choice_bank, store, clock):
    service = make_service(choice_bank, store, clock)
    await set_up(service, topic="routing", difficulty="easy", reveal_after_hours=2)
    question = choice_bank.question("routing-default-methods")
    card = await service.post_now(GUILD)
    correct = option_order(card.post_id, question).index(0)
    for user, position, minutes in [(3, correct, 1), (1, (correct + 1) % 3, 2), (2, correct, 3)]:
        clock.advance(minutes=minutes)
        await service.answer_choice(card.post_id, GUILD, user, position)
    assert await service.due_reveals(clock.now()) == []
    clock.set(card.reveal_at)
    assert await service.due_reveals(clock.now()) == [card.post_id]
    with pytest.raises(daily_errors.DailyClosed):
        await service.answer_choice(card.post_id, GUILD, 4, correct)
    reveal = await service.reveal_content(card.post_id)
    assert reveal.solution == question.explain
    assert reveal.correct_option.text == question.correct
    assert reveal.first_correct == (3, 2)
    assert (reveal.card.answered, reveal.card.passed, reveal.card.revealed) == (3, 2, True)
    assert reveal.pass_share == pytest.approx(2 / 3)
    assert await service.due_reveals(clock.now()) == [card.post_id]  # shown only once marked
    assert await service.mark_revealed(card.post_id) is True
    assert await service.mark_revealed(card.post_id) is False  # only once
    reveal_edits = await store.db.fetch_all("SELECT key FROM outbox WHERE action = 'edit'")
    assert [row["key"] for row in reveal_edits] == [f"daily:reveal:{card.post_id}"]  # queued once
    assert await service.due_reveals(clock.now()) == []


def test_streak_bonus_is_capped():
    assert [streak_bonus(days) for days in (0, 1, 2, 6, 7, 30)] == [0, 0, 1, 5, 5, 5]


async def test_a_new_post_zeroes_lapsed_streaks_in_the_store(choice_bank, store, clock):
    # /stats reads the stored streak, so a missed day must reset it there, not only in /daily status.
    service = make_service(choice_bank, store, clock)
    clock.set(datetime(2026, 1, 5, 7, 0, tzinfo=UTC))
    await set_up(service, "08:00")
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    card = await service.reserve_post(GUILD)
    question = choice_bank.question(card.question_id)
    await service.answer_choice(card.post_id, GUILD, 1, option_order(card.post_id, question).index(0))
    assert (await store.daily.streak(GUILD, 1)).current == 1
    clock.advance(days=3)
    await service.reserve_post(GUILD)
    assert (await store.daily.streak(GUILD, 1)).current == 0
