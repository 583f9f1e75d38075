"""/daily roles and roles that follow streaks, through the real bot and a recorded Discord."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.daily.test_cog import ADMIN, draw, set_up
from tests.daily.test_cog import cog as daily_cog
from tests.discord_harness import ALL_PERMISSIONS, GUILD_ID, MEMBER_PERMISSIONS, only, role_payload
from tests.remind.conftest import set_streak

MANAGE_ROLES = 1 << 28
BOT_ROLE, STREAK_ROLE, HIGH_ROLE, BOT_MANAGED = 600_001, 600_002, 600_003, 600_004
ME = 1001
NOON = datetime(2026, 1, 5, 12, tzinfo=UTC)


def remind(harness):
    return harness.bot.get_cog("Remind")


def role_calls(calls, method: str | None = None):
    return [c for c in calls if "/roles/" in c.url and (method is None or c.method == method)]


@pytest.fixture
def server(harness):
    """A cached server where the bot's role sits above the streak role and below another."""
    harness.add_guild(
        [
            role_payload(STREAK_ROLE, name="3-day streak", position=1),
            role_payload(BOT_ROLE, name="Interview Coach", position=2, permissions=MANAGE_ROLES, managed=True),
            role_payload(HIGH_ROLE, name="Moderators", position=3),
            role_payload(BOT_MANAGED, name="Some Bot", position=1, managed=True),
        ],
        bot_roles=[BOT_ROLE],
    )
    return harness


async def add_tier(harness, days: int = 3, role: int = STREAK_ROLE, **kwargs):
    kwargs.setdefault("permissions", ADMIN)
    return await harness.slash("daily roles add", days=days, role=role, **kwargs)


async def deliver_at(harness, clock, moment: datetime):
    clock.set(moment)
    before = len(harness.calls)
    await remind(harness).deliver()
    return harness.calls[before:]


async def test_adding_a_streak_role_checks_what_discord_would_refuse(server):
    harness = server
    cases = [
        ({"permissions": MEMBER_PERMISSIONS}, "Manage Server"),
        ({"app_permissions": ALL_PERMISSIONS & ~MANAGE_ROLES}, "Manage Roles"),
        ({"role": HIGH_ROLE}, "not below my highest role"),
        ({"role": BOT_ROLE}, "managed by an integration"),
        ({"role": BOT_MANAGED}, "managed by an integration"),
        ({"role": GUILD_ID}, "@everyone"),
    ]
    for options, says in cases:
        answer = only(await add_tier(harness, **options))
        assert answer.ephemeral and says in answer.text(), (options, answer.text())
    assert await harness.bot.services.streak_roles.roles(GUILD_ID) == []
    answer = only(await add_tier(harness))
    assert answer.ephemeral and "**3 days** → <@&600002>" in answer.text()
    clash = only(await harness.slash("daily roles add", days=3, role=600_005, permissions=ADMIN))
    assert "already the role for 3-day streaks" in clash.text()


async def test_an_uncached_server_is_refused_plainly(harness):
    answer = only(await add_tier(harness))
    assert answer.ephemeral and "can't see this server's roles" in answer.text()


async def test_roles_follow_streaks_answered_day_by_day_and_go_when_one_lapses(server, clock):
    harness = server
    draw(harness, open_question=True)
    clock.set(datetime(2026, 1, 5, 8, tzinfo=UTC))
    await set_up(harness, clock)  # 09:00 London
    await add_tier(harness)
    granted_on = None
    for day in range(4):
        post_at = datetime(2026, 1, 5, 9, tzinfo=UTC) + timedelta(days=day)
        clock.set(post_at)
        await daily_cog(harness).tick(post_at)
        await harness.settle()
        post = await harness.bot.store.daily.post_for_date(GUILD_ID, post_at.date())
        await harness.bot.services.daily.answer_open(post.id, GUILD_ID, ME, "a guess")
        puts = role_calls(await deliver_at(harness, clock, post_at + timedelta(minutes=1)), "PUT")
        if puts:
            assert granted_on is None and len(puts) == 1
            assert puts[0].url.endswith(f"/guilds/{GUILD_ID}/members/{ME}/roles/{STREAK_ROLE}")
            granted_on = day
    assert granted_on == 2  # the third day in a row
    # 9 January is missed; the 10th's post resets lapsed streaks and the role goes.
    tenth = datetime(2026, 1, 10, 9, tzinfo=UTC)
    clock.set(tenth)
    await daily_cog(harness).tick(tenth)
    await harness.settle()
    deletes = role_calls(await deliver_at(harness, clock, tenth + timedelta(minutes=1)), "DELETE")
    assert len(deletes) == 1 and deletes[0].url.endswith(f"/members/{ME}/roles/{STREAK_ROLE}")
    assert role_calls(await deliver_at(harness, clock, tenth + timedelta(minutes=2))) == []


