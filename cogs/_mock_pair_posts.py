"""The public posts of peer interviews: how the outbox renders each kind, archiving the
thread after the summary, and what happens when Discord refuses a post for good."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.mock import pairs
from bot.mock.pair_service import PairService
from bot.store import OutboxPost
from bot.ui.mock_pairs import invite_message, scored_message, summary_message, turn_message, written_message
from bot.ui.outbox import OutboxSender, PostKind, Rendered

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
KINDS = (pairs.INVITE, pairs.TURN, pairs.WRITTEN, pairs.SCORED, pairs.SUMMARY, pairs.ARCHIVE)


class PairPosts:
    def __init__(self, bot: InterviewBot, service: PairService) -> None:
        self._bot = bot
        self._service = service

    def register(self, poster: OutboxSender) -> None:
        for kind, render in (
            (pairs.INVITE, self._invite),
            (pairs.TURN, self._turn),
            (pairs.WRITTEN, self._written),
            (pairs.SCORED, self._scored),
            (pairs.SUMMARY, self._summary),
            (pairs.ARCHIVE, self._archive),
        ):
            poster.register(kind, PostKind(render=render, on_refused=self._refused))

    @staticmethod
    def unregister(poster: OutboxSender) -> None:
        for kind in KINDS:
            poster.unregister(kind)

    @staticmethod
    def _ids(post: OutboxPost) -> tuple[int, int]:
        return int(post.payload["session"]), int(post.payload.get("turn", 0))

    async def _invite(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.invite(self._ids(post)[0])
        if card is None:
            return None
        content, embed, view = invite_message(card)
        return Rendered(content=content, embeds=[embed], view=view)

    async def _turn(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.turn(*self._ids(post))
        if card is None:
            return None
        content, embed, view = turn_message(card)
        return Rendered(content=content, embeds=[embed], view=view)

    async def _written(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.written(*self._ids(post))
        if card is None:
            return None
        content, embed = written_message(card)
        return Rendered(content=content, embeds=[embed])

    async def _scored(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.scored(*self._ids(post))
        if card is None:
            return None
        content, view = scored_message(card)
        return Rendered(content=content, view=view)

    async def _summary(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.summary(self._ids(post)[0])
        if card is None:
            return None
        content, embed, view = summary_message(card)
        return Rendered(content=content, embeds=[embed], view=view)

    async def _archive(self, post: OutboxPost) -> Rendered | None:
        """Not a message: the thread is archived once the summary before it went out (the
        sender keeps each channel's order). Its buttons still answer in an archived thread."""
        try:
            await self._bot.http.edit_channel(post.channel_id, archived=True)
        except discord.NotFound:
            log.info("Pair thread %s was gone before it could be archived", post.channel_id)
        except discord.Forbidden:
            log.info("Not allowed to archive pair thread %s; it archives itself when idle", post.channel_id)
        return None

    async def _refused(self, post: OutboxPost, reason: str) -> None:
        # The thread was deleted or a permission removed: end the pair where it is (what was
        # recorded stays) instead of retrying into a wall.
        await self._service.access_lost(int(post.payload["session"]), reason)
