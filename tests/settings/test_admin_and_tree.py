"""/settings, the command tree's error handling, and every command definition against the limits."""

from __future__ import annotations

import logging

import discord

from tests.discord_harness import CHANNEL_ID, MANAGE_GUILD, MEMBER_PERMISSIONS, only
from tests.discord_limits import command_violations

ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD


async def test_settings_change_needs_manage_server(harness):
    reply = only(await harness.slash("settings timezone", zone="Europe/London"))
    assert reply.ephemeral and reply.body["content"] == "You need the Manage Server permission to do that."
    settings = await harness.bot.store.settings.guild_settings(800000000000000001)
    assert settings.timezone == "UTC"


async def test_admin_sets_zone_and_limits_and_interviews_use_them(harness, clock):
    reply = only(await harness.slash("settings timezone", zone="europe/london", permissions=ADMIN))
    assert reply.ephemeral and "Europe/London" in reply.text()
    only(await harness.slash("settings time-limits", open_seconds=120, choice_seconds=20, permissions=ADMIN))
    shown = only(await harness.slash("settings show"))
    assert "120 s" in shown.text() and "20 s" in shown.text()
    question = only(await harness.slash("interview start", topic="routing", difficulty="hard", questions=1))
    deadline = next(f["value"] for f in question.embeds[0]["fields"] if f["name"] == "Deadline")
    limit = 120 if any(i.startswith("interview:answer:") for i in question.custom_ids()) else 20
    assert f"<t:{int(clock.now().timestamp()) + limit}:R>" in deadline


async def test_unknown_time_zone_is_named(harness):
    reply = only(await harness.slash("settings timezone", zone="Mars/Olympus", permissions=ADMIN))
    assert reply.ephemeral and "Mars/Olympus" in reply.body["content"]


async def test_zone_autocomplete(harness):
    choices = await harness.autocomplete("settings timezone", "zone", zone="kolk")
    assert choices[0]["value"] == "Asia/Kolkata"


async def test_an_internal_error_gets_a_short_private_reply_and_a_full_log(harness, caplog, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(harness.bot.store.settings, "guild_settings", broken)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        reply = only(await harness.slash("settings show", user_id=4242))
    assert reply.ephemeral
    assert reply.body["content"].startswith("Something went wrong on our side.")
    assert "database exploded" not in reply.body["content"]
    record = next(r for r in caplog.records if r.name == "bot.errors")
    assert "/settings show" in record.getMessage() and "4242" in record.getMessage()
    assert "800000000000000001" in record.getMessage() and record.exc_info is not None


def test_every_command_definition_fits_discord(harness):
    tree = harness.bot.tree
    definitions = [command.to_dict(tree) for command in tree.get_commands()]
    problems = [problem for definition in definitions for problem in command_violations(definition)]
    assert problems == []
    names = [definition["name"] for definition in definitions]
    assert len(names) == len(set(names))
    assert len(names) <= 100


async def test_global_sync_happens_only_when_commands_change(harness, monkeypatch):
    bot = harness.bot
    synced = []

    async def fake_sync(*, guild: discord.abc.Snowflake | None = None):
        synced.append(guild)
        return []

    monkeypatch.setattr(bot.tree, "sync", fake_sync)
    bot.sync_mode = "auto"
    await bot.sync_commands()
    await bot.sync_commands()
    assert synced == [None]  # the second start saw the same hash
    bot.tree.remove_command("settings")
    await bot.sync_commands()
    assert synced == [None, None]


async def test_help_is_private_and_names_the_main_commands(harness):
    reply = only(await harness.slash("help"))
    assert reply.ephemeral
    text = reply.text()
    for command in ("/interview start", "/interview review", "/daily", "/leaderboard", "/stats", "/privacy"):
        assert command in text
    bank = harness.bot.bank
    assert f"{len(bank)} questions on {len(bank.topics)} topics" in text


async def test_the_server_time_zone_also_moves_the_daily_schedule(harness):
    await harness.slash("daily setup", channel=CHANNEL_ID, time="09:00", timezone="Europe/London", permissions=ADMIN)
    only(await harness.slash("settings timezone", zone="Asia/Kolkata", permissions=ADMIN))
    config = await harness.bot.store.daily.config(800000000000000001)
    assert config is not None and config.timezone == "Asia/Kolkata"
