"""/leaderboard, /stats and /privacy through discord.py's own dispatch: payloads in, JSON out."""

from __future__ import annotations

import json
import struct
from datetime import timedelta

from bot.store import Mode
from tests.discord_harness import CHANNEL_ID, GUILD_ID, only
from tests.discord_limits import command_violations
from tests.leaderboard.conftest import attempt

CALLER = 1001  # the harness's default member
OTHER = 2002


async def seed_board(harness, members: int = 25) -> None:
    """Members 5001.. with falling points (all today), and the caller near the bottom."""
    now = harness.bot.clock.now()
    store = harness.bot.store
    for index in range(members):
        await store.attempts.record_attempt(attempt(5001 + index, points=200 - index, at=now - timedelta(hours=1)))
    await store.attempts.record_attempt(attempt(CALLER, points=178, passed=False, at=now - timedelta(hours=1)))


def board_channel(call) -> int:
    return CHANNEL_ID


def description_users(call) -> list[str]:
    return [line.split(" ")[1] for line in call.embeds[0]["description"].splitlines() if "<@" in line]


def rank_field(call) -> str:
    return next(field["value"] for field in call.embeds[0]["fields"] if field["name"] == "Your rank")


async def test_leaderboard_is_a_public_page_with_the_callers_rank(harness):
    await seed_board(harness)
    call = only(await harness.slash("leaderboard"))
    assert call.callback_type == 4 and not call.ephemeral
    embed = call.embeds[0]
    assert embed["title"] == "Leaderboard · All time"
    assert description_users(call) == [f"<@{5001 + i}>" for i in range(10)]
    first = embed["description"].splitlines()[0]
    assert first == "🥇 <@5001> — **200** pts · 1 answer · 100%"
    assert "`#4` <@5004>" in embed["description"]
    # 178 points ties members 5023 (178, 100%): accuracy puts the caller behind: #24 of 26.
    assert rank_field(call) == "<@1001> is **#24** of 26 — **178** pts · 1 answer · 0%"
    assert embed["footer"]["text"].startswith("Page 1 of 3 · 26 members")
    assert call.custom_ids() == ["leaderboard:pg:a:a:0:1001:", "leaderboard:pg:a:a:1:1001:"]
    buttons = call.body["components"][0]["components"]
    assert buttons[0]["disabled"] is True and buttons[1].get("disabled") is not True
    assert call.body.get("allowed_mentions") == {"parse": []}  # nobody pinged


async def test_the_asker_pages_the_public_board(harness):
    await seed_board(harness)
    board = only(await harness.slash("leaderboard"))
    second = only(await harness.click("leaderboard:pg:a:a:1:1001:", message=harness.message_payload(board)))
    assert second.callback_type == 7 and not second.ephemeral
    assert description_users(second) == [f"<@{5011 + i}>" for i in range(10)]
    assert "`#11` <@5011>" in second.embeds[0]["description"]
    assert rank_field(second).startswith("<@1001> is **#24**")
    assert second.custom_ids() == ["leaderboard:pg:a:a:0:1001:", "leaderboard:pg:a:a:2:1001:"]
    third = only(await harness.click("leaderboard:pg:a:a:2:1001:", message=harness.message_payload(second)))
    assert description_users(third) == ["<@5021>", "<@5022>", "<@5023>", "<@1001>", "<@5024>", "<@5025>"]
    buttons = third.body["components"][0]["components"]
    assert buttons[1]["disabled"] is True
    assert third.embeds[0]["footer"]["text"].startswith("Page 3 of 3")


