"""/interview through discord.py's own dispatch: payloads in, recorded HTTP out."""

from __future__ import annotations

from tests.discord_harness import only

OTHER_MEMBER = 2002


def question_shown(harness, call):
    """The bank question shown in ``call`` (found by its prompt)."""
    description = call.embeds[0]["description"]
    for question in harness.bot.bank:
        if question.prompt.strip()[:200] == description.strip()[:200]:
            return question
    raise AssertionError("question not found in the bank")


def model_answer_for(harness, call) -> str:
    return question_shown(harness, call).answer


async def skip_until(harness, call, *, open_question: bool):
    """Skip questions until one of the wanted type shows (the bot draws them at random)."""
    for _ in range(20):
        if question_shown(harness, call).is_open == open_question:
            return call
        skip_id = next(i for i in call.custom_ids() if i.startswith("interview:skip:"))
        call = only(await harness.click(skip_id, message=harness.message_payload(call)))
    raise AssertionError("no question of the wanted type came up")


async def start(harness, **options):
    call = only(await harness.slash("interview start", **options))
    assert call.callback_type == 4 and call.ephemeral
    return call


async def test_topics_lists_every_topic_privately(harness):
    call = only(await harness.slash("interview topics"))
    assert call.ephemeral
    text = call.text()
    for topic in harness.bot.bank.topics:
        assert f"`{topic.slug}`" in text


async def test_topic_autocomplete_shows_counts_and_completes_several(harness):
    routing = harness.bot.bank.topic("routing")
    assert routing is not None
    choices = await harness.autocomplete("interview start", "topic", topic="rout")
    assert choices[0] == {"name": f"Routing and URL building ({len(routing.questions)} questions)", "value": "routing"}
    several = await harness.autocomplete("interview start", "topic", topic="routing, temp")
    assert several[0]["value"] == "routing,templates"


async def test_full_flow_question_modal_feedback_next_report(harness):
    call = await start(harness, topic="routing", difficulty="easy", questions=2)
    embed = call.embeds[0]
    assert embed["title"].startswith("Question 1/2 · ") and embed["title"].endswith("· easy")
    assert any("<t:" in field["value"] and ":R>" in field["value"] for field in embed["fields"])
    ids = call.custom_ids()
    assert [i.split(":")[1] for i in ids[-3:]] == ["hint", "skip", "end"]

    for number in (1, 2):
        ids = call.custom_ids()
        if any(i.startswith("interview:answer:") for i in ids):
            answer_id = next(i for i in ids if i.startswith("interview:answer:"))
            modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
            assert modal.callback_type == 9
            inputs = [row.get("component") or row["components"][0] for row in modal.body["components"]]
            assert inputs[0]["max_length"] == 4000 and inputs[0]["style"] == 2
            feedback = only(
                await harness.submit_modal(
                    modal, [model_answer_for(harness, call)], message=harness.message_payload(call)
                )
            )
        else:
            correct = question_shown(harness, call).correct
            choice_id = next(
                c["custom_id"]
                for row in call.body["components"]
                for c in row["components"]
                if c.get("label") == correct
            )
            feedback = only(await harness.click(choice_id, message=harness.message_payload(call)))
        assert feedback.callback_type == 7  # the question message becomes its feedback
        assert feedback.embeds[0]["title"].startswith("Passed")
        names = [field["name"] for field in feedback.embeds[0]["fields"]]
        assert "Model answer" in names or "Why" in names
        assert f"Question {number}/2" in feedback.embeds[0]["title"]
        next_id = only([i for i in feedback.custom_ids() if i.startswith("interview:next:")])
        call = only(await harness.click(next_id, message=harness.message_payload(feedback)))
        assert call.callback_type == 7

    assert call.embeds[0]["title"] == "Interview report"
    assert call.body.get("components") == []
    rows = await harness.bot.store.attempts.attempts_for(800000000000000001, 1001)
    assert len(rows) == 2 and all(row.passed for row in rows)


