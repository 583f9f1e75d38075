"""/mock pair through discord.py's own dispatch: two study partners and a third member who
tries to peek or act. Every private reply must go to the member it is for: flag 64, on the
interaction that member sent, and nothing answers anyone else's interaction."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.discord_harness import CHANNEL_ID, GUILD_ID, Call, DiscordHarness

ANA, BEN, CY = 3001, 3002, 3003
PRIVATE_THREADS = 1 << 36


class Pair:
    """Ana invites Ben; Cy is in the server too."""

    def __init__(self, harness: DiscordHarness) -> None:
        self.h = harness
        self.session_id = 0
        self.thread_id = 0

    async def invite(self, partner: int | None = BEN, **options: Any) -> list[Call]:
        values = {"partner": partner} if partner is not None else {}
        payload = self.h.slash_payload("mock pair", user_id=ANA, **values, **options)
        calls = await self.h.dispatch(payload)
        if partner is None:
            private(calls, payload)
        row = await self.h.bot.store.db.fetch_one("SELECT id FROM mock_sessions ORDER BY id DESC LIMIT 1")
        self.session_id = row["id"] if row else 0
        return calls

    async def refresh(self) -> None:
        row = await self.h.bot.store.db.fetch_one(
            "SELECT thread_id FROM mock_sessions WHERE id = ?", (self.session_id,)
        )
        self.thread_id = row["thread_id"] or 0

    def posted(self, marker: str) -> Call:
        """The newest public message (post or edit) with a button whose custom_id has ``marker``."""
        for call in reversed(self.h.calls):
            public = call.method in ("POST", "PATCH") and call.message_id and "/interactions/" not in call.url
            if public and any(marker in custom_id for custom_id in call.custom_ids()):
                return call
        raise AssertionError(f"nothing posted with {marker!r}")

    def payload(self, custom_id: str, on: Call, user: int, **extra: Any) -> dict[str, Any]:
        channel = self.thread_id if self.thread_id and str(self.thread_id) in on.url else CHANNEL_ID
        return self.h.click_payload(
            custom_id, message=self.h.message_payload(on), user_id=user, channel_id=channel, **extra
        )

    async def press(self, action: str, user: int, turn: int = 0, **extra: Any) -> list[Call]:
        custom_id = f"mpair:{action}:{self.session_id}" + (f":{turn}" if turn else "")
        payload = self.payload(custom_id, self.posted(custom_id), user, **extra)
        return private(await self.h.dispatch(payload), payload)

    async def pick(self, form: Call, custom_id: str, value: str, user: int = ANA) -> list[Call]:
        payload = self.h.click_payload(custom_id, message=self.h.message_payload(form), user_id=user)
        payload["data"] = {"custom_id": custom_id, "component_type": 3, "values": [value]}
        return private(await self.h.dispatch(payload), payload)

    async def form_click(self, form: Call, custom_id: str, user: int = ANA, *, crafted: bool = False) -> list[Call]:
        """Press a button of an ephemeral form. ``crafted``: a button the member's client never
        showed them (a modified client), put on the message so discord.py routes it."""
        message = copy.deepcopy(self.h.message_payload(form))
        if crafted:
            button = {"type": 2, "style": 1, "label": "Submit", "custom_id": custom_id}
            message["components"] = [{"type": 1, "components": [button]}]
        payload = self.h.click_payload(custom_id, message=message, user_id=user)
        return private(await self.h.dispatch(payload), payload)

    async def submit(self, modal: Call, values: dict[str, str] | list[str], user: int) -> list[Call]:
        payload = self.h.modal_payload(modal, values, user_id=user, channel_id=self.thread_id or CHANNEL_ID)
        return private(await self.h.dispatch(payload), payload)

    async def question(self, turn: int) -> Any:
        snap = await self.h.bot.services.pairs.core.snapshot(self.session_id, fresh=True)
        return self.h.bot.bank.question(snap.state.turn(turn).question_id)


def private(calls: list[Call], payload: dict[str, Any]) -> list[Call]:
    """The replies to ``payload``: each ephemeral, and no reply to anyone else's interaction."""
    replies = [c for c in calls if "/interactions/" in c.url or "/webhooks/" in c.url]
    assert replies, "the interaction got no reply"
    for call in replies:
        assert payload["token"] in call.url, f"a reply to another interaction: {call.url}"
        if call.callback_type in (4, 5) or (call.method == "POST" and "/webhooks/" in call.url):
            assert call.ephemeral, f"not private: {call.text()}"
    return replies


