"""The interview engine with a fake clock and a real SQLite store: no Discord, no sleeping."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bank import Bank, Difficulty, KeyPoint, Pitfall, Question, QuestionType, Topic
from bot.engine import InterviewService, SessionKind
from bot.engine import errors as engine_errors
from bot.engine.outcomes import InterviewReport, QuestionAsked
from bot.grading import Grader
from bot.store import GuildSettings, SqliteStore

GOOD = "The session lives in a signed cookie, and Flask needs the secret key to sign it so nobody can tamper with it."
BAD = "no idea, sorry"
GUILD, MEMBER, OTHER = 10, 20, 30


def open_question(qid: str, topic: str, difficulty: Difficulty) -> Question:
    return Question(
        id=qid,
        topic=topic,
        type=QuestionType.OPEN,
        difficulty=difficulty,
        prompt=f"How does Flask keep the session between requests? ({qid})",
        answer="In a cookie signed with the secret key: readable by the client, but tamper-proof.",
        key_points=(
            KeyPoint("The session is stored in a signed cookie", ("signed cookie", "cookie signed"), 2),
            KeyPoint("Signing needs the SECRET_KEY", ("secret key", "SECRET_KEY")),
        ),
        pitfalls=(Pitfall("Believes the session is encrypted", ("session is encrypted", "encrypts the cookie")),),
        refs=("https://flask.palletsprojects.com/en/stable/quickstart/#sessions",),
    )


def choice_question(qid: str, topic: str, difficulty: Difficulty) -> Question:
    return Question(
        id=qid,
        topic=topic,
        type=QuestionType.CHOICE,
        difficulty=difficulty,
        prompt="Which methods does a route accept by default?",
        correct="GET (plus HEAD and OPTIONS)",
        wrong=("GET and POST", "Every method", "POST only"),
        explain="Only GET is accepted unless methods= is given; Flask adds HEAD and OPTIONS itself.",
    )


def make_bank() -> Bank:
    topics = []
    for slug in ("sessions", "routing"):
        questions = [open_question(f"{slug}-{level.value}-{n}", slug, level) for level in Difficulty for n in range(3)]
        questions.append(choice_question(f"{slug}-choice", slug, Difficulty.EASY))
        topics.append(Topic(slug, slug.title(), "", tuple(questions)))
    return Bank(topics)


@pytest.fixture
def bank() -> Bank:
    return make_bank()


@pytest.fixture
def service(bank, store, clock) -> InterviewService:
    return InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 7)


async def start_open(
    service: InterviewService,
    count: int = 3,
    difficulty: Difficulty | None = Difficulty.MEDIUM,
    topics: tuple[str, ...] = ("sessions",),
) -> QuestionAsked:
    return await service.start(GUILD, MEMBER, topics=topics, difficulty=difficulty, count=count)


async def test_start_asks_the_first_question_with_a_deadline(service, clock):
    view = await start_open(service)
    assert (view.index, view.total, view.kind) == (0, 3, SessionKind.INTERVIEW)
    assert view.question.topic == "sessions" and view.question.difficulty is Difficulty.MEDIUM
    assert view.deadline == clock.now() + timedelta(minutes=5)


async def test_answer_is_graded_recorded_and_committed(service, store, clock):
    view = await start_open(service)
    clock.advance(seconds=40)
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert graded.grade.passed and graded.points == 20 and graded.max_points == 20
    rows = await store.attempts.attempts_for(GUILD, MEMBER)
    assert [(r.question_id, r.points, r.passed, r.late) for r in rows] == [(view.question.id, 20, True, False)]
    stored = await store.db.fetch_one("SELECT elapsed_ms, interview_id FROM attempts")
    assert tuple(stored) == (40_000, view.session_id)


async def test_double_submit_and_stale_buttons_are_refused(service):
    view = await start_open(service)
    await service.answer(view.session_id, MEMBER, 0, GOOD)
    with pytest.raises(engine_errors.StaleAction):
        await service.answer(view.session_id, MEMBER, 0, GOOD)
    with pytest.raises(engine_errors.StaleAction):
        await service.hint(view.session_id, MEMBER, 0)


async def test_another_member_cannot_act(service):
    view = await start_open(service)
    with pytest.raises(engine_errors.NotYourInterview):
        await service.answer(view.session_id, OTHER, 0, GOOD)
    with pytest.raises(engine_errors.NotYourInterview):
        await service.end(view.session_id, OTHER)


async def test_late_answer_is_graded_but_earns_nothing(service, store, clock):
    view = await start_open(service)
    clock.set(view.deadline + timedelta(seconds=1))
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert graded.late and graded.grade.passed and graded.points == 0
    assert (await store.attempts.attempts_for(GUILD, MEMBER))[0].late


async def test_time_limits_come_from_server_settings(service, store, clock):
    await store.settings.save_guild_settings(GuildSettings(GUILD, "UTC", 120, 20), clock.now())
    view = await start_open(service)
    assert view.deadline == clock.now() + timedelta(seconds=120)


async def test_hint_reveals_a_key_point_and_halves_the_points(service):
    view = await start_open(service)
    hinted = await service.hint(view.session_id, MEMBER, 0)
    assert hinted.hints == ("The session is stored in a signed cookie",)  # the heaviest point first
    again = await service.hint(view.session_id, MEMBER, 0)
    assert len(again.hints) == 2 and not again.hint_available
    with pytest.raises(engine_errors.StaleAction, match="no more hints"):
        await service.hint(view.session_id, MEMBER, 0)
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert graded.hinted and graded.points == 10


async def test_skip_moves_on_and_counts_in_the_report(service):
    view = await start_open(service, count=2)
    following = await service.skip(view.session_id, MEMBER, 0)
    assert isinstance(following, QuestionAsked) and following.index == 1
    assert following.question.id != view.question.id
    report = await service.skip(view.session_id, MEMBER, 1)
    assert isinstance(report, InterviewReport)
    assert (report.skipped, report.answered, report.points) == (2, 0, 0)


async def test_adaptive_goes_harder_after_a_pass_and_easier_after_a_miss(service):
    view = await start_open(service, count=4, difficulty=None)
    assert view.question.difficulty is Difficulty.MEDIUM
    await service.answer(view.session_id, MEMBER, 0, GOOD)
    view = await service.next_question(view.session_id, MEMBER, 0)
    assert view.question.difficulty is Difficulty.HARD
    await service.answer(view.session_id, MEMBER, 1, BAD)
    view = await service.next_question(view.session_id, MEMBER, 1)
    assert view.question.difficulty is Difficulty.MEDIUM
    await service.answer(view.session_id, MEMBER, 2, BAD)
    view = await service.next_question(view.session_id, MEMBER, 2)
    assert view.question.difficulty is Difficulty.EASY


async def test_no_repeats_within_an_interview_and_fresh_questions_first(service):
    asked = []
    view = await start_open(service, count=3)
    for index in range(3):
        asked.append(view.question.id)
        await service.answer(view.session_id, MEMBER, index, GOOD)
        outcome = await service.next_question(view.session_id, MEMBER, index)
        if isinstance(outcome, QuestionAsked):
            view = outcome
    assert len(set(asked)) == 3  # every medium "sessions" question, once


async def test_when_every_question_was_seen_the_one_seen_longest_ago_comes_first(service, clock):
    asked = []
    view = await start_open(service, count=3)
    for index in range(3):
        asked.append(view.question.id)
        clock.advance(minutes=1)
        await service.answer(view.session_id, MEMBER, index, GOOD)
        outcome = await service.next_question(view.session_id, MEMBER, index)
        if index < 2:
            view = outcome
    again = await start_open(service, count=1)
    assert again.question.id == asked[0]


async def test_double_click_on_next_shows_the_same_question(service):
    view = await start_open(service)
    await service.answer(view.session_id, MEMBER, 0, GOOD)
    first = await service.next_question(view.session_id, MEMBER, 0)
    second = await service.next_question(view.session_id, MEMBER, 0)
    assert isinstance(first, QuestionAsked) and isinstance(second, QuestionAsked)
    assert (first.index, first.question.id) == (second.index, second.question.id)


async def test_resume_after_restart_continues_where_the_member_was(bank, tmp_path, clock):
    path = tmp_path / "restart.sqlite3"
    store = await SqliteStore.open(path)
    service = InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 3)
    view = await start_open(service)
    await service.answer(view.session_id, MEMBER, 0, GOOD)
    await store.close()  # the bot stops between the feedback and the Next button

    store = await SqliteStore.open(path)
    revived = InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 3)
    resumed = await revived.resume(GUILD, MEMBER)
    assert resumed.session_id == view.session_id and resumed.index == 1
    assert resumed.question.id != view.question.id
    again = await revived.resume(GUILD, MEMBER)
    assert (again.index, again.question.id) == (1, resumed.question.id)
    assert len(await store.attempts.attempts_for(GUILD, MEMBER)) == 1
    await store.close()


async def test_one_active_interview_per_member(service):
    view = await start_open(service)
    with pytest.raises(engine_errors.ActiveInterviewExists) as raised:
        await start_open(service)
    assert raised.value.session_id == view.session_id
    await service.abandon(GUILD, MEMBER)
    with pytest.raises(engine_errors.NoActiveInterview):
        await service.resume(GUILD, MEMBER)
    fresh = await start_open(service)
    assert fresh.session_id != view.session_id


async def test_end_early_gives_a_report_with_study_items(service):
    view = await start_open(service, count=5)
    await service.answer(view.session_id, MEMBER, 0, "The session is encrypted, that's it.")
    report = await service.end(view.session_id, MEMBER)
    assert report.ended_early and report.asked == 1 and report.passed == 0
    assert report.study[0].refs == ("https://flask.palletsprojects.com/en/stable/quickstart/#sessions",)
    assert "Signing needs the SECRET_KEY" in report.study[0].missed
    with pytest.raises(engine_errors.NoActiveInterview):
        await service.resume(GUILD, MEMBER)


async def test_full_interview_report_names_strongest_and_weakest(service):
    view = await start_open(service, count=4, difficulty=Difficulty.MEDIUM, topics=())
    for index in range(4):
        answer = GOOD if view.question.topic == "routing" else BAD
        graded = await service.answer(view.session_id, MEMBER, index, answer)
        outcome = await service.next_question(view.session_id, MEMBER, index)
        if graded.is_last:
            report = outcome
        else:
            view = outcome
    assert isinstance(report, InterviewReport) and not report.ended_early
    assert report.asked == 4 and len(report.topics) == 2
    assert report.strongest.topic == "routing" and report.weakest.topic == "sessions"


def choice_only_service(store, clock) -> InterviewService:
    bank = Bank([Topic("c", "C", "", (choice_question("c-1", "c", Difficulty.EASY),))])
    return InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 1)


async def test_choice_question_with_hint(store, clock):
    service = choice_only_service(store, clock)
    view = await service.start(GUILD, MEMBER, topics=["c"], difficulty=Difficulty.EASY, count=1)
    assert sorted(option.position for option in view.options) == [0, 1, 2, 3]
    hinted = await service.hint(view.session_id, MEMBER, 0)
    assert len(hinted.options) == 3 and hinted.hints == ("One wrong option was removed.",)
    correct = next(option for option in hinted.options if option.text.startswith("GET (plus"))
    graded = await service.choose(view.session_id, MEMBER, 0, correct.position)
    assert graded.grade.score == 1.0 and graded.points == 5 and graded.chosen == correct.text


async def test_choice_picks_are_graded(store, clock):
    service = choice_only_service(store, clock)
    view = await service.start(GUILD, MEMBER, topics=["c"], difficulty=Difficulty.EASY, count=1)
    wrong = next(option for option in view.options if option.text == "GET and POST")
    graded = await service.choose(view.session_id, MEMBER, 0, wrong.position)
    assert not graded.grade.passed and graded.points == 0 and graded.is_last


async def test_review_queue_brings_missed_questions_back_when_due(service, store, clock):
    view = await start_open(service, count=1)
    await service.answer(view.session_id, MEMBER, 0, BAD)
    await service.next_question(view.session_id, MEMBER, 0)
    with pytest.raises(engine_errors.NothingToReview, match="in 4 h|in 3 h"):
        await service.start_review(GUILD, MEMBER)
    clock.advance(hours=5)
    review = await service.start_review(GUILD, MEMBER)
    assert review.kind is SessionKind.REVIEW and review.question.id == view.question.id and review.total == 1
    await service.answer(review.session_id, MEMBER, 0, GOOD)
    card = await store.interviews.review_card(GUILD, MEMBER, view.question.id)
    assert card is not None and card.reviews == 2 and card.due > clock.now() + timedelta(hours=12)


async def test_review_orders_oldest_due_first(service, store, clock):
    missed = []
    for _ in range(2):
        view = await start_open(service, count=1)
        await service.answer(view.session_id, MEMBER, 0, BAD)
        await service.next_question(view.session_id, MEMBER, 0)
        missed.append(view.question.id)
        clock.advance(minutes=30)
    clock.advance(days=2)
    review = await service.start_review(GUILD, MEMBER)
    assert review.total == 2 and review.question.id == missed[0]


async def test_passed_questions_do_not_enter_the_review_queue(service, store):
    view = await start_open(service, count=1)
    await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert await store.interviews.review_card(GUILD, MEMBER, view.question.id) is None


async def test_bad_input_gets_clear_errors(service):
    with pytest.raises(engine_errors.UnknownTopic, match="no topic 'django'"):
        await service.start(GUILD, MEMBER, topics=["django"], difficulty=None, count=3)
    view = await start_open(service)
    with pytest.raises(engine_errors.AnswerTooLong):
        await service.answer(view.session_id, MEMBER, 0, "x" * 4001)


async def test_question_count_is_clamped(service):
    view = await start_open(service, count=99, difficulty=None, topics=())
    assert view.total == 20


async def test_an_interview_never_promises_more_questions_than_exist(service):
    view = await service.start(GUILD, MEMBER, topics=["routing"], difficulty=Difficulty.HARD, count=10)
    assert view.total == 3  # the routing topic holds three hard questions
    for index in range(3):
        await service.answer(view.session_id, MEMBER, index, GOOD)
        outcome = await service.next_question(view.session_id, MEMBER, index)
    assert isinstance(outcome, InterviewReport) and not outcome.ended_early and outcome.asked == 3


async def test_a_reused_interview_id_is_not_served_from_a_stale_cache(service, store):
    # SQLite reuses the highest rowid after a delete (no AUTOINCREMENT), and
    # /privacy delete-my-data deletes interviews: the engine must not trust old cache entries.
    first = await start_open(service)
    await service.hint(first.session_id, MEMBER, 0)
    await service.abandon(GUILD, MEMBER)
    await store.privacy.delete_member_data(GUILD, MEMBER)
    second = await service.start(GUILD, OTHER, topics=["sessions"], difficulty=Difficulty.MEDIUM, count=3)
    assert second.session_id == first.session_id
    graded = await service.answer(second.session_id, OTHER, 0, GOOD)
    assert graded.grade.passed
    report = await service.end_active(GUILD, OTHER)
    assert report.ended_early


async def test_the_last_answer_finishes_the_interview_in_the_same_commit(service, store):
    view = await start_open(service, count=1)
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert graded.is_last
    stored = await store.interviews.interview(view.session_id)
    assert stored is not None and stored.status == "finished"
    assert await store.interviews.active_interview(GUILD, MEMBER) is None


async def test_the_heaviest_key_point_is_hinted_first(store, clock):
    question = Question(
        id="q",
        topic="t",
        type=QuestionType.OPEN,
        difficulty=Difficulty.MEDIUM,
        prompt="P?",
        answer="A.",
        key_points=(KeyPoint("Light", ("alpha",), 1), KeyPoint("Heavy", ("bravo",), 3)),
    )
    bank = Bank([Topic("t", "T", "", (question,))])
    service = InterviewService(bank, Grader(bank), store.interviews, clock, seeds=lambda: 1)
    view = await service.start(GUILD, MEMBER, topics=["t"], difficulty=Difficulty.MEDIUM, count=1)
    assert (await service.hint(view.session_id, MEMBER, 0)).hints == ("Heavy",)


async def test_a_hinted_pass_still_enters_the_review_queue(service, store):
    view = await start_open(service, count=1)
    await service.hint(view.session_id, MEMBER, 0)
    graded = await service.answer(view.session_id, MEMBER, 0, GOOD)
    assert graded.grade.passed
    assert await store.interviews.review_card(GUILD, MEMBER, view.question.id) is not None


async def test_a_skipped_question_lists_every_key_point_to_study(service):
    view = await start_open(service, count=1)
    report = await service.skip(view.session_id, MEMBER, 0)
    assert report.study[0].missed == tuple(point.text for point in view.question.key_points)


async def test_a_choice_hint_works_once_and_its_removed_option_cannot_be_chosen(store, clock):
    service = choice_only_service(store, clock)
    view = await service.start(GUILD, MEMBER, topics=["c"], difficulty=Difficulty.EASY, count=1)
    hinted = await service.hint(view.session_id, MEMBER, 0)
    with pytest.raises(engine_errors.StaleAction):
        await service.hint(view.session_id, MEMBER, 0)
    removed = ({o.position for o in view.options} - {o.position for o in hinted.options}).pop()
    with pytest.raises(engine_errors.StaleAction, match="removed by your hint"):
        await service.choose(view.session_id, MEMBER, 0, removed)
