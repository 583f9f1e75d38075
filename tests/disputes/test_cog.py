"""Flag this grade through the real bot: feedback -> Flag -> the form -> stored, and refusals."""

from __future__ import annotations

import json

from tests.daily.test_cog import draw, posted_today, question_of, reply
from tests.discord_harness import GUILD_ID, DiscordHarness, only
from tests.interview.test_cog import question_shown, skip_until, start

OTHER_MEMBER = 2002
POOR_ANSWER = "You write the name in the URL and Flask gives it to you somehow."
REASON = "I said it is passed to the view, just in other words."


async def solo_open_feedback(harness, answer: str = POOR_ANSWER):
    """Answer an open solo question with ``answer``; returns the feedback call."""
    call = await start(harness, topic="routing", difficulty="easy", questions=5)
    call = await skip_until(harness, call, open_question=True)
    answer_id = next(i for i in call.custom_ids() if i.startswith("interview:answer:"))
    modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
    return only(await harness.submit_modal(modal, [answer], message=harness.message_payload(call)))


def flag_id(feedback) -> str:
    return only([i for i in feedback.custom_ids() if i.startswith("flag:")])


def inputs(modal) -> dict[str, dict]:
    """The form's inputs by custom_id, each with the label it sits in."""
    found = {}
    for row in modal.body["components"]:
        assert row["type"] == 18, row  # every input in a label, with room for a description
        found[row["component"]["custom_id"]] = {
            **row["component"],
            "label": row["label"],
            "description": row.get("description"),
        }
    return found


async def disputes(harness) -> list[dict]:
    rows = await harness.bot.store.db.fetch_all("SELECT * FROM grade_disputes ORDER BY id")
    return [dict(row) for row in rows]


async def open_form(harness, feedback, user_id: int = 1001):
    return only(await harness.click(flag_id(feedback), message=harness.message_payload(feedback), user_id=user_id))


async def test_solo_open_answer_flagged_with_consent_is_stored_with_the_shown_grade(harness):
    feedback = await solo_open_feedback(harness)
    assert feedback.callback_type == 7 and not feedback.embeds[0]["title"].startswith("Passed")
    attempt = (await harness.bot.store.attempts.attempts_for(GUILD_ID, 1001))[-1]
    session_id = int(next(i for i in feedback.custom_ids() if i.startswith("interview:next:")).split(":")[2])
    assert flag_id(feedback) == f"flag:interview:{session_id}:{attempt.question_id}"

    modal = await open_form(harness, feedback)
    assert modal.callback_type == 9 and modal.body["title"] == "Flag this grade"
    assert modal.body["custom_id"] == f"flag:modal:{attempt.id}"
    form = inputs(modal)
    assert list(form) == ["flag:answer", "flag:reason", "flag:consent"]
    assert form["flag:answer"]["value"] == POOR_ANSWER  # prefilled: the member need not retype it
    assert form["flag:reason"]["label"] == "What did the grader get wrong?"
    consent = form["flag:consent"]
    assert consent["label"] == "I agree to store this answer for graders"
    assert consent["type"] == 22 and consent["min_values"] == 1 and consent["required"] is True
    assert "delete-my-data" in consent["description"]

    done = only(
        await harness.submit_modal(
            modal,
            {"flag:answer": POOR_ANSWER, "flag:reason": REASON, "flag:consent": "store"},
            message=harness.message_payload(feedback),
        )
    )
    assert done.callback_type == 4 and done.ephemeral and "your flag is stored" in done.text()
    [stored] = await disputes(harness)
    assert (stored["attempt_id"], stored["user_id"], stored["guild_id"]) == (attempt.id, 1001, GUILD_ID)
    assert (stored["question_id"], stored["mode"]) == (attempt.question_id, "interview")
    assert (stored["answer"], stored["reason"]) == (POOR_ANSWER, REASON)
    assert (stored["score"], bool(stored["passed"])) == (attempt.score, attempt.passed)

    again = await open_form(harness, feedback)
    assert again.callback_type == 4 and again.ephemeral and "already flagged" in again.text()