def said(replies: list[Call]) -> str:
    return "\n".join(call.text() for call in replies)


@pytest.fixture
def pair(pair_harness) -> Pair:
    return Pair(pair_harness)


async def test_two_partners_interview_each_other_and_a_third_member_never_gets_in(pair, pair_harness):
    h = pair_harness
    payload = h.slash_payload("mock pair", user_id=ANA, partner=BEN, questions=1, topic="routing")
    [reply] = [c for c in await h.dispatch(payload) if "/interactions/" in c.url]
    # Public, and the one message that pings Ben (the bot pings nobody unless it says so).
    assert not reply.ephemeral and [int(u) for u in reply.body["allowed_mentions"]["users"]] == [BEN]
    pair.session_id = (await h.bot.store.db.fetch_one("SELECT id FROM mock_sessions"))["id"]
    invitation = pair.posted(f"mpair:accept:{pair.session_id}")
    assert str(CHANNEL_ID) in invitation.url and f"<@{BEN}>" in invitation.text()

    # Cy cannot take an invitation meant for Ben; Ben can.
    assert "another member" in said(await pair.press("accept", CY))
    assert not any(c.path.endswith("/threads") for c in h.calls)
    replies = await pair.press("accept", BEN)
    thread = next(c for c in h.calls if c.path.endswith("/threads"))
    assert thread.json["type"] == 12 and thread.json["invitable"] is False  # private, members only
    added = {c.url.rsplit("/", 1)[-1] for c in h.calls if "thread-members" in c.path and c.method == "PUT"}
    assert added == {str(ANA), str(BEN)}
    await pair.refresh()
    assert f"<#{pair.thread_id}>" in said(replies)
    turn = pair.posted(f"mpair:kit:{pair.session_id}:1")
    assert str(pair.thread_id) in turn.url
    assert f"<@{ANA}> interviews <@{BEN}>, question 1 of 1" in turn.text()
    question = await pair.question(1)
    assert question.prompt[:40] in turn.text() and question.answer[:40] not in turn.text()
    [edited] = [c for c in h.calls if c.method == "PATCH" and str(invitation.message_id) in c.url]
    assert f"<@{BEN}> accepted" in edited.text() and f"<#{pair.thread_id}>" in edited.text()
    assert edited.custom_ids() == []  # no Accept left to press

    # The kit: Ana only. Ben (the candidate) and Cy are refused, privately, with no rubric.
    for peeker in (BEN, CY):
        refused = said(await pair.press("kit", peeker, 1))
        assert question.answer[:40] not in refused and "Model answer" not in refused
    kit = said(await pair.press("kit", ANA, 1))
    assert "Model answer" in kit and "Follow-up questions" in kit
    assert question.follow_ups[0].ask[:40] in kit and question.follow_ups[0].listen_for[0][:30] in kit
    assert question.key_points[0].text[:40] in kit

    # Ben answers in writing; Ana cannot, Cy cannot.
    assert "candidate" in said(await pair.press("write", ANA, 1))
    assert "two other members" in said(await pair.press("write", CY, 1))
    [modal] = await pair.press("write", BEN, 1)
    assert modal.callback_type == 9
    ack = said(await pair.submit(modal, [question.answer], BEN))
    assert "posted in the thread" in ack
    await h.settle()
    written = next(c for c in reversed(h.calls) if "answered in writing" in c.text())
    assert str(pair.thread_id) in written.url and question.answer[:40] in written.text()

    # Score: Ana's ephemeral form, paged within Discord's five rows.
    assert "interviewer" in said(await pair.press("score", BEN, 1))
    [form] = await pair.press("score", ANA, 1)
    rows = form.body["components"]
    assert len(rows) <= 5 and all(len([c for c in r["components"] if c["type"] == 3]) <= 1 for r in rows)
    points = len(question.key_points)
    sid = pair.session_id
    draft = "-" * points + ".-"
    for item in range(points + 1):
        page = item // 4
        if item and item % 4 == 0:  # the next page
            [form] = await pair.form_click(form, f"mpair:form:more:{sid}:1:{page}:{draft}")
            form.message_id = h.recorder.clicked_message_id
        value = "3" if item == points else ("c" if item % 2 == 0 else "p")
        [form] = await pair.pick(form, f"mpair:mark:{sid}:1:{page}:{item}:{draft}", value)
        assert form.callback_type == 7  # the form updated in place
        form.message_id = h.recorder.clicked_message_id
        draft = draft[:item] + value + draft[item + 1 :] if item < points else draft[:-1] + value
    # Back to the first page: the picks made there are still picked.
    [form] = await pair.form_click(form, f"mpair:form:back:{sid}:1:0:{draft}")
    form.message_id = h.recorder.clicked_message_id
    first_page = form.body["components"][0]["components"][0]
    assert [o["value"] for o in first_page["options"] if o.get("default")] == ["c"]
    # Ben crafts the Submit of a complete form: refused by the engine, nothing recorded.
    crafted = f"mpair:form:submit:{sid}:1:0:{'c' * points}.4"
    assert "interviewer" in said(await pair.form_click(form, crafted, user=BEN, crafted=True))
    assert await h.bot.store.attempts.attempts_for(GUILD_ID, BEN) == []
    [note_modal] = await pair.form_click(form, f"mpair:form:note:{sid}:1:0:{draft}")
    assert note_modal.callback_type == 9
    [scored] = await pair.submit(note_modal, ["Clear on converters; mention the default."], ANA)
    assert "scored: 3/4" in scored.text()
    await h.settle()

    # My feedback: Ben only, with the bot's second opinion of the written answer.
    assert "candidate" in said(await pair.press("result", ANA, 1))
    mine = said(await pair.press("result", BEN, 1))
    assert "3/4" in mine and "second opinion" in mine and "Clear on converters" in mine

    # Swap: Ben interviews Ana on another question; now Ana is the one refused the kit.
    await pair.press("swap", ANA, 1)
    turn2 = pair.posted(f"mpair:kit:{sid}:2")
    assert f"<@{BEN}> interviews <@{ANA}>" in turn2.text()
    assert (await pair.question(2)).id != question.id
    assert "interviewer" in said(await pair.press("kit", ANA, 2))
    [form2] = await pair.press("score", BEN, 2)
    points2 = len((await pair.question(2)).key_points)
    await pair.form_click(
        form2, f"mpair:form:submit:{sid}:2:0:{'m' * points2}.1", user=BEN, crafted=True
    )  # picks skipped: the form path is above
    await h.settle()
    summary = pair.posted(f"mpair:feedback:{sid}")
    assert "3/4" in summary.text() and "1/4" in summary.text()
    archive = [c for c in h.calls if c.method == "PATCH" and c.path == "/channels/{channel_id}"]
    assert archive and archive[-1].json == {"archived": True} and h.calls.index(archive[-1]) > h.calls.index(summary)

    # Blind feedback: hidden until both sent; Cy sees nothing.
    assert "two other members" in said(await pair.press("forme", CY))
    [modal] = await pair.press("feedback", ANA)
    assert "blind" in said(await pair.submit(modal, ["4", "3", "5", "Clear structure", "Name the trade-offs"], ANA))
    before = said(await pair.press("forme", BEN))
    assert "Clear structure" not in before and "Blind" in before
    [modal] = await pair.press("feedback", BEN)
    assert "both sent" in said(await pair.submit(modal, ["5", "4", "4", "Calm", "Use examples"], BEN))
    assert "Clear structure" in said(await pair.press("forme", BEN))
    assert "Use examples" in said(await pair.press("forme", ANA))
    attempts = await h.bot.store.attempts.attempts_for(GUILD_ID, BEN)
    assert [(a.mode.value, a.points, a.score) for a in attempts] == [("mock", 0, 0.75)]