async def test_the_model_answer_passes_and_is_committed_before_the_feedback(harness):
    # Medium templates questions are 3 open and 3 choice; six asked means an open one comes.
    call = await start(harness, topic="templates", difficulty="medium", questions=6)
    call = await skip_until(harness, call, open_question=True)
    answer_id = next(i for i in call.custom_ids() if i.startswith("interview:answer:"))
    modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
    attempts_before = len(await harness.bot.store.attempts.attempts_for(800000000000000001, 1001))
    feedback = only(
        await harness.submit_modal(modal, [model_answer_for(harness, call)], message=harness.message_payload(call))
    )
    assert feedback.callback_type == 7 and feedback.embeds[0]["title"].startswith("Passed")
    rows = await harness.bot.store.attempts.attempts_for(800000000000000001, 1001)
    assert len(rows) == attempts_before + 1 and rows[-1].passed


async def test_a_wrong_open_answer_is_not_passed(harness):
    call = await start(harness, topic="templates", difficulty="medium", questions=6)
    call = await skip_until(harness, call, open_question=True)
    answer_id = next(i for i in call.custom_ids() if i.startswith("interview:answer:"))
    modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
    feedback = only(await harness.submit_modal(modal, ["idk"], message=harness.message_payload(call)))
    assert feedback.embeds[0]["title"].startswith("Not yet")
    names = [field["name"] for field in feedback.embeds[0]["fields"]]
    assert "Missed" in names and "Model answer" in names


async def test_a_choice_question_graded_from_its_button(harness):
    call = await start(harness, topic="templates", difficulty="medium", questions=6)
    call = await skip_until(harness, call, open_question=False)
    question = question_shown(harness, call)
    labels = {c["label"]: c["custom_id"] for row in call.body["components"] for c in row["components"]}
    assert set(question.options) <= set(labels)  # every option is a button
    wrong = only(await harness.click(labels[question.wrong[0]], message=harness.message_payload(call)))
    assert wrong.callback_type == 7 and wrong.embeds[0]["title"].startswith("Not yet")
    assert question.correct in wrong.text()


async def test_another_members_click_is_refused_privately(harness):
    call = await start(harness, topic="routing", questions=1)
    hint_id = next(i for i in call.custom_ids() if i.startswith("interview:hint:"))
    reply = only(await harness.click(hint_id, message=harness.message_payload(call), user_id=OTHER_MEMBER))
    assert reply.callback_type == 4 and reply.ephemeral
    assert reply.body["content"] == "This is not your interview. Start your own with /interview start."


async def test_second_start_offers_resume_or_abandon(harness):
    await start(harness, topic="routing", questions=3)
    offer = await start(harness, topic="routing", questions=3)
    assert offer.body["content"] == "You already have an interview running."
    labels = [c["label"] for row in offer.body["components"] for c in row["components"]]
    assert labels == ["Resume it", "Abandon it and start the new one"]
    resume_id = offer.custom_ids()[0]
    resumed = only(await harness.click(resume_id, message=harness.message_payload(offer)))
    assert resumed.callback_type == 7 and resumed.embeds[0]["title"].startswith("Question 1/3")


async def test_hint_then_skip_then_stop(harness):
    call = await start(harness, topic="routing", difficulty="hard", questions=3)
    hint_id = next(i for i in call.custom_ids() if i.startswith("interview:hint:"))
    hinted = only(await harness.click(hint_id, message=harness.message_payload(call)))
    assert (
        any(field["name"] == "Hint (points halved)" for field in hinted.embeds[0]["fields"])
        or "removed" in hinted.text()
    )
    skip_id = next(i for i in hinted.custom_ids() if i.startswith("interview:skip:"))
    second = only(await harness.click(skip_id, message=harness.message_payload(hinted)))
    assert second.embeds[0]["title"].startswith("Question 2/3")
    stopped = only(await harness.slash("interview stop"))
    assert stopped.ephemeral and stopped.embeds[0]["title"] == "Interview report (ended early)"


async def test_resume_without_interview_says_so(harness):
    reply = only(await harness.slash("interview resume"))
    assert (
        reply.ephemeral and reply.body["content"] == "You have no interview running. Start one with /interview start."
    )


