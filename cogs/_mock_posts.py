"""The public posts of group sessions: how the outbox renders each kind, and what happens
when Discord refuses one for good. Rendering reads the session as committed at send
time, so a post or edit always shows the newest state, and nothing for a session that
lost access to its thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.mock import MockService
from bot.mock.rounds import FINAL, LOBBY, REVEAL, ROUND
from bot.store import OutboxPost
from bot.ui.mock import final_message, lobby_message, reveal_message, round_message
from bot.ui.outbox import OutboxSender, PostKind, Rendered

if TYPE_CHECKING:
    import discord

log = logging.getLogger(__name__)


def _rendered(message: tuple[discord.Embed, discord.ui.View | None] | None) -> Rendered | None:
    if message is None:
        return None
    embed, view = message
    return Rendered(embeds=[embed], view=view)


class MockPosts:
    def __init__(self, service: MockService) -> None:
        self._service = service

    def register(self, poster: OutboxSender) -> None:
        for kind, render in (
            (LOBBY, self._lobby),
            (ROUND, self._round),
            (REVEAL, self._reveal),
            (FINAL, self._final),
        ):
            poster.register(kind, PostKind(render=render, on_refused=self._refused))

    @staticmethod
    def unregister(poster: OutboxSender) -> None:
        for kind in (LOBBY, ROUND, REVEAL, FINAL):
            poster.unregister(kind)

    async def _lobby(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.lobby(int(post.payload["session"]))
        return _rendered(lobby_message(card) if card else None)

    async def _round(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.round(int(post.payload["session"]), int(post.payload["round"]))
        return _rendered(round_message(card) if card else None)

    async def _reveal(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.reveal(int(post.payload["session"]), int(post.payload["round"]))
        return _rendered(reveal_message(card) if card else None)

    async def _final(self, post: OutboxPost) -> Rendered | None:
        card = await self._service.cards.final(int(post.payload["session"]), int(post.payload["page"]))
        return _rendered(final_message(card) if card else None)

    async def _refused(self, post: OutboxPost, reason: str) -> None:
        # The thread was deleted or archived, or a permission was removed: end the session
        # where it is (what was recorded stays) instead of retrying into a wall.
        await self._service.access_lost(int(post.payload["session"]), post.guild_id, reason)