async def test_a_choice_answer_is_flagged_without_an_answer_box(harness):
    call = await start(harness, topic="routing", difficulty="easy", questions=5)
    call = await skip_until(harness, call, open_question=False)
    question = question_shown(harness, call)
    wrong = next(
        c
        for row in call.body["components"]
        for c in row["components"]
        if c["custom_id"].startswith("interview:choice:") and c["label"] != question.correct
    )
    feedback = only(await harness.click(wrong["custom_id"], message=harness.message_payload(call)))
    modal = await open_form(harness, feedback)
    assert list(inputs(modal)) == ["flag:reason", "flag:consent"]
    await harness.submit_modal(modal, {"flag:reason": "The key is wrong.", "flag:consent": ["store"]})
    [stored] = await disputes(harness)
    assert stored["answer"] == wrong["label"] and stored["question_id"] == question.id


async def test_a_click_or_a_crafted_submit_on_someone_elses_grade_is_refused_privately(harness):
    feedback = await solo_open_feedback(harness)
    refused = await open_form(harness, feedback, user_id=OTHER_MEMBER)
    assert refused.callback_type == 4 and refused.ephemeral
    assert "only flag the grade of your own answer" in refused.text()
    modal = await open_form(harness, feedback)
    crafted = only(
        await harness.submit_modal(
            modal, {"flag:answer": "mine", "flag:reason": "not mine", "flag:consent": "store"}, user_id=OTHER_MEMBER
        )
    )
    assert crafted.ephemeral and "only flag the grade of your own answer" in crafted.text()
    assert await disputes(harness) == []


async def test_without_the_consent_ticked_nothing_is_stored(harness):
    feedback = await solo_open_feedback(harness)
    modal = await open_form(harness, feedback)
    refused = only(
        await harness.submit_modal(modal, {"flag:answer": POOR_ANSWER, "flag:reason": REASON, "flag:consent": []})
    )
    assert refused.ephemeral and "Nothing was stored" in refused.text()
    assert await disputes(harness) == []


async def test_two_submits_in_flight_store_one_flag(harness):
    feedback = await solo_open_feedback(harness)
    modal = await open_form(harness, feedback)
    values = {"flag:answer": POOR_ANSWER, "flag:reason": REASON, "flag:consent": "store"}
    first, second = await harness.together([harness.modal_payload(modal, values), harness.modal_payload(modal, values)])
    texts = sorted(only(calls).text() for calls in (first, second))
    assert "already flagged" in texts[1] and "your flag is stored" in texts[0], texts
    assert all(only(calls).ephemeral for calls in (first, second))
    assert len(await disputes(harness)) == 1


async def test_after_a_restart_the_button_and_form_still_work_and_ask_for_the_answer(
    harness, settings, clock, shipped_bank
):
    from bot.client import InterviewBot

    feedback = await solo_open_feedback(harness)
    restarted = DiscordHarness(
        InterviewBot(settings, clock=clock, sync_mode="never", bank=shipped_bank, background_tasks=False)
    )
    await restarted.start()
    try:
        # A new process: the answer text was never stored, so the form asks for it.
        modal = only(await restarted.click(flag_id(feedback), message=harness.message_payload(feedback)))
        assert "value" not in inputs(modal)["flag:answer"]
        assert inputs(modal)["flag:answer"]["required"] is True
        done = only(
            await restarted.submit_modal(
                modal, {"flag:answer": "pasted again", "flag:reason": REASON, "flag:consent": "store"}
            )
        )
        assert "your flag is stored" in done.text()
        assert restarted.recorder.violations == []
    finally:
        await restarted.stop()
    [stored] = await disputes(harness)
    assert stored["answer"] == "pasted again"


