"""A study group driving /mock through the harness: the host, members, the outbox and timers."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

import discord

from tests.discord_harness import GUILD_ID, MANAGE_GUILD, Call, DiscordHarness, only

HOST = 1001
MEMBERS = (2001, 2002, 2003, 2004)
_low_bits = itertools.count(1)


def stamp(payload: dict[str, Any], moment: datetime) -> dict[str, Any]:
    """Give an interaction the id Discord would have given it at ``moment``: its
    ``created_at`` is what the bot measures speed and lateness from."""
    # The low 22 bits of a snowflake are not time: a counter there keeps every id unique.
    payload["id"] = str(discord.utils.time_snowflake(moment) + next(_low_bits) % (1 << 22))
    return payload


class Group:
    def __init__(self, harness: DiscordHarness, clock: Any) -> None:
        self.h = harness
        harness.deliver_outbox = False  # these tests step the sender themselves (deliver())
        self.clock = clock
        self.session_id = 0
        self.thread_id = 0

    @property
    def service(self) -> Any:
        return self.h.bot.services.mock

    async def open(self, **options: Any) -> list[Call]:
        calls = await self.h.slash("mock start", user_id=HOST, **options)
        row = await self.h.bot.store.db.fetch_one("SELECT id, thread_id FROM mock_sessions ORDER BY id DESC LIMIT 1")
        if row is not None:
            self.session_id, self.thread_id = row["id"], row["thread_id"]
        return calls

    async def deliver(self) -> list[Call]:
        """Run the outbox sender once: what it posted and edited, in order."""
        before = len(self.h.calls)
        await self.h.bot.poster.run_pending()
        return self.h.calls[before:]

    async def fire_timers(self) -> list[Call]:
        await self.h.bot.services.timers.run_due()
        return await self.deliver()

    def posted(self, marker: str) -> Call:
        """The newest message the bot posted or edited in the thread whose buttons include ``marker``."""
        for call in reversed(self.h.calls):
            in_thread = str(self.thread_id) in call.url and call.method in ("POST", "PATCH") and call.message_id
            if in_thread and (any(marker in i for i in call.custom_ids()) or marker in call.text()):
                return call
        raise AssertionError(f"nothing posted with {marker!r}")

    def message(self, call: Call) -> dict[str, Any]:
        return self.h.message_payload(call)

    def click_payload(self, custom_id: str, call: Call, user_id: int, *, manager: bool = False) -> dict[str, Any]:
        permissions = MANAGE_GUILD | (1 << 10) | (1 << 11) if manager else None
        extra = {"permissions": permissions} if permissions else {}
        payload = self.h.click_payload(
            custom_id, message=self.message(call), user_id=user_id, channel_id=self.thread_id, **extra
        )
        return stamp(payload, self.clock.now())

    async def click(self, custom_id: str, call: Call, user_id: int, **kwargs: Any) -> Call:
        return only(await self.h.dispatch(self.click_payload(custom_id, call, user_id, **kwargs)))

    async def join(self, *members: int) -> None:
        lobby = self.posted(f"mock:join:{self.session_id}")
        for member in members:
            reply = await self.click(f"mock:join:{self.session_id}", lobby, member)
            assert reply.ephemeral, reply

    async def start(self) -> Call:
        lobby = self.posted(f"mock:start:{self.session_id}")
        reply = await self.click(f"mock:start:{self.session_id}", lobby, HOST)
        assert reply.callback_type == 6  # a silent acknowledgement: the thread shows the round
        await self.deliver()
        return self.round_post(1)

    def round_post(self, number: int) -> Call:
        return self.posted(f"mock:close:{self.session_id}:{number}")

    def question(self, number: int) -> Any:
        post = self.round_post(number)
        prompt = post.embeds[0]["description"]
        for question in self.h.bot.bank:
            if question.prompt.strip()[:200] == prompt.strip()[:200]:
                return question
        raise AssertionError("question not found")

    def answer_payloads(self, number: int, member: int, *, right: bool = True) -> list[dict[str, Any]]:
        """What the member sends to answer: the modal's submit (open) or the option click (choice).
        For an open question the modal is opened first (one round trip), then submitted."""
        question = self.question(number)
        post = self.round_post(number)
        if question.is_open:
            raise AssertionError("use answer() for open questions: the modal must be opened first")
        labels = {c["label"]: c["custom_id"] for row in post.body["components"] for c in row["components"]}
        wanted = question.correct if right else question.wrong[0]
        return [self.click_payload(labels[wanted[:80]], post, member)]

    async def modal_payload(self, number: int, member: int, text: str) -> dict[str, Any]:
        post = self.round_post(number)
        modal = await self.click(f"mock:answer:{self.session_id}:{number}", post, member)
        assert modal.callback_type == 9, modal
        payload = self.h.modal_payload(modal, [text], user_id=member, channel_id=self.thread_id)
        return stamp(payload, self.clock.now())

    async def payloads(self, number: int, members: list[int]) -> list[dict[str, Any]]:
        """Each member's right answer to round ``number``, ready to send together (open
        questions: every member's modal is opened first, one at a time)."""
        question = self.question(number)
        if not question.is_open:
            return [self.answer_payloads(number, member)[0] for member in members]
        return [await self.modal_payload(number, member, question.answer) for member in members]

    async def answer(self, number: int, member: int, *, right: bool = True) -> Call:
        question = self.question(number)
        if question.is_open:
            text = question.answer if right else "no idea, sorry"
            payload = await self.modal_payload(number, member, text)
        else:
            [payload] = self.answer_payloads(number, member, right=right)
        return only(await self.h.dispatch(payload))


__all__ = ["GUILD_ID", "HOST", "MEMBERS", "Group", "stamp"]
