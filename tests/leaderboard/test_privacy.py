"""/privacy on a real store: deletion of every table's rows, export content, hide/show."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.privacy import PrivacyService
from bot.privacy.export import export_file
from bot.privacy.service import ConfirmationExpired, NotYourConfirmation
from bot.stats import LeaderboardService
from bot.store import BoardFilter, Mode
from tests.leaderboard.conftest import GUILD, OTHER_GUILD, T0, attempt, record

ME, SOMEONE = 1, 2
TABLES = (
    "grade_disputes",
    "attempts",
    "review_cards",
    "daily_streaks",
    "member_settings",
    "interview_sessions",
    "mock_answers",
    "mock_participants",
    "reminder_prefs",
    "reminder_sends",
    "streak_role_members",
    "mock_pair_turns",
    "mock_pair_feedback",
)
NOBODY = 99  # the partner a seeded peer feedback is about: not ME, not SOMEONE


async def seed_everything(store, guild_id: int, user_id: int, *, host: int) -> None:
    """One row of ``user_id`` in each table of ``guild_id`` (in a group session ``host`` runs)."""
    ms = 1767600000000
    await record(store, attempt(user_id, guild_id=guild_id, points=10), attempt(user_id, guild_id=guild_id, points=3))

    def _write1(tx):
        session = tx.execute(
            "INSERT INTO interview_sessions (guild_id, user_id, kind, status, state, started_at, updated_at)"
            " VALUES (?, ?, 'interview', 'finished', '{\"asked\": [\"routing-variable-rules\"]}', ?, ?)",
            (guild_id, user_id, ms, ms),
        )
        tx.execute(
            "UPDATE attempts SET interview_id = ? WHERE guild_id = ? AND user_id = ?", (session, guild_id, user_id)
        )
        tx.execute(
            "INSERT INTO grade_disputes (attempt_id, guild_id, user_id, question_id, mode, answer, score, passed,"
            " reason, created_at) SELECT id, guild_id, user_id, question_id, mode, 'with angle brackets', score,"
            " passed, 'it missed my point', ? FROM attempts WHERE guild_id = ? AND user_id = ? ORDER BY id LIMIT 1",
            (ms, guild_id, user_id),
        )
        tx.execute(
            "INSERT INTO review_cards (guild_id, user_id, question_id, card, due_at, reviews, updated_at)"
            " VALUES (?, ?, 'routing-variable-rules', '{\"stability\": 2.5}', ?, 1, ?)",
            (guild_id, user_id, ms, ms),
        )
        tx.execute(
            "INSERT INTO daily_streaks (guild_id, user_id, current, best, last_local_date) VALUES (?, ?, 2, 4, '2026-01-04')",
            (guild_id, user_id),
        )
        tx.execute(
            "INSERT INTO member_settings (guild_id, user_id, hidden, updated_at) VALUES (?, ?, 0, ?)",
            (guild_id, user_id, ms),
        )
        mock = tx.execute(
            "INSERT INTO mock_sessions (guild_id, channel_id, host_id, status, state, created_at, updated_at)"
            " VALUES (?, 5, ?, 'finished', '{}', ?, ?)",
            (guild_id, host, ms, ms),
        )
        tx.execute(
            "INSERT INTO mock_participants (session_id, user_id, guild_id, role, joined_at)"
            " VALUES (?, ?, ?, 'candidate', ?)",
            (mock, user_id, guild_id, ms),
        )
        tx.execute(
            "INSERT INTO mock_answers (session_id, round, user_id, question_id, answer, submitted_at)"
            " VALUES (?, 1, ?, 'routing-variable-rules', 'angle brackets', ?)",
            (mock, user_id, ms),
        )
        tx.execute(
            "INSERT INTO reminder_prefs (guild_id, user_id, dm_channel_id, reviews_on, review_next_at, updated_at)"
            " VALUES (?, ?, 77, 1, ?, ?)",
            (guild_id, user_id, ms, ms),
        )
        tx.execute(
            "INSERT INTO reminder_sends (guild_id, user_id, kind, local_date, chosen_at, next_try_at)"
            " VALUES (?, ?, 'reviews', '2026-01-05', ?, ?)",
            (guild_id, user_id, ms, ms),
        )
        tx.execute(
            "INSERT INTO streak_role_members (guild_id, user_id, role_id, granted_at) VALUES (?, ?, 600002, ?)",
            (guild_id, user_id, ms),
        )
        tx.execute(
            "INSERT INTO mock_pair_turns (session_id, turn, user_id, interviewer_id, question_id, answer, grade,"
            " marks) VALUES (?, 1, ?, ?, 'routing-variable-rules', 'angle brackets', 3, '[\"covered\"]')",
            (mock, user_id, host),
        )
        tx.execute(
            "INSERT INTO mock_pair_feedback (session_id, user_id, about_id, communication, depth, clarity, strength,"
            " improve, sent_at) VALUES (?, ?, ?, 4, 4, 4, 'calm', 'examples', ?)",
            (mock, user_id, NOBODY, ms),
        )

    await store.db.write(_write1)


async def count(store, table: str, user_id: int, guild_id: int) -> int:
    if table.startswith("mock_"):
        sql = f"SELECT COUNT(*) FROM {table} WHERE user_id = ? AND session_id IN (SELECT id FROM mock_sessions WHERE guild_id = ?)"
        row = await store.db.fetch_one(sql, (user_id, guild_id))
    else:
        row = await store.db.fetch_one(
            f"SELECT COUNT(*) FROM {table} WHERE user_id = ? AND guild_id = ?", (user_id, guild_id)
        )
    return row[0]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0 + timedelta(hours=1))


@pytest.fixture
def privacy(store, clock) -> PrivacyService:
    return PrivacyService(store.privacy, clock)


async def test_delete_removes_the_member_everywhere_in_that_server_only(store, privacy, clock, shipped_bank):
    await seed_everything(store, GUILD, ME, host=SOMEONE)
    await seed_everything(store, GUILD, SOMEONE, host=ME)  # a session I hosted: theirs stays
    await seed_everything(store, OTHER_GUILD, ME, host=ME)  # my data in another server stays
    report = await privacy.delete(GUILD, ME, clicked_by=ME, asked_at=clock.now())
    assert report.counts == {
        "grade_disputes": 1,
        "attempts": 2,
        "review_cards": 1,
        "daily_streaks": 1,
        "member_settings": 1,
        "interview_sessions": 1,
        "mock_answers": 1,
        "mock_participants": 1,
        "reminder_prefs": 1,
        "reminder_sends": 1,
        "streak_role_members": 1,
        "mock_pair_turns": 1,
        "mock_pair_feedback": 1,
    }
    assert report.total == 14
    for table in TABLES:
        assert await count(store, table, ME, GUILD) == 0, table
        assert await count(store, table, SOMEONE, GUILD) == 1 or table == "attempts", table
        assert await count(store, table, ME, OTHER_GUILD) >= 1, table
    assert await count(store, "attempts", SOMEONE, GUILD) == 2
    # Off the boards and out of /stats.
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=ME)
    assert [e.user_id for e in board.entries] == [SOMEONE] and board.member is None
    for since in (None, T0 - timedelta(days=1)):
        for mode in (None, Mode.INTERVIEW):
            found = await store.leaderboard.board(
                BoardFilter(GUILD, since=since, mode=mode), offset=0, limit=10, member_id=ME
            )
            assert ME not in [e.user_id for e in found.entries]
    stats = await LeaderboardService(store, shipped_bank, clock).stats(GUILD, ME, viewer_id=ME)
    assert (stats.points, stats.answers, stats.topics, stats.streak) == (0, 0, (), None)
    other = await store.leaderboard.member_totals(OTHER_GUILD, ME)
    assert other.overall is not None and other.overall.points == 13


async def test_delete_needs_the_owner_and_a_fresh_confirmation(store, privacy, clock):
    await record(store, attempt(ME))
    with pytest.raises(NotYourConfirmation):
        await privacy.delete(GUILD, ME, clicked_by=SOMEONE, asked_at=clock.now())
    with pytest.raises(ConfirmationExpired):
        await privacy.delete(GUILD, ME, clicked_by=ME, asked_at=clock.now() - timedelta(minutes=11))
    assert await count(store, "attempts", ME, GUILD) == 1


async def test_export_holds_exactly_the_members_rows(store, privacy):
    await seed_everything(store, GUILD, ME, host=SOMEONE)
    await seed_everything(store, GUILD, SOMEONE, host=ME)
    await seed_everything(store, OTHER_GUILD, ME, host=ME)
    exported = await privacy.export(GUILD, ME)
    assert exported.filename.endswith(".json") and exported.rows == 14
    document = json.loads(exported.data)
    assert document["user_id"] == str(ME) and document["guild_id"] == str(GUILD)
    tables = document["tables"]
    assert {name: len(rows) for name, rows in tables.items()} == {
        name: (2 if name == "attempts" else 1) for name in TABLES
    }
    for name, rows in tables.items():
        for row in rows:
            if "user_id" in row:
                assert row["user_id"] == str(ME), name
            if "guild_id" in row:
                assert row["guild_id"] == str(GUILD), name
    first = tables["attempts"][0]
    assert first["answered_at"] == T0.isoformat()
    assert {first["points"], tables["attempts"][1]["points"]} == {10, 3}
    assert tables["interview_sessions"][0]["state"] == {"asked": ["routing-variable-rules"]}
    assert tables["review_cards"][0]["card"] == {"stability": 2.5}
    assert tables["mock_answers"][0]["answer"] == "angle brackets"
    assert tables["daily_streaks"][0]["best"] == 4
    flag = tables["grade_disputes"][0]
    assert (flag["answer"], flag["reason"]) == ("with angle brackets", "it missed my point")
    assert flag["created_at"] == "2026-01-05T08:00:00+00:00"
    assert tables["reminder_prefs"][0]["dm_channel_id"] == "77"
    assert tables["reminder_prefs"][0]["review_next_at"] == tables["reminder_sends"][0]["chosen_at"]
    assert tables["streak_role_members"][0]["role_id"] == "600002"


async def test_every_table_with_member_rows_is_deleted_and_exported(store):
    """A new table holding a member's rows must join TABLES (and bot/store/privacy.py)."""
    names = [row[0] for row in await store.db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")]
    with_members = set()
    for name in names:
        columns = {row[1] for row in await store.db.fetch_all(f"PRAGMA table_info({name})")}
        if "user_id" in columns:
            with_members.add(name)
    # board_totals is derived from attempts and deleted with them.
    assert with_members - {"board_totals"} == set(TABLES)


async def test_a_large_export_is_zipped(store):
    await record(store, *(attempt(ME, at=T0 + timedelta(minutes=i)) for i in range(50)))
    records = await store.privacy.export_member_data(GUILD, ME)
    now = datetime(2026, 1, 6, tzinfo=UTC)
    small = export_file(records, now, max_bytes=10_000_000)
    big = export_file(records, now, max_bytes=1000)
    assert small.filename == f"interview-bot-data-{GUILD}-20260106.json"
    assert big.filename.endswith(".zip") and len(big.data) < len(small.data)
    with zipfile.ZipFile(io.BytesIO(big.data)) as archive:
        assert archive.read(small.filename) == small.data


async def test_hide_and_show(store, privacy):
    await record(store, attempt(ME), attempt(SOMEONE))
    await privacy.set_hidden(GUILD, ME, True)
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=ME)
    assert [e.user_id for e in board.entries] == [SOMEONE]
    await privacy.set_hidden(GUILD, ME, False)
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=ME)
    assert sorted(e.user_id for e in board.entries) == [ME, SOMEONE]
