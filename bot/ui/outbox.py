"""The one sender of public posts: delivers the outbox (``bot.store.outbox``) to Discord.

Features queue posts and edits in the same write as the state change behind them and
register, per kind, how to render one and what to keep once it is sent. This loop then
delivers each exactly once:

- a send carries a nonce derived from its key; discord.py sets ``enforce_nonce``, so a
  repeat within Discord's window (a crash between sending and recording) returns the
  first message instead of posting twice;
- a send tried long ago (a longer outage) first looks for its message in the channel by
  the custom ids of its buttons;
- rows of one channel go out in order (a round's buttons are disabled before its reveal
  is posted); channels go out side by side;
- 403/404 means the post will never be delivered: it is marked failed, the feature is
  told once, and nothing retries it; 5xx, 429 and network errors are retried with back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.clock import Clock
from bot.store.outbox import OutboxPost, OutboxStore, SentHook

if TYPE_CHECKING:
    from discord.abc import Messageable

log = logging.getLogger(__name__)

NONCE_WINDOW = timedelta(minutes=2)  # after this long, Discord's nonce may no longer deduplicate
HISTORY_LOOKBACK = 50  # messages read when looking for a post that may have gone out
IDLE_WAIT = 30.0  # seconds the loop sleeps when nothing is queued and nothing wakes it
MAX_TRANSIENT_TRIES = 12
# Delivered posts are kept this long: a daily's reveal and a session's last edits come
# within a day of their post, and the rest is only history.
KEEP_DELIVERED = timedelta(days=14)
UNKNOWN_MESSAGE = 10008  # JSON error code: the message (not the channel) is gone
# 400s that mean the channel is closed to us, not that our message was malformed: a thread
# archived (50083) or locked (160005) by a moderator. Treated like a 403: never retried.
CLOSED_CHANNEL_CODES = frozenset({50083, 160005})


class Refused(Exception):
    """Raised by a renderer that knows the post cannot be delivered (a permission it can
    see is missing): handled like Discord's 403, without spending a request on it."""


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None


@dataclass(frozen=True, slots=True)
class PostKind:
    """How a feature's posts of one kind are built and what it keeps of them.

    ``render`` builds the message from the state at send time (None: nothing to send any
    more). ``on_sent`` returns a write to run with the record of the sent message (e.g. the
    daily post keeping its message id). ``on_refused`` hears once that the post can never be
    delivered (the channel is gone or access was lost).
    """

    render: Callable[[OutboxPost], Awaitable[Rendered | None]]
    on_sent: Callable[[OutboxPost, int], SentHook | None] | None = None
    on_refused: Callable[[OutboxPost, str], Awaitable[None]] | None = None


def nonce_for(key: str) -> str:
    """A stable nonce of at most 25 characters (Discord's limit) for the post ``key``."""
    return str(int(hashlib.sha256(key.encode()).hexdigest()[:15], 16))


def custom_ids(components: list[discord.Component] | list[discord.ui.Item[discord.ui.View]]) -> set[str]:
    found: set[str] = set()
    for component in components:
        children = getattr(component, "children", None)
        if children:
            found |= custom_ids(children)
        custom_id = getattr(component, "custom_id", None)
        if custom_id:
            found.add(custom_id)
    return found


