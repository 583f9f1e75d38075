"""Defects found in review, each proved by a test that failed before its fix."""

from __future__ import annotations

from tests.discord_harness import CREATE_PUBLIC_THREADS, MEMBER_PERMISSIONS, only
from tests.interview.test_cog import start

OTHER = 2002


async def active_id(harness) -> int:
    row = await harness.bot.store.db.fetch_one("SELECT id FROM interview_sessions WHERE status = 'active'")
    return row["id"]


async def test_only_the_owner_can_take_up_a_resume_offer(harness):
    await start(harness, topic="routing", questions=3)
    offer = await start(harness, topic="routing", questions=3)
    resume_id = offer.custom_ids()[0]
    stranger = only(await harness.click(resume_id, message=harness.message_payload(offer), user_id=OTHER))
    assert stranger.callback_type == 4 and stranger.ephemeral and "not your interview" in stranger.text()
    replace_id = offer.custom_ids()[1]
    stranger = only(await harness.click(replace_id, message=harness.message_payload(offer), user_id=OTHER))
    assert stranger.ephemeral and "not your interview" in stranger.text()
    statuses = await harness.bot.store.db.fetch_all("SELECT status FROM interview_sessions")
    assert [row["status"] for row in statuses] == ["active"]


async def test_a_double_click_on_abandon_and_start_abandons_only_the_old_interview(harness):
    await start(harness, topic="routing", questions=3)
    old = await active_id(harness)
    offer = await start(harness, topic="templates", questions=2)
    replace_id = next(i for i in offer.custom_ids() if i.startswith("interview:offer-replace:"))
    message = harness.message_payload(offer)
    first, second = await harness.together(
        [harness.click_payload(replace_id, message=message), harness.click_payload(replace_id, message=message)]
    )
    rows = await harness.bot.store.db.fetch_all("SELECT id, status FROM interview_sessions ORDER BY id")
    assert [(row["id"] == old, row["status"]) for row in rows] == [(True, "abandoned"), (False, "active")]
    # Both clicks show the new interview's question; neither abandoned it.
    for calls in (first, second):
        shown = only(calls)
        assert shown.callback_type == 7 and shown.embeds[0]["title"].startswith("Question 1/2")


async def test_the_offer_survives_a_new_topic_file(harness):
    from bot.bank import Bank, Topic
    from bot.ui.interview_views import StartPlan

    plan = StartPlan(("templates", "forms"), None, 2, False)
    bank = harness.bot.bank
    grown = Bank([Topic("aaa-new", "New", "", ()), *bank.topics])  # a file sorted before the rest
    assert StartPlan.decode(plan.encode(), grown).topics == StartPlan.decode(plan.encode(), bank).topics
    assert set(StartPlan.decode(plan.encode(), grown).topics) == {"templates", "forms"}


async def test_a_public_interview_needs_the_members_create_threads_permission(harness):
    calls = await harness.slash(
        "interview start",
        topic="routing",
        questions=1,
        public=True,
        permissions=MEMBER_PERMISSIONS & ~CREATE_PUBLIC_THREADS,
    )
    assert "You need Create Public Threads" in only(calls).text() and only(calls).ephemeral
    assert not [c for c in harness.calls if "/threads" in c.path]
    assert (await harness.bot.store.db.fetch_one("SELECT COUNT(*) AS n FROM interview_sessions WHERE status='active'"))[
        "n"
    ] == 0


async def test_too_many_threads_does_not_orphan_the_interview(harness):
    harness.recorder.fail("/threads", status=400, code=160006, message="Maximum number of active threads reached")
    calls = await harness.slash("interview start", topic="routing", questions=1, public=True)
    assert "too many active threads" in calls[-1].text()
    again = await harness.slash("interview start", topic="routing", questions=1)
    assert again[0].embeds  # nothing left running


async def test_a_failed_first_post_leaves_no_empty_thread(harness):
    harness.recorder.fail("/messages", status=403, code=50001, message="Missing Access")
    calls = await harness.slash("interview start", topic="routing", questions=1, public=True)
    assert any(c.method == "DELETE" and "/channels/" in c.path for c in calls)  # the empty thread is removed
    assert "I can't create threads or post in them here" in calls[-1].text()
    assert (await harness.bot.store.db.fetch_one("SELECT COUNT(*) AS n FROM interview_sessions WHERE status='active'"))[
        "n"
    ] == 0


async def test_public_interviews_are_rate_limited_per_member(harness):
    for _ in range(2):
        await harness.slash("interview start", topic="routing", questions=1, public=True)
        await harness.slash("interview stop")
    third = await harness.slash("interview start", topic="routing", questions=1, public=True)
    assert "Slow down" in only(third).text()
    private = await harness.slash("interview start", topic="routing", questions=1)
    assert private[0].embeds  # private starts are not limited


async def test_lateness_counts_from_when_the_member_submitted_not_when_the_bot_got_to_it(harness, clock):
    from datetime import timedelta

    from tests.interview.test_cog import model_answer_for, skip_until

    call = await skip_until(harness, await start(harness, topic="routing", questions=3), open_question=True)
    answer_id = next(i for i in call.custom_ids() if i.startswith("interview:answer:"))
    modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
    submitted = harness.modal_payload(modal, [model_answer_for(harness, call)], message=harness.message_payload(call))
    clock.advance(timedelta(hours=1))  # the bot only gets to it long after the time limit
    feedback = only(await harness.dispatch(submitted))
    assert "after the deadline" not in feedback.text()
    attempt = (await harness.bot.store.attempts.attempts_for(800000000000000001, 1001))[-1]
    assert not attempt.late and attempt.points > 0