async def test_anyone_else_gets_the_page_privately_and_the_public_board_stays(harness):
    await seed_board(harness)
    board = only(await harness.slash("leaderboard"))
    public = dict(harness.message_payload(board))
    mine = only(await harness.click("leaderboard:pg:a:a:1:1001:", message=public, user_id=OTHER))
    assert mine.callback_type == 4 and mine.ephemeral  # not an edit of the public message
    assert rank_field(mine) == f"<@{OTHER}> has no answers on this board yet."
    assert mine.custom_ids() == [f"leaderboard:pg:a:a:0:{OTHER}:", f"leaderboard:pg:a:a:2:{OTHER}:"]
    assert harness.message_payload(board) == public
    # Paging that private copy edits it in place.
    private = harness.message_payload(mine)
    again = only(await harness.click(f"leaderboard:pg:a:a:2:{OTHER}:", message=private, user_id=OTHER))
    assert again.callback_type == 7


async def test_a_hidden_asker_is_not_announced_on_the_public_board(harness):
    await seed_board(harness)
    await harness.slash("privacy hide")
    call = only(await harness.slash("leaderboard"))
    assert not call.ephemeral and "hidden" not in call.text()
    assert "Your rank" not in [field["name"] for field in call.embeds[0].get("fields", [])]
    other = only(await harness.click("leaderboard:pg:a:a:1:1001:", message=harness.message_payload(call)))
    assert "hidden" not in other.text()


async def test_buttons_on_boards_from_before_the_asker_was_named_page_privately(harness):
    await seed_board(harness)
    legacy = {"type": 2, "style": 2, "label": "Next ▶", "custom_id": "leaderboard:page:all:all:1:"}
    message = harness.recorder.message({"components": [{"type": 1, "components": [legacy]}]}, CHANNEL_ID)
    call = only(await harness.click("leaderboard:page:all:all:1:", message=message, user_id=OTHER))
    assert call.ephemeral and description_users(call)[0] == "<@5011>"


async def test_paging_still_works_after_a_restart(harness):
    """No view is held in memory: the custom_id alone rebuilds the page."""
    await seed_board(harness)
    board = only(await harness.slash("leaderboard"))
    # A message with the same buttons that this bot process never sent (as after a restart).
    message = harness.recorder.message({"embeds": [], "components": board.body["components"]}, board_channel(board))
    call = only(await harness.click("leaderboard:pg:a:a:1:1001:", message=message))
    assert call.callback_type == 7 and description_users(call)[0] == "<@5011>"


async def test_filters_in_the_title_and_the_buttons(harness):
    now = harness.bot.clock.now()
    store = harness.bot.store
    for user in range(12):
        await store.attempts.record_attempt(attempt(6000 + user, points=10 + user, at=now, mode=Mode.DAILY))
    await store.attempts.record_attempt(attempt(7000, points=999, at=now, mode=Mode.INTERVIEW))
    await store.attempts.record_attempt(attempt(7001, points=999, at=now, mode=Mode.DAILY, topic="templates"))
    await store.attempts.record_attempt(attempt(7002, points=999, at=now - timedelta(days=1), mode=Mode.DAILY))
    call = only(await harness.slash("leaderboard", period="week", topic="routing", mode="daily"))
    embed = call.embeds[0]
    assert embed["title"] == "Leaderboard · This week · Routing and URL building · daily answers"
    assert description_users(call)[0] == "<@6011>"
    assert "<@7000>" not in embed["description"] and "<@7001>" not in embed["description"]
    assert "<@7002>" not in embed["description"]  # Sunday: last week (the clock is Monday noon UTC)
    assert embed["description"].startswith("Since <t:1767571200:f> (midnight in UTC)")
    assert call.custom_ids() == ["leaderboard:pg:w:d:0:1001:routing", "leaderboard:pg:w:d:1:1001:routing"]


async def test_an_empty_board_has_no_buttons(harness):
    call = only(await harness.slash("leaderboard", period="month"))
    assert not call.ephemeral
    assert "No answers count for this board yet" in call.embeds[0]["description"]
    assert call.custom_ids() == []
    assert rank_field(call) == "<@1001> has no answers on this board yet."


async def test_unknown_topic_is_refused_privately(harness):
    call = only(await harness.slash("leaderboard", topic="rooting"))
    assert call.ephemeral and "There is no topic called 'rooting'" in call.text()


