"""The Discord client: a thin ``commands.Bot`` that wires resources and extensions together."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import pkgutil
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.bank import Bank, load_bank
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.grading import Grader
from bot.services import Services
from bot.store import SqliteStore
from bot.ui.errors import report_error
from bot.ui.outbox import OutboxSender

log = logging.getLogger(__name__)

SYNC_HASH_KEY = "command_tree_hash:global"
SyncMode = Literal["auto", "force", "never"]


def bot_intents() -> discord.Intents:
    """The smallest set that works.

    Slash commands, buttons and modals arrive as interactions and need no intent at all.
    ``guilds`` keeps the server, channel and thread cache, which the daily scheduler needs
    to find its channel and check its own permissions there. No privileged intent
    (members, presences, message content) is used.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


class InterviewTree(app_commands.CommandTree["InterviewBot"]):
    """Every slash command error ends here: a short private sentence, a full log line."""

    async def on_error(
        self, interaction: discord.Interaction[InterviewBot], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else "unknown command"
        await report_error(interaction, error, where=f"/{command}")


class InterviewBot(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        sync_mode: SyncMode = "auto",
        bank: Bank | None = None,
        grader: Grader | None = None,
        background_tasks: bool = True,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            tree_cls=InterviewTree,
            help_command=None,
            # Leaderboards and reveals name members; nobody should be pinged by them.
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.sync_mode: SyncMode = sync_mode
        # Scheduled loops (the daily poster) start only when True; tests drive ticks by hand.
        self.background_tasks = background_tasks
        # A bank and grader may be handed in ready-made (the CLI loads the bank before
        # connecting to fail fast; tests share one grader instead of compiling per bot).
        self._preloaded_bank = bank
        self._preloaded_grader = grader
        self._store: SqliteStore | None = None
        self._bank: Bank | None = None
        self._grader: Grader | None = None
        self._services: Services | None = None
        self._poster: OutboxSender | None = None
        self._loops: list[asyncio.Task[None]] = []

    # Resources exist only after setup_hook; a cog reaching them earlier is a bug.
    @property
    def store(self) -> SqliteStore:
        if self._store is None:
            raise RuntimeError("the store is opened in setup_hook")
        return self._store

    @property
    def bank(self) -> Bank:
        if self._bank is None:
            raise RuntimeError("the bank is loaded in setup_hook")
        return self._bank

    @property
    def grader(self) -> Grader:
        if self._grader is None:
            raise RuntimeError("the grader is built in setup_hook")
        return self._grader

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the services are built in setup_hook")
        return self._services

    @property
    def poster(self) -> OutboxSender:
        """The one sender of public posts (see bot/ui/outbox.py)."""
        if self._poster is None:
            raise RuntimeError("the outbox sender is built in setup_hook")
        return self._poster

    async def setup_hook(self) -> None:
        self._store = await SqliteStore.open(self.settings.database_path)
        # Parsing YAML is blocking work: keep it off the event loop.
        bank = self._preloaded_bank
        if bank is None:
            bank = await asyncio.to_thread(load_bank, self.settings.content_dir)
        # Compiling every rubric takes most of a second: also off the loop.
        grader = self._preloaded_grader
        if grader is None:
            grader = await asyncio.to_thread(Grader, bank)
        self._bank, self._grader = bank, grader
        self._services = Services.build(self._store, bank, grader, self.clock)
        self._poster = OutboxSender(self, self._store.outbox, self.clock)
        for extension in extension_names():
            await self.load_extension(extension)
        await self.sync_commands()
        # The bank, rubrics and caches built above live as long as the process: moving
        # them out of the collector's generations keeps full collections short while
        # many members answer at once.
        gc.collect()
        gc.freeze()
        if self.background_tasks:
            self._loops = [
                asyncio.create_task(self.services.timers.run_forever(), name="timers"),
                asyncio.create_task(self.poster.run_forever(), name="outbox"),
            ]

    async def sync_commands(self) -> None:
        if self.sync_mode == "never":
            return
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to the development server %s", len(synced), guild.id)
            return
        digest = command_tree_hash(self.tree)
        if self.sync_mode == "auto" and await self.store.meta.get(SYNC_HASH_KEY) == digest:
            log.info("Slash commands unchanged since the last sync; not syncing")
            return
        synced = await self.tree.sync()
        await self.store.meta.set(SYNC_HASH_KEY, digest)
        log.info("Synced %d global commands (they can take a while to appear)", len(synced))

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Nothing queued for a server the bot left can be delivered: drop it, once, rather
        than let each post fail with a 403 that counts toward Discord's invalid-request limit."""
        dropped = await self.store.outbox.fail_pending_in_guild(guild.id, "the bot left the server", self.clock.now())
        log.info("Left server %s; dropped %d queued posts", guild.id, dropped)

    async def close(self) -> None:
        for loop in self._loops:
            loop.cancel()
        try:
            await super().close()
        finally:
            if self._store is not None:
                await self._store.close()
                self._store = None


def extension_names() -> list[str]:
    """Every module in the ``cogs`` package, each a discord.py extension."""
    return sorted(
        f"cogs.{module.name}" for module in pkgutil.iter_modules(cogs.__path__) if not module.name.startswith("_")
    )


def command_tree_hash(tree: app_commands.CommandTree[InterviewBot]) -> str:
    """A digest of what Discord would be told; equal digests mean a sync would change nothing."""
    payload = sorted((command.to_dict(tree) for command in tree.get_commands()), key=lambda c: c["name"])
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
