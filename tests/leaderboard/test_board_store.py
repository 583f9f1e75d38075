"""Board queries on real SQLite: order and ties, filters, paging, own rank, hidden members,
and the running totals (migration 0002) agreeing with the answers they summarise."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

import pytest

from bot.store import BoardFilter, Mode, SqliteStore
from bot.store.database import Database, migration_scripts
from tests.leaderboard.conftest import GUILD, OTHER_GUILD, T0, attempt, record


def ranking(board) -> list[tuple[int, int]]:
    return [(entry.rank, entry.user_id) for entry in board.entries]


async def test_points_rank_first(store):
    await record(store, attempt(1, points=5), attempt(2, points=30), attempt(3, points=10), attempt(3, points=10))
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=1)
    assert ranking(board) == [(1, 2), (2, 3), (3, 1)]
    assert [(e.points, e.answers) for e in board.entries] == [(30, 1), (20, 2), (5, 1)]
    assert board.ranked == 3
    assert board.member is not None and board.member.rank == 3


async def test_equal_points_rank_by_accuracy_then_earlier_last_answer(store):
    await record(
        store,
        # 1: 20 points, 1 of 2 passed (50%)
        attempt(1, points=20, passed=True, at=T0),
        attempt(1, points=0, passed=False, at=T0 + timedelta(minutes=1)),
        # 2: 20 points, 1 of 1 passed (100%), last answer late
        attempt(2, points=20, passed=True, at=T0 + timedelta(hours=5)),
        # 3: 20 points, 100%, last answer earlier than 2: got there first
        attempt(3, points=20, passed=True, at=T0 + timedelta(hours=1)),
        # 4: same as 3 in every way, including the instant: the lower id is listed first
        attempt(4, points=20, passed=True, at=T0 + timedelta(hours=1)),
    )
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=4)
    assert ranking(board) == [(1, 3), (2, 4), (3, 2), (4, 1)]
    assert board.member is not None and board.member.rank == 2


async def test_accuracy_ties_compare_exact_ratios(store):
    # 1 of 3 and 2 of 6 are the same accuracy: the earlier last answer decides.
    answers = [
        attempt(1, points=p, passed=ok, at=T0 + timedelta(minutes=i))
        for i, (p, ok) in enumerate([(6, True), (0, False), (0, False)])
    ]
    answers += [
        attempt(2, points=3 if ok else 0, passed=ok, at=T0 - timedelta(days=1, minutes=-i))
        for i, ok in enumerate([True, True, False, False, False, False])
    ]
    await record(store, *answers)
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=1)
    assert [e.points for e in board.entries] == [6, 6]
    assert ranking(board) == [(1, 2), (2, 1)]
    grouped = await store.leaderboard.board(
        BoardFilter(GUILD, since=T0 - timedelta(days=30)), offset=0, limit=10, member_id=1
    )
    assert ranking(grouped) == ranking(board)


async def test_own_rank_when_not_on_the_page(store):
    await record(store, *(attempt(user, points=100 - user) for user in range(1, 26)))
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=23)
    assert [e.user_id for e in board.entries] == list(range(1, 11))
    assert board.member is not None and (board.member.rank, board.member.user_id, board.member.points) == (23, 23, 77)
    assert board.ranked == 25


async def test_member_without_answers_has_no_standing(store):
    await record(store, attempt(1))
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=99)
    assert board.member is None
    assert await store.leaderboard.standing(GUILD, 99) is None


async def test_pages_cover_everyone_once(store):
    await record(store, *(attempt(user, points=user % 7, passed=user % 2 == 0) for user in range(1, 24)))
    for board_filter in (BoardFilter(GUILD), BoardFilter(GUILD, since=T0 - timedelta(days=1))):
        seen = []
        for page in range(3):
            board = await store.leaderboard.board(board_filter, offset=page * 10, limit=10, member_id=1)
            seen += ranking(board)
        assert [rank for rank, _ in seen] == list(range(1, 24))
        assert sorted(user for _, user in seen) == list(range(1, 24))


async def test_hidden_members_are_neither_listed_nor_counted(store):
    await record(store, attempt(1, points=50), attempt(2, points=40), attempt(3, points=30))
    await store.privacy.set_hidden(GUILD, 1, True, T0)
    for board_filter in (BoardFilter(GUILD), BoardFilter(GUILD, since=T0 - timedelta(days=1))):
        board = await store.leaderboard.board(board_filter, offset=0, limit=10, member_id=3)
        assert ranking(board) == [(1, 2), (2, 3)]
        assert board.ranked == 2
        assert board.member is not None and board.member.rank == 2
        mine = await store.leaderboard.board(board_filter, offset=0, limit=10, member_id=1)
        assert mine.member is None
    assert await store.leaderboard.is_hidden(GUILD, 1)
    await store.privacy.set_hidden(GUILD, 1, False, T0)
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=1)
    assert ranking(board)[0] == (1, 1)


async def test_servers_do_not_mix(store):
    await record(store, attempt(1, points=5), attempt(2, points=500, guild_id=OTHER_GUILD))
    board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=2)
    assert ranking(board) == [(1, 1)]
    assert board.member is None


async def test_period_topic_and_mode_filters(store):
    await record(
        store,
        attempt(1, points=10, at=T0 - timedelta(days=10)),  # before the period
        attempt(1, points=1, at=T0 + timedelta(hours=1)),
        attempt(2, points=5, at=T0 + timedelta(hours=2), topic="templates"),
        attempt(3, points=7, at=T0 + timedelta(hours=3), mode=Mode.DAILY),
        attempt(3, points=2, at=T0 + timedelta(hours=3), mode=Mode.MOCK, topic="templates"),
    )
    board = store.leaderboard.board

    async def users(**kwargs) -> list[int]:
        found = await board(BoardFilter(GUILD, **kwargs), offset=0, limit=10, member_id=1)
        return [e.user_id for e in found.entries]

    assert await users() == [1, 3, 2]
    assert await users(since=T0) == [3, 2, 1]
    assert await users(topic="templates") == [2, 3]
    assert await users(mode=Mode.DAILY) == [3]
    assert await users(mode=Mode.INTERVIEW) == [1, 2]
    assert await users(topic="templates", mode=Mode.MOCK) == [3]
    assert await users(since=T0, topic="routing") == [3, 1]
    assert await users(since=T0, mode=Mode.INTERVIEW) == [2, 1]
    assert await users(since=T0 + timedelta(days=1)) == []


def reference_board(answers, hidden, board_filter):
    """The board by definition, in plain Python, to check both SQL paths against."""
    totals: dict[int, list] = {}
    for a in answers:
        if a.guild_id != board_filter.guild_id or a.user_id in hidden:
            continue
        if board_filter.since is not None and a.answered_at < board_filter.since:
            continue
        if board_filter.topic is not None and a.topic != board_filter.topic:
            continue
        if board_filter.mode is not None and a.mode != board_filter.mode:
            continue
        entry = totals.setdefault(a.user_id, [0, 0, 0, a.answered_at])
        entry[0] += a.points
        entry[1] += 1
        entry[2] += int(a.passed)
        entry[3] = max(entry[3], a.answered_at)
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1][0], -kv[1][2] / kv[1][1], kv[1][3], kv[0]))
    return [(user, points, count, passed) for user, (points, count, passed, _) in ordered]


@pytest.mark.parametrize("seed", [1, 2])
async def test_both_paths_match_the_definition(store, seed):
    rng = random.Random(seed)
    answers = [
        attempt(
            rng.randrange(1, 40),
            points=rng.choice([0, 0, 5, 10, 10, 20, 30]),
            passed=rng.random() < 0.6,
            at=T0 - timedelta(minutes=rng.randrange(60 * 24 * 40)),
            topic=rng.choice(["routing", "templates", "auth"]),
            mode=rng.choice(list(Mode)),
            guild_id=rng.choice([GUILD, GUILD, OTHER_GUILD]),
        )
        for _ in range(600)
    ]
    await record(store, *answers)
    hidden = {3, 7}
    for user in hidden:
        await store.privacy.set_hidden(GUILD, user, True, T0)
    filters = [
        BoardFilter(GUILD, since=since, topic=topic, mode=mode)
        for since in (None, T0 - timedelta(days=7), T0 - timedelta(days=1000))
        for topic in (None, "templates")
        for mode in (None, Mode.DAILY)
    ]
    for board_filter in filters:
        expected = reference_board(answers, hidden, board_filter)
        got = []
        for page in range(5):
            found = await store.leaderboard.board(board_filter, offset=page * 10, limit=10, member_id=5)
            got += [(e.user_id, e.points, e.answers, e.passed) for e in found.entries]
            assert found.ranked == len(expected), board_filter
        assert got == expected, board_filter
        mine = [index for index, row in enumerate(expected) if row[0] == 5]
        assert (found.member.rank if found.member else None) == (mine[0] + 1 if mine else None), board_filter


async def totals_rows(store: SqliteStore) -> list[tuple]:
    rows = await store.db.fetch_all(
        "SELECT guild_id, user_id, scope, points, answers, passed, last_at FROM board_totals ORDER BY 1, 2, 3"
    )
    return [tuple(row) for row in rows]


async def rebuilt_totals(store: SqliteStore) -> list[tuple]:
    rows = await store.db.fetch_all(
        "SELECT guild_id, user_id, '' AS scope, SUM(points), COUNT(*), SUM(passed), MAX(answered_at) FROM attempts"
        " GROUP BY guild_id, user_id"
        " UNION ALL SELECT guild_id, user_id, 'topic:' || topic, SUM(points), COUNT(*), SUM(passed), MAX(answered_at)"
        " FROM attempts GROUP BY guild_id, user_id, topic"
        " UNION ALL SELECT guild_id, user_id, 'mode:' || mode, SUM(points), COUNT(*), SUM(passed), MAX(answered_at)"
        " FROM attempts GROUP BY guild_id, user_id, mode"
        " UNION ALL SELECT guild_id, user_id, 'topic+mode:' || topic || ':' || mode, SUM(points), COUNT(*),"
        " SUM(passed), MAX(answered_at) FROM attempts GROUP BY guild_id, user_id, topic, mode ORDER BY 1, 2, 3"
    )
    return [tuple(row) for row in rows]


async def test_totals_follow_deletes_and_rewrites_of_answers(store):
    rng = random.Random(5)
    await record(
        store,
        *(
            attempt(
                rng.randrange(1, 6),
                points=rng.randrange(0, 30),
                passed=rng.random() < 0.5,
                at=T0 + timedelta(minutes=rng.randrange(5000)),
                topic=rng.choice(["routing", "auth"]),
                mode=rng.choice(list(Mode)),
            )
            for _ in range(120)
        ),
    )
    assert await totals_rows(store) == await rebuilt_totals(store)

    def _write1(tx):
        # The latest answer of a member (its time must be looked up again), then others.
        tx.execute("DELETE FROM attempts WHERE id = (SELECT id FROM attempts ORDER BY answered_at DESC LIMIT 1)")
        tx.execute("DELETE FROM attempts WHERE id % 7 = 0")
        tx.execute("UPDATE attempts SET points = points + 3, topic = 'auth' WHERE id % 5 = 0")
        tx.execute("UPDATE attempts SET user_id = 9, answered_at = answered_at - 1000 WHERE id % 11 = 0")
        tx.execute("DELETE FROM attempts WHERE user_id = 2")

    await store.db.write(_write1)
    assert await totals_rows(store) == await rebuilt_totals(store)
    assert not [row for row in await totals_rows(store) if row[1] == 2]


async def test_upgrade_backfills_totals_from_existing_answers(tmp_path):
    path = tmp_path / "old.sqlite3"
    first = migration_scripts()[0]
    with sqlite3.connect(path) as connection:  # a database as release 0001 left it, with answers
        connection.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        connection.executescript(first[2])
        connection.execute("INSERT INTO schema_migrations VALUES (1, ?, 'then')", (first[1],))
        connection.executemany(
            "INSERT INTO attempts (guild_id, user_id, question_id, topic, difficulty, mode, score, passed, points,"
            " answered_at) VALUES (?, ?, 'q', ?, 'easy', ?, 1, ?, ?, ?)",
            [
                (GUILD, 1, "routing", "daily", 1, 10, 1000),
                (GUILD, 1, "auth", "interview", 0, 2, 5000),
                (GUILD, 2, "auth", "mock", 1, 4, 3000),
            ],
        )
    database = await Database.open(path)
    store = SqliteStore(database)
    try:
        assert await totals_rows(store) == await rebuilt_totals(store)
        board = await store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=2)
        assert [(e.user_id, e.points) for e in board.entries] == [(1, 12), (2, 4)]
    finally:
        await store.close()


async def test_board_queries_use_the_indexes(store):
    """The plans the bench relies on: no table lookups, no sort on the all-time board."""
    from bot.store import leaderboard as queries

    params = {
        "guild": GUILD,
        "scope": "",
        "limit": 10,
        "offset": 0,
        "member": 1,
        "since": 0,
        "mode": None,
        "topic": "x",
    }
    plan = " | ".join(row[3] for row in await store.db.fetch_all("EXPLAIN QUERY PLAN " + queries._TOTALS_PAGE, params))
    assert "board_totals_order" in plan and "TEMP B-TREE" not in plan
    for sql, index in (
        (queries._GROUPED_BY_TIME, "attempts_board"),
        (queries._GROUPED_BY_TOPIC, "attempts_board_topic"),
    ):
        plan = " | ".join(row[3] for row in await store.db.fetch_all("EXPLAIN QUERY PLAN " + sql, params))
        assert f"COVERING INDEX {index} " in plan