async def test_topic_autocomplete_lists_bank_topics_with_counts(harness):
    choices = await harness.autocomplete("leaderboard", "topic", topic="templ")
    assert choices[0]["value"] == "templates"
    assert choices[0]["name"].startswith("Jinja templates (") and choices[0]["name"].endswith(" questions)")
    everything = await harness.autocomplete("leaderboard", "topic", topic="")
    assert len(everything) == len(harness.bot.bank.topics)


async def test_hidden_members_are_left_off_and_told_so(harness):
    await seed_board(harness, members=3)
    hide = only(await harness.slash("privacy hide", user_id=5001))
    assert hide.ephemeral and "left off" in hide.text()
    call = only(await harness.slash("leaderboard", user_id=5001))
    assert "<@5001>" not in call.embeds[0]["description"]
    assert description_users(call)[0] == "<@5002>"
    # The board is public: it does not tell the channel that 5001 chose to hide.
    assert "hidden" not in call.text() and "Your rank" not in [f["name"] for f in call.embeds[0].get("fields", [])]
    assert call.embeds[0]["footer"]["text"].startswith("Page 1 of 1 · 3 members")
    show = only(await harness.slash("privacy show", user_id=5001))
    assert show.ephemeral
    call = only(await harness.slash("leaderboard"))
    assert description_users(call)[0] == "<@5001>"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


async def test_stats_defers_then_sends_the_profile_with_a_chart(harness):
    await seed_board(harness, members=3)
    now = harness.bot.clock.now()
    await harness.bot.store.attempts.record_attempt(
        attempt(CALLER, points=30, passed=True, at=now - timedelta(days=3), topic="templates", mode=Mode.DAILY)
    )
    calls = await harness.slash("stats")
    assert [c.callback_type for c in calls[:1]] == [5] and calls[0].ephemeral
    followup = calls[-1]
    assert followup.ephemeral and followup.files == ["stats.png"]
    width, height = png_size(followup.file_bytes[0])
    assert width == 800 and 400 < height < 1600  # drawn at twice the 400 px Discord shows
    embed = followup.embeds[0]
    assert embed["image"]["url"] == "attachment://stats.png"
    assert embed["description"] == "<@1001> · rank **#1** of 4 all time"
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Points"] == "208" and fields["Answers"] == "2" and fields["Accuracy"] == "50% (1 passed)"
    topics = fields["Accuracy per topic, weakest first"].splitlines()
    assert topics[0].endswith("Routing and URL building (0/1)") and topics[1].endswith("Jinja templates (1/1)")
    assert fields["Daily streak"] == "No daily answers yet"
    assert fields["Last 30 days"] == "**2** answers on 2 of 30 days · +208 points"


async def test_stats_of_another_member_and_of_a_hidden_one(harness):
    await seed_board(harness, members=2)
    calls = await harness.slash("stats", member=5002)
    assert calls[-1].embeds[0]["description"] == "<@5002> · rank **#2** of 3 all time"
    await harness.slash("privacy hide", user_id=5002)
    refused = (await harness.slash("stats", member=5002))[-1]
    assert refused.ephemeral and "keeps their stats private" in refused.text()
    own = (await harness.slash("stats", user_id=5002))[-1]
    assert "hidden from the boards" in own.embeds[0]["description"] and own.files == ["stats.png"]


async def test_stats_without_answers_has_no_chart(harness):
    calls = await harness.slash("stats")
    assert calls[0].callback_type == 5
    assert calls[-1].files == [] and "has no answers in this server yet" in calls[-1].text()
    assert "image" not in calls[-1].embeds[0]