async def test_two_accepts_in_flight_open_one_thread(pair, pair_harness):
    h = pair_harness
    await pair.invite(None, questions=1)
    invitation = pair.posted(f"mpair:accept:{pair.session_id}")
    payloads = [pair.payload(f"mpair:accept:{pair.session_id}", invitation, user) for user in (BEN, CY)]
    outcomes = await h.together(payloads)
    for calls, payload in zip(outcomes, payloads, strict=True):
        private(calls, payload)
    texts = [said(calls) for calls in outcomes]
    assert sum("You're in" in text for text in texts) == 1
    assert sum("Too late" in text for text in texts) == 1
    assert sum(c.path.endswith("/threads") for c in h.calls) == 1


async def test_a_public_thread_when_a_private_one_is_not_possible_and_it_says_so(pair, pair_harness):
    await pair.invite(BEN, questions=1)
    invitation = pair.posted(f"mpair:accept:{pair.session_id}")
    payload = pair.payload(f"mpair:accept:{pair.session_id}", invitation, BEN)
    payload["app_permissions"] = str(int(payload["app_permissions"]) & ~PRIVATE_THREADS)
    private(await pair_harness.dispatch(payload), payload)
    thread = next(c for c in pair_harness.calls if c.path.endswith("/threads"))
    assert thread.json["type"] == 11
    await pair.refresh()
    assert "this thread is public" in pair.posted(f"mpair:kit:{pair.session_id}:1").text()


