"""`interview-bot disputes export`: JSON Lines on stdout or in a file, one line when it can't."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.cli import main
from bot.clock import FakeClock
from bot.disputes import DisputeService
from bot.store import SqliteStore
from tests.leaderboard.conftest import T0, attempt
from tests.test_cli import run_cli

ANSWER = "The converter turns it into an int before the view runs."


async def flagged_database(path, bank) -> None:
    """A database with two flags of one member, a minute apart."""
    store = await SqliteStore.open(path)
    try:
        clock = FakeClock(T0 + timedelta(minutes=1))
        service = DisputeService(store.disputes, bank, clock)
        for reason in ("Said it in other words.", "Second flag"):
            attempt_id = await store.attempts.record_attempt(attempt(1, score=0.4, passed=False))
            await service.flag(attempt_id, 1, answer=ANSWER, reason=reason, consented=True)
            clock.advance(minutes=1)
    finally:
        await store.close()


async def test_export_writes_json_lines_to_stdout(tmp_path, monkeypatch, capsys, shipped_bank):
    database = tmp_path / "bot.sqlite3"
    await flagged_database(database, shipped_bank)
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.chdir(tmp_path)
    assert main(["disputes", "export"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {
            "question": "routing-variable-rules",
            "answer": ANSWER,
            "score": 0.4,
            "passed": False,
            "reason": "Said it in other words.",
            "member_grade": None,
            "flagged_at": "2026-01-05T09:01:00+00:00",
        },
        {
            "question": "routing-variable-rules",
            "answer": ANSWER,
            "score": 0.4,
            "passed": False,
            "reason": "Second flag",
            "member_grade": None,
            "flagged_at": "2026-01-05T09:02:00+00:00",
        },
    ]


async def test_export_to_a_file_says_how_many(tmp_path, monkeypatch, capsys, shipped_bank):
    database = tmp_path / "bot.sqlite3"
    await flagged_database(database, shipped_bank)
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.chdir(tmp_path)
    assert main(["disputes", "export", "--output", str(tmp_path / "flags.jsonl")]) == 0
    assert capsys.readouterr().out == f"Wrote 2 flagged grades to {tmp_path / 'flags.jsonl'}\n"
    assert [json.loads(line)["reason"] for line in (tmp_path / "flags.jsonl").read_text().splitlines()] == [
        "Said it in other words.",
        "Second flag",
    ]


async def test_an_unwritable_output_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys, shipped_bank):
    database = tmp_path / "bot.sqlite3"
    await flagged_database(database, shipped_bank)
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "no-such-folder" / "flags.jsonl"
    assert main(["disputes", "export", "--output", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"interview-bot: cannot write {target}: No such file or directory\n"


def test_a_missing_database_is_one_line_exit_1_and_creates_nothing(tmp_path):
    missing = tmp_path / "nowhere.sqlite3"
    result = run_cli("disputes", "export", env={"DATABASE_PATH": str(missing)}, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"interview-bot: no database at {missing}; set DATABASE_PATH to the bot's database file\n")
    assert not missing.exists()


def test_a_database_the_bot_has_not_upgraded_is_named(tmp_path):
    import sqlite3

    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as connection:
        connection.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY)")
    result = run_cli("disputes", "export", env={"DATABASE_PATH": str(old)}, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"interview-bot: {old} has no flagged grades table yet; start the bot once so it upgrades the database"
    ]
