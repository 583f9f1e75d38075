"""The sender of reminder direct messages: each chosen reminder reaches the member once.

The tick has already committed a claim row per reminder (``bot/store/reminder_tick.py``).
For each one this sender:

- takes a lease on the row (a compare-and-set in the database, so two senders, two
  overlapping passes or two processes never both send it), which also records the try;
- builds the message from the state at send time (cards reviewed meanwhile, question
  answered: nothing is sent);
- sends it with a nonce derived from the claim's key: Discord returns the first message
  for a repeated nonce, so a crash between sending and recording does not send twice; a
  try older than the nonce window first looks for the message in the DM channel;
- treats 403/404 as final: DMs closed (50007) or the channel gone turns the member's
  reminders off, logs one line and never retries (each 403 counts toward Discord's
  invalid-request limit). 5xx, 429 and network errors are retried with back-off.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.remind.outcomes import ReviewNudge, Skip
from bot.store.reminder_sends import PendingReminder
from bot.ui.outbox import NONCE_WINDOW, custom_ids, nonce_for
from bot.ui.remind import off_custom_id, review_message, streak_message

if TYPE_CHECKING:
    from bot.remind.service import RemindService

log = logging.getLogger(__name__)

# How long one sender holds a claim while sending it. Shorter than a tick, so a send cut
# short by a crash is tried again at the next tick, and shorter than Discord's nonce
# window, so that retry is deduplicated by the nonce if the first send did get through.
LEASE = timedelta(seconds=45)
MAX_TRIES = 8
SENDS_AT_ONCE = 10  # discord.py's rate limiter paces them further
HISTORY_LOOKBACK = 20
CANNOT_DM = 50007  # "Cannot send messages to this user"


class ReminderSender:
    def __init__(self, client: discord.Client, service: RemindService) -> None:
        self._client = client
        self._service = service
        self._slots = asyncio.Semaphore(SENDS_AT_ONCE)

    async def run_pending(self) -> int:
        """Send every reminder due now; returns how many were settled (sent, skipped or refused)."""
        settled = 0
        while True:
            batch = await self._service.pending()
            if not batch:
                return settled
            done = await asyncio.gather(*(self._deliver(reminder) for reminder in batch))
            settled += sum(done)
            if not any(done):
                return settled  # all leased elsewhere or waiting for a retry: stop this pass

    async def _deliver(self, reminder: PendingReminder) -> bool:
        async with self._slots:
            if not await self._service.lease(reminder, LEASE):
                return False  # another sender has it
            nudge = await self._service.compose(reminder)
            if isinstance(nudge, Skip):
                await self._service.skipped(reminder, nudge.reason)
                return True
            guild = self._client.get_guild(reminder.guild_id)
            server = guild.name if guild is not None else None
            rendered = (
                review_message(nudge, server) if isinstance(nudge, ReviewNudge) else streak_message(nudge, server)
            )
            assert reminder.dm_channel_id is not None  # compose skips reminders without one
            channel = self._client.get_partial_messageable(reminder.dm_channel_id)
            try:
                message_id = await self._find_earlier(reminder, channel)
                if message_id is None:
                    message = await channel.send(
                        embeds=rendered.embeds,
                        view=rendered.view or discord.utils.MISSING,
                        nonce=nonce_for(reminder.key),
                    )
                    message_id = message.id
                    if rendered.view is not None:
                        rendered.view.stop()  # its button is a DynamicItem: nothing to keep in memory
            except (discord.Forbidden, discord.NotFound) as error:
                await self._closed(reminder, error)
                return True
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as error:
                return await self._transient(reminder, error)
            await self._service.sent(reminder, message_id)
            return True

    async def _find_earlier(self, reminder: PendingReminder, channel: discord.PartialMessageable) -> int | None:
        """The message of an earlier try that Discord took, if that try is past the nonce window."""
        tried = reminder.last_try_at
        if reminder.attempts == 0 or tried is None or self._service.now() - tried <= NONCE_WINDOW:
            return None
        wanted = off_custom_id(reminder.kind, reminder.guild_id, reminder.day)
        me = self._client.user
        after = discord.Object(discord.utils.time_snowflake(reminder.chosen_at) - 1)
        async for message in channel.history(limit=HISTORY_LOOKBACK, after=after):
            if me is not None and message.author.id == me.id and wanted in custom_ids(message.components):
                log.info("Reminder %s was already sent as message %s", reminder.key, message.id)
                return message.id
        return None

    async def _closed(self, reminder: PendingReminder, error: discord.HTTPException) -> None:
        if error.code == CANNOT_DM:
            reason = "Discord would not deliver my direct message: your DMs are closed to me."
        elif error.status == 404:
            reason = "Discord says our direct message channel no longer exists."
        else:
            reason = f"Discord refused my direct message ({error.status}, code {error.code})."
        # One line per member, once: their reminders are off now, so nothing retries it.
        log.info(
            "Reminders of member %s turned off: DM refused (%s, code %s)", reminder.user_id, error.status, error.code
        )
        await self._service.dms_closed(reminder.user_id, reason)

    async def _transient(self, reminder: PendingReminder, error: BaseException) -> bool:
        status = getattr(error, "status", 0)
        tries = reminder.attempts + 1
        if isinstance(error, discord.HTTPException) and 400 <= status < 500 and status != 429:
            # Our message broke a rule (50035 Invalid Form Body): sending it again would too.
            log.error("Discord refused reminder %s: %s", reminder.key, error)
            await self._service.failed(reminder, f"HTTP {status}: {error}")
            return True
        if tries >= MAX_TRIES:
            log.error("Reminder %s gave up after %d tries: %s", reminder.key, tries, error)
            await self._service.failed(reminder, f"gave up after {tries} tries")
            return True
        delay = min(timedelta(minutes=30), timedelta(seconds=5 * 2**tries))
        log.warning("Reminder %s will be retried in %s: %s", reminder.key, delay, error)
        await self._service.retry_at(reminder, self._service.now() + delay)
        return False