async def test_an_invitation_nobody_takes_expires_after_ten_minutes(pair, pair_harness, clock):
    await pair.invite(None)
    clock.advance(minutes=10)
    await pair_harness.bot.services.timers.run_due()
    await pair_harness.settle()
    edit = next(c for c in reversed(pair_harness.calls) if c.method == "PATCH")
    assert "expired" in edit.text() and edit.custom_ids() == []
    # A client that still shows the old Accept button: the engine refuses it.
    stale = pair.posted(f"mpair:accept:{pair.session_id}")
    assert "Too late" in said(await pair.form_click(stale, f"mpair:accept:{pair.session_id}", BEN, crafted=True))


async def test_pair_needs_a_thread_it_can_open_and_refuses_bots(pair, pair_harness):
    payload = pair_harness.slash_payload("mock pair", user_id=ANA)
    payload["app_permissions"] = str((1 << 10) | (1 << 11) | (1 << 14))
    assert "Send Messages in Threads" in said(private(await pair_harness.dispatch(payload), payload))
    assert await pair_harness.bot.store.db.fetch_one("SELECT id FROM mock_sessions") is None


async def test_buttons_and_an_open_modal_survive_a_restart(pair, pair_harness, settings, clock, pair_bank, pair_grader):
    from bot.client import InterviewBot

    await pair.invite(BEN, questions=1)
    await pair.press("accept", BEN)
    await pair.refresh()
    [modal] = await pair.press("write", BEN, 1)  # Ben starts typing; the bot restarts meanwhile
    await pair_harness.stop()
    bot = InterviewBot(
        settings, clock=clock, sync_mode="never", bank=pair_bank, grader=pair_grader, background_tasks=False
    )
    again = DiscordHarness(bot, recorder=pair_harness.recorder)
    await again.start()
    try:
        pair.h = again
        assert "Model answer" in said(await pair.press("kit", ANA, 1))
        assert "posted in the thread" in said(await pair.submit(modal, ["a blueprint groups routes"], BEN))
        [form] = await pair.press("score", ANA, 1)
        assert form.ephemeral and form.custom_ids()
    finally:
        await again.stop()


async def test_a_deleted_thread_ends_the_pair_once_and_nothing_retries(pair, pair_harness):
    h = pair_harness
    await pair.invite(BEN, questions=1)
    await pair.press("accept", BEN)
    await pair.refresh()
    h.recorder.fail(f"/channels/{pair.thread_id}/", status=404, code=10003, message="Unknown Channel", times=50)
    [modal] = await pair.press("write", BEN, 1)
    await pair.submit(modal, ["an answer"], BEN)  # recorded; its post to the thread is refused
    snap = await h.bot.services.pairs.core.snapshot(pair.session_id, fresh=True)
    assert snap.state.ended_by == "access-lost" and snap.row.status == "finished"
    tried = len([c for c in h.calls if f"/channels/{pair.thread_id}" in c.url])
    await h.bot.poster.run_pending()
    await h.bot.services.timers.run_due()
    assert len([c for c in h.calls if f"/channels/{pair.thread_id}" in c.url]) == tried  # no summary, no retry
    assert await h.bot.store.mock.seat_of(GUILD_ID, ANA) is None  # both free to pair again


async def test_a_thread_that_cannot_take_the_members_is_removed_and_the_pair_called_off(pair, pair_harness):
    h = pair_harness
    await pair.invite(BEN, questions=1)
    h.recorder.fail("thread-members", status=403, code=50013, times=5)
    assert "can't open a thread" in said(await pair.press("accept", BEN))
    assert any(c.method == "DELETE" and c.path == "/channels/{channel_id}" for c in h.calls)
    snap = await h.bot.services.pairs.core.snapshot(pair.session_id, fresh=True)
    assert snap.row.status == "abandoned" and snap.state.ended_by == "no-thread"
    assert "called off" in [c for c in h.calls if c.method == "PATCH"][-1].text()