async def test_daily_open_answer_can_be_flagged_from_its_private_feedback(harness, clock):
    draw(harness, open_question=True)
    post, post_id = await posted_today(harness, clock, topic="routing", difficulty="easy")
    question = await question_of(harness, post_id)
    modal = only(await harness.click(f"daily:answer:{post_id}", message=harness.message_payload(post)))
    feedback = reply(await harness.submit_modal(modal, [POOR_ANSWER]))
    assert feedback.ephemeral
    [attempt] = await harness.bot.store.attempts.attempts_for(GUILD_ID, 1001)
    assert flag_id(feedback) == f"flag:daily:{post_id}"
    form = await open_form(harness, feedback)
    assert inputs(form)["flag:answer"]["value"] == POOR_ANSWER
    done = only(
        await harness.submit_modal(form, {"flag:answer": POOR_ANSWER, "flag:reason": REASON, "flag:consent": "store"})
    )
    assert done.ephemeral and "your flag is stored" in done.text()
    [stored] = await disputes(harness)
    assert (stored["mode"], stored["question_id"], stored["answer"]) == ("daily", question.id, POOR_ANSWER)
    assert stored["score"] == attempt.score
    # The feedback was private; a crafted click by a member who did not answer finds nothing of theirs.
    crafted = await open_form(harness, feedback, user_id=OTHER_MEMBER)
    assert crafted.callback_type == 4 and crafted.ephemeral and "no stored answer of yours" in crafted.text()


async def test_daily_choice_answer_is_flagged_with_the_option_picked(harness, clock):
    draw(harness, open_question=False)
    post, post_id = await posted_today(harness, clock, topic="routing", difficulty="easy")
    question = await question_of(harness, post_id)
    feedback = reply(await harness.click(f"daily:choice:{post_id}:0", message=harness.message_payload(post)))
    form = await open_form(harness, feedback)
    assert list(inputs(form)) == ["flag:reason", "flag:consent"]
    await harness.submit_modal(form, {"flag:reason": "The key is wrong.", "flag:consent": "store"})
    [stored] = await disputes(harness)
    assert stored["mode"] == "daily" and stored["answer"] in question.options


async def test_flags_are_in_the_members_export_and_go_with_delete_my_data(harness):
    feedback = await solo_open_feedback(harness)
    modal = await open_form(harness, feedback)
    await harness.submit_modal(modal, {"flag:answer": POOR_ANSWER, "flag:reason": REASON, "flag:consent": "store"})
    exported = (await harness.slash("privacy export"))[-1]
    flags = json.loads(exported.file_bytes[0])["tables"]["grade_disputes"]
    assert [(row["answer"], row["reason"]) for row in flags] == [(POOR_ANSWER, REASON)]

    await harness.slash("interview stop")
    second = await solo_open_feedback(harness, "another answer to flag later")  # remembered, not stored
    ask = only(await harness.slash("privacy delete-my-data"))
    confirm, _ = ask.custom_ids()
    done = only(await harness.click(confirm, message=harness.message_payload(ask)))
    assert "1 flagged grade" in done.text()
    assert await disputes(harness) == []
    # The answer held to prefill a form is gone too; the grade it named no longer exists.
    gone = await open_form(harness, second)
    assert gone.ephemeral and "no stored answer of yours" in gone.text()
    assert harness.bot.services.disputes._recent == {}


def test_the_longest_flag_custom_id_fits_and_routes_back_to_its_target():
    import re

    from bot.disputes import FlagTarget
    from bot.ui.disputes import FlagButton, flag_custom_id

    for target in (FlagTarget.interview(2**63 - 1, "q" * 64), FlagTarget.daily(2**63 - 1)):
        custom_id = flag_custom_id(target)
        assert len(custom_id) <= 100  # discord-limits.md
        match = re.fullmatch(FlagButton.__discord_ui_compiled_template__, custom_id)
        assert match is not None and FlagButton.from_match(match, "").target == target