async def test_a_streak_that_stops_counting_loses_the_role_even_before_the_next_post(server, clock):
    harness = server
    await add_tier(harness)
    await set_streak(harness.bot.store, GUILD_ID, ME, 4, date(2026, 1, 5))
    assert len(role_calls(await deliver_at(harness, clock, NOON), "PUT")) == 1
    assert role_calls(await deliver_at(harness, clock, NOON + timedelta(days=1))) == []  # answered yesterday: alive
    assert len(role_calls(await deliver_at(harness, clock, NOON + timedelta(days=2)), "DELETE")) == 1


async def test_a_permission_lost_later_stops_the_role_after_one_refusal(server, clock, caplog):
    harness = server
    await add_tier(harness)
    for member in (ME, 1002, 1003):
        await set_streak(harness.bot.store, GUILD_ID, member, 5, date(2026, 1, 5))
    guild = harness.bot.get_guild(GUILD_ID)
    harness.bot._connection._remove_guild(guild)  # not cached (an outage): only Discord can say
    harness.recorder.fail("/roles/", status=403, code=50013, message="Missing Permissions")
    with caplog.at_level(logging.WARNING):
        assert len(role_calls(await deliver_at(harness, clock, NOON))) == 1  # one 403, not three
    assert role_calls(await deliver_at(harness, clock, NOON + timedelta(minutes=1))) == []
    listed = only(await harness.slash("daily roles list"))
    assert "stopped" in listed.text() and "refused" in listed.text()
    harness.bot._connection._add_guild(guild)
    await add_tier(harness)  # the admin fixed it and added it again
    assert len(role_calls(await deliver_at(harness, clock, NOON + timedelta(minutes=2)), "PUT")) == 3


async def test_a_role_moved_above_the_bot_is_stopped_from_the_cache_without_a_request(server, clock):
    harness = server
    await add_tier(harness)
    await set_streak(harness.bot.store, GUILD_ID, ME, 5, date(2026, 1, 5))
    guild = harness.bot.get_guild(GUILD_ID)
    guild.get_role(STREAK_ROLE).position = 9
    assert role_calls(await deliver_at(harness, clock, NOON)) == []
    assert "not below my highest role" in (await harness.bot.services.streak_roles.roles(GUILD_ID))[0].error


async def test_a_member_who_left_loses_their_reminders_and_a_deleted_role_is_forgotten(server, clock):
    harness = server
    clock.set(NOON - timedelta(hours=2))
    await harness.slash("remind streak", state="on")
    await add_tier(harness)
    await set_streak(harness.bot.store, GUILD_ID, ME, 5, date(2026, 1, 5))
    harness.recorder.fail(f"/members/{ME}/roles/", status=404, code=10007, message="Unknown Member")
    assert len(role_calls(await deliver_at(harness, clock, NOON))) == 1
    status = await harness.bot.services.reminders.status(GUILD_ID, ME)
    assert status.disabled_reason and "left the server" in status.disabled_reason
    await set_streak(harness.bot.store, GUILD_ID, 1002, 5, date(2026, 1, 5))
    harness.recorder.fail("/roles/", status=404, code=10011, message="Unknown Role")
    await deliver_at(harness, clock, NOON + timedelta(minutes=1))
    assert await harness.bot.services.streak_roles.roles(GUILD_ID) == []


async def test_removing_a_tier_takes_the_role_back(server, clock):
    harness = server
    await add_tier(harness)
    await set_streak(harness.bot.store, GUILD_ID, ME, 5, date(2026, 1, 5))
    await deliver_at(harness, clock, NOON)
    answer = only(await harness.slash("daily roles remove", role=STREAK_ROLE, permissions=ADMIN))
    assert "No streak roles yet" in answer.text()
    assert len(role_calls(await deliver_at(harness, clock, NOON + timedelta(minutes=1)), "DELETE")) == 1


async def test_hidden_members_get_no_streak_role(server, clock):
    harness = server
    await add_tier(harness)
    await set_streak(harness.bot.store, GUILD_ID, ME, 5, date(2026, 1, 5))
    await harness.bot.services.privacy.set_hidden(GUILD_ID, ME, True)
    assert role_calls(await deliver_at(harness, clock, NOON)) == []


async def test_delete_my_data_takes_the_streak_role_back_and_forgets_the_reminders(server, clock):
    harness = server
    clock.set(NOON - timedelta(hours=1))
    await harness.slash("remind reviews", state="on")
    await add_tier(harness)
    await set_streak(harness.bot.store, GUILD_ID, ME, 5, date(2026, 1, 5))
    await deliver_at(harness, clock, NOON)
    before = len(harness.calls)
    report = await harness.bot.services.privacy.delete(GUILD_ID, ME, clicked_by=ME, asked_at=clock.now())
    deletes = role_calls(harness.calls[before:], "DELETE")
    assert len(deletes) == 1 and deletes[0].url.endswith(f"/members/{ME}/roles/{STREAK_ROLE}")
    assert report.counts["reminder_prefs"] == 1  # the role's record went with the DELETE itself
    assert await harness.bot.store.streak_roles.held(GUILD_ID, ME) == []
    assert await harness.bot.store.reminders.prefs(GUILD_ID, ME) is None
    assert role_calls(await deliver_at(harness, clock, NOON + timedelta(minutes=1))) == []
