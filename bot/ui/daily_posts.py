"""What the daily question looks like in the channel, as the outbox sends it.

The post, its live answer count and its reveal are queued in the store with the state
change behind them (bot/store/daily.py) and delivered by the one sender (bot/ui/outbox.py).
Here is how each is built: always from the post's state at send time, so an edit that
goes out after a newer one can never show older state.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.daily import DailyService
from bot.store import OutboxPost
from bot.store.daily import COUNT_KIND, POST_KIND, REVEAL_KIND
from bot.store.outbox import SentHook
from bot.ui.daily import post_embed, post_view, reveal_embed
from bot.ui.outbox import OutboxSender, PostKind, Refused, Rendered

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
# What the bot needs in the daily channel: see it, post in it, and post embeds.
NEEDED = ("view_channel", "send_messages", "embed_links")


def missing_permissions(permissions: discord.Permissions) -> list[str]:
    return [name.replace("_", " ").title() for name in NEEDED if not getattr(permissions, name)]


class DailyPosts:
    def __init__(self, bot: InterviewBot, service: DailyService) -> None:
        self.bot = bot
        self.service = service

    def register(self, poster: OutboxSender) -> None:
        poster.register(POST_KIND, PostKind(self._render_post, self._post_sent, self._post_refused))
        poster.register(REVEAL_KIND, PostKind(self._render_current, on_refused=self._edit_refused))
        poster.register(COUNT_KIND, PostKind(self._render_current))

    def unregister(self, poster: OutboxSender) -> None:
        for kind in (POST_KIND, REVEAL_KIND, COUNT_KIND):
            poster.unregister(kind)

    async def _render_post(self, post: OutboxPost) -> Rendered | None:
        card = await self.service.card(post.payload["post_id"])
        channel = self.bot.get_channel(card.channel_id)
        if isinstance(channel, discord.abc.GuildChannel) and channel.guild.me is not None:
            # Known to fail: refuse here, since every 403 counts toward Discord's
            # invalid-request limit.
            missing = missing_permissions(channel.permissions_for(channel.guild.me))
            if missing:
                raise Refused(f"I am missing {', '.join(missing)} in <#{card.channel_id}>.")
        return Rendered(embeds=[post_embed(card)], view=post_view(card))

    async def _render_current(self, post: OutboxPost) -> Rendered | None:
        """The post as it stands now: the reveal once revealed, else the live count.

        Built from the state at send time, so an edit that goes out after a newer one
        can never show older state (a count edit after the reveal shows the reveal)."""
        post_id = int(post.target_key.rsplit(":", 1)[1]) if post.target_key else 0
        card = await self.service.card(post_id)
        if card.revealed:
            reveal = await self.service.reveal_content(post_id)
            return Rendered(embeds=[reveal_embed(reveal)], view=None) if reveal else None
        return Rendered(embeds=[post_embed(card)], view=post_view(card))

    def _post_sent(self, post: OutboxPost, message_id: int) -> SentHook:
        log.info("Posted daily question in server %s channel %s", post.guild_id, post.channel_id)
        return self.service.post_delivered(post.payload["post_id"], post.guild_id, message_id)

    async def _post_refused(self, post: OutboxPost, reason: str) -> None:
        await self.service.post_refused(post.payload["post_id"], reason)

    async def _edit_refused(self, post: OutboxPost, reason: str) -> None:
        await self.service.record_error(post.guild_id, reason)