class OutboxSender:
    def __init__(self, client: discord.Client, store: OutboxStore, clock: Clock) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._kinds: dict[str, PostKind] = {}
        self._running = asyncio.Lock()  # one delivery pass at a time: rows go out once

    def register(self, kind: str, post_kind: PostKind) -> None:
        self._kinds[kind] = post_kind

    def unregister(self, kind: str) -> None:
        self._kinds.pop(kind, None)

    async def run_pending(self) -> int:
        """Deliver everything due now; returns how many rows were settled (sent or failed)."""
        async with self._running:
            posts = await self._store.pending(self._clock.now())
            by_channel: dict[int, list[OutboxPost]] = {}
            for post in posts:
                by_channel.setdefault(post.channel_id, []).append(post)
            settled = await asyncio.gather(*(self._deliver_channel(rows) for rows in by_channel.values()))
            return sum(settled)

    async def run_forever(self) -> None:
        next_prune = self._clock.now()
        while True:
            try:
                await self.run_pending()
                if self._clock.now() >= next_prune:
                    await self._store.prune(self._clock.now() - KEEP_DELIVERED)
                    next_prune = self._clock.now() + timedelta(hours=1)
            except Exception:
                log.exception("An outbox delivery pass failed")
            self._store.changed.clear()
            next_try = await self._store.next_try()
            wait = IDLE_WAIT
            if next_try is not None:
                wait = min(IDLE_WAIT, max(0.05, (next_try - self._clock.now()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._store.changed.wait(), wait)

    async def _deliver_channel(self, posts: list[OutboxPost]) -> int:
        settled = 0
        sent_now: dict[str, int] = {}  # posts this pass sent: their edits need not wait a pass
        for post in posts:
            if post.is_edit and post.target_message_id is None and post.target_key in sent_now:
                post = replace(post, target_message_id=sent_now[post.target_key])
            outcome = await self._deliver(post, sent_now)
            if outcome == "settled":
                settled += 1
            elif outcome == "channel-lost":
                settled += 1
                break  # the rest of this channel fails the same way: let the feature decide
            else:
                break  # keep the channel's order: nothing after a post still waiting goes first
        return settled

    async def _deliver(self, post: OutboxPost, sent_now: dict[str, int]) -> str:
        """Settle one row (or leave it waiting); a post sent is noted in ``sent_now`` by key."""
        kind = self._kinds.get(post.kind)
        if kind is None:  # its feature is not loaded: keep it for when it is
            await self._store.retry_at(post, self._clock.now() + timedelta(seconds=30))
            return "waiting"
        if post.is_edit and post.target_failed:
            await self._store.mark_failed(post, "the post it edits was never delivered", self._clock.now())
            return "settled"
        if post.is_edit and post.target_message_id is None:
            await self._store.retry_at(post, self._clock.now() + timedelta(seconds=2))
            return "waiting"
        try:
            try:
                rendered = await kind.render(post)
            except Refused as refusal:
                return await self._give_up(post, kind, str(refusal))
            if rendered is None:
                await self._store.mark_sent(post, None, self._clock.now())
                return "settled"
            channel = self._client.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
            message_id = await (
                self._edit(post, channel, rendered) if post.is_edit else self._send(post, channel, rendered)
            )
        except (discord.Forbidden, discord.NotFound) as error:
            return await self._refused(post, kind, error)
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as error:
            if isinstance(error, discord.HTTPException) and error.code in CLOSED_CHANNEL_CODES:
                return await self._refused(post, kind, error)
            status = getattr(error, "status", 0)
            if isinstance(error, discord.HTTPException) and 400 <= status < 500 and status != 429:
                # Our message broke a rule (50035 Invalid Form Body): retrying sends it again.
                log.error("Discord refused outbox post %s (%s): %s", post.key, post.kind, error)
                await self._store.mark_failed(post, f"HTTP {status}: {error}", self._clock.now())
                return "settled"
            return await self._retry_later(post, error)
        await self._store.mark_sent(
            post, message_id, self._clock.now(), kind.on_sent(post, message_id) if kind.on_sent else None
        )
        if not post.is_edit:
            sent_now[post.key] = message_id
        return "settled"

    async def _send(self, post: OutboxPost, channel: Messageable, rendered: Rendered) -> int:
        now = self._clock.now()
        if post.last_try_at is not None and now - post.last_try_at > NONCE_WINDOW:
            found = await self._find_sent(post, channel, rendered)
            if found is not None:
                log.info("Outbox post %s was already in the channel as message %s", post.key, found)
                return found
        await self._store.mark_trying(post, now)
        message = await channel.send(
            content=rendered.content,
            embeds=rendered.embeds,
            view=rendered.view or discord.utils.MISSING,
            nonce=nonce_for(post.key),
        )
        return message.id

    async def _edit(self, post: OutboxPost, channel: Messageable, rendered: Rendered) -> int:
        assert post.target_message_id is not None
        message = channel.get_partial_message(post.target_message_id)  # type: ignore[attr-defined]
        try:
            await message.edit(content=rendered.content, embeds=rendered.embeds, view=rendered.view)
        except discord.NotFound as error:
            if error.code != UNKNOWN_MESSAGE:
                raise
            # Someone deleted the message: there is nothing to edit, and the channel is fine.
            log.info("Outbox edit %s: its message %s was deleted", post.key, post.target_message_id)
        return post.target_message_id

    async def _find_sent(self, post: OutboxPost, channel: Messageable, rendered: Rendered) -> int | None:
        """The message of ``post`` if an earlier try reached Discord, found by its buttons."""
        wanted = custom_ids(rendered.view.children) if rendered.view else set()
        if not wanted:
            return None
        me = self._client.user
        after = discord.Object(discord.utils.time_snowflake(post.created_at) - 1)
        async for message in channel.history(limit=HISTORY_LOOKBACK, after=after):
            if me is not None and message.author.id == me.id and wanted & custom_ids(message.components):
                return message.id
        return None

    async def _refused(self, post: OutboxPost, kind: PostKind, error: discord.HTTPException) -> str:
        where = f"<#{post.channel_id}>"
        if error.status == 404:
            reason = f"{where} no longer exists or I can't see it (Discord said 404)."
        elif error.code in CLOSED_CHANNEL_CODES:
            reason = f"The thread {where} was archived or locked (Discord said {error.status}, code {error.code})."
        else:
            reason = (
                f"I lost a permission I need in {where}: View Channel, Send Messages, Embed Links (Discord said 403)."
            )
        return await self._give_up(post, kind, reason)

    async def _give_up(self, post: OutboxPost, kind: PostKind, reason: str) -> str:
        log.warning("Outbox post %s (%s) in server %s refused: %s", post.key, post.kind, post.guild_id, reason)
        await self._store.mark_failed(post, reason, self._clock.now())
        if kind.on_refused is not None:
            try:
                await kind.on_refused(post, reason)
            except Exception:
                log.exception("The refusal hook of %s failed", post.kind)
        return "channel-lost"

    async def _retry_later(self, post: OutboxPost, error: BaseException) -> str:
        tries = post.attempts + 1
        if tries >= MAX_TRANSIENT_TRIES:
            log.error("Outbox post %s gave up after %d tries: %s", post.key, tries, error)
            await self._store.mark_failed(post, f"gave up after {tries} tries: {error}", self._clock.now())
            return "settled"
        delay = min(timedelta(hours=1), timedelta(seconds=2 ** min(tries, 12)))
        log.warning("Outbox post %s will be retried in %s: %s", post.key, delay, error)
        await self._store.retry_at(post, self._clock.now() + delay)
        return "waiting"