async def test_delete_my_data_after_the_owners_confirmation_only(harness, clock):
    await seed_board(harness, members=3)
    ask = only(await harness.slash("privacy delete-my-data"))
    assert ask.callback_type == 4 and ask.ephemeral
    confirm, cancel = ask.custom_ids()
    assert confirm == f"privacy:delete:{CALLER}:{int(clock.now().timestamp())}" and cancel == f"privacy:cancel:{CALLER}"
    message = harness.message_payload(ask)
    stranger = only(await harness.click(confirm, message=message, user_id=OTHER))
    assert stranger.ephemeral and "Only the member who asked" in stranger.text()
    assert await harness.bot.store.leaderboard.standing(GUILD_ID, CALLER) is not None
    done = only(await harness.click(confirm, message=message))
    assert done.callback_type == 7 and done.custom_ids() == []
    assert "Done. Removed: 1 answer." in done.text()
    assert await harness.bot.store.leaderboard.standing(GUILD_ID, CALLER) is None
    board = only(await harness.slash("leaderboard"))
    assert "<@1001>" not in board.embeds[0]["description"]
    stats = (await harness.slash("stats"))[-1]
    assert "has no answers in this server yet" in stats.text()


async def test_delete_confirmation_expires_and_can_be_cancelled(harness, clock):
    await seed_board(harness, members=1)
    ask = only(await harness.slash("privacy delete-my-data"))
    confirm, cancel = ask.custom_ids()
    clock.advance(minutes=11)
    late = only(await harness.click(confirm, message=harness.message_payload(ask)))
    assert late.ephemeral and "expired" in late.text()
    kept = only(await harness.click(cancel, message=harness.message_payload(ask)))
    assert kept.callback_type == 7 and "Nothing was deleted" in kept.text()
    assert await harness.bot.store.leaderboard.standing(GUILD_ID, CALLER) is not None


async def test_export_sends_the_members_own_records_privately(harness):
    await seed_board(harness, members=2)
    calls = await harness.slash("privacy export")
    assert calls[0].callback_type == 5 and calls[0].ephemeral
    sent = calls[-1]
    assert sent.ephemeral and len(sent.files) == 1 and sent.files[0].endswith(".json")
    document = json.loads(sent.file_bytes[0])
    assert document["user_id"] == str(CALLER) and document["guild_id"] == str(GUILD_ID)
    answers = document["tables"]["attempts"]
    assert [(row["user_id"], row["points"]) for row in answers] == [(str(CALLER), 178)]
    assert ": 1 record. " in sent.text()


def test_command_definitions_are_within_limits(harness):
    tree = harness.bot.tree
    names = {"leaderboard", "stats", "privacy"}
    commands = [command for command in tree.get_commands() if command.name in names]
    assert {command.name for command in commands} == names
    for command in commands:
        payload = command.to_dict(tree)
        assert command_violations(payload) == []
        if command.name == "privacy":
            assert {sub["name"] for sub in payload["options"]} == {"delete-my-data", "export", "hide", "show"}
        assert payload.get("contexts") in (None, [0])  # servers only


async def test_deleting_data_closes_a_running_interview(harness, clock):
    question = only(await harness.slash("interview start", topic="routing", questions=3))
    ask = only(await harness.slash("privacy delete-my-data"))
    confirm, _ = ask.custom_ids()
    only(await harness.click(confirm, message=harness.message_payload(ask)))
    skip_id = next(i for i in question.custom_ids() if i.startswith("interview:skip:"))
    stale = only(await harness.click(skip_id, message=harness.message_payload(question)))
    assert stale.ephemeral and stale.body["content"] == "That interview is over. Start a new one with /interview start."
    fresh = only(await harness.slash("interview start", topic="routing", questions=1))
    assert fresh.embeds[0]["title"].startswith("Question 1/1")


async def test_an_expired_delete_confirmation_leaves_the_running_interview_alone(harness, clock):
    only(await harness.slash("interview start", topic="routing", questions=3))
    ask = only(await harness.slash("privacy delete-my-data"))
    confirm, _ = ask.custom_ids()
    clock.advance(minutes=11)
    expired = only(await harness.click(confirm, message=harness.message_payload(ask)))
    assert "expired" in expired.text()
    assert await harness.bot.store.interviews.active_interview(GUILD_ID, CALLER) is not None