async def test_unknown_topic_is_named(harness):
    reply = only(await harness.slash("interview start", topic="django"))
    assert reply.ephemeral and reply.body["content"].startswith("There is no topic 'django'.")
    huge = only(await harness.slash("interview start", topic="x" * 3000))
    assert huge.ephemeral and len(huge.body["content"]) <= 2000  # the fixture also checks every limit


async def test_review_with_nothing_due(harness):
    reply = only(await harness.slash("interview review"))
    assert reply.ephemeral and reply.body["content"].startswith("Nothing is due for review right now.")


async def test_public_interview_runs_in_a_thread(harness):
    calls = await harness.slash("interview start", topic="routing", questions=1, public=True)
    paths = [c.path for c in calls]
    assert paths[0].endswith("/callback") and calls[0].callback_type == 5  # deferred, private
    assert "/channels/{channel_id}/threads" in paths
    posted = next(c for c in calls if c.path == "/channels/{channel_id}/messages")
    assert posted.embeds[0]["title"].startswith("Question 1/1")
    assert calls[-1].ephemeral and "Your interview is in <#" in calls[-1].body["content"]


async def test_public_interview_without_thread_permission_explains(harness):
    harness.recorder.fail("/threads", status=403, code=50013)
    calls = await harness.slash("interview start", topic="routing", questions=1, public=True)
    assert "I can't create threads" in calls[-1].body["content"]
    again = await harness.slash("interview start", topic="routing", questions=1)
    assert again[0].embeds  # the failed public interview was not left running


async def test_answer_typed_across_a_restart_is_still_graded(harness, settings, clock, shipped_bank):
    from bot.client import InterviewBot
    from tests.discord_harness import DiscordHarness

    # The easy sessions questions are 3 open and 2 choice: with all 5 asked, an open one
    # comes by the third question at the latest.
    call = await start(harness, topic="sessions-and-cookies", difficulty="easy", questions=5)
    answering = 1
    while (answer_id := next((i for i in call.custom_ids() if i.startswith("interview:answer:")), None)) is None:
        choice_id = next(i for i in call.custom_ids() if i.startswith("interview:choice:"))
        feedback = only(await harness.click(choice_id, message=harness.message_payload(call)))
        next_id = only([i for i in feedback.custom_ids() if i.startswith("interview:next:")])
        call = only(await harness.click(next_id, message=harness.message_payload(feedback)))
        answering += 1
    modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
    text = model_answer_for(harness, call)
    await harness.stop()  # the bot restarts while the member is typing

    revived = DiscordHarness(
        InterviewBot(settings, clock=clock, sync_mode="never", bank=shipped_bank, background_tasks=False)
    )
    await revived.start()
    try:
        feedback = only(await revived.submit_modal(modal, [text]))
        assert feedback.embeds[0]["title"].startswith("Passed")
        resumed = only(await revived.slash("interview resume"))
        assert resumed.embeds[0]["title"].startswith(f"Question {answering + 1}/5")
    finally:
        await revived.stop()
    assert revived.recorder.violations == []


async def test_the_resume_or_restart_offer_survives_a_restart_and_keeps_the_plan(
    harness, settings, clock, shipped_bank
):
    from bot.client import InterviewBot
    from tests.discord_harness import DiscordHarness

    await start(harness, topic="routing", questions=3)
    offer = await start(harness, topic="templates,forms", difficulty="hard", questions=2)
    restart_id = next(i for i in offer.custom_ids() if i.startswith("interview:offer-replace:"))
    message = harness.message_payload(offer)
    stranger = only(await harness.click(restart_id, message=message, user_id=OTHER_MEMBER))
    assert stranger.ephemeral and "not your interview" in stranger.body["content"]
    await harness.stop()

    revived = DiscordHarness(
        InterviewBot(settings, clock=clock, sync_mode="never", bank=shipped_bank, background_tasks=False)
    )
    await revived.start()
    try:
        started = only(await revived.click(restart_id, message=message))
        assert started.callback_type == 7 and started.embeds[0]["title"].startswith("Question 1/2 · ")
        assert started.embeds[0]["title"].endswith("· hard")
        topic = started.embeds[0]["title"].split(" · ")[1]
        assert topic in {shipped_bank.topic("templates").title, shipped_bank.topic("forms").title}
    finally:
        await revived.stop()
