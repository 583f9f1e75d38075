"""Every expected failure of every command ends as one line naming what was wrong, never a traceback."""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import InterviewService
from bot.store import SqliteStore
from bot.store.database import migration_scripts
from tests.conftest import SAMPLE_BANK
from tests.test_cli import run_cli

TOKEN = "MTA" + "x" * 21 + ".Gabcde." + "y" * 30


def one_line(result) -> str:
    assert result.returncode not in (0, None), result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("interview-bot: ")
    return lines[0]


def corrupt(path: Path) -> Path:
    path.write_text("this was never an SQLite database\n" * 200)
    return path


@pytest.mark.parametrize(
    ("args", "database", "expected"),
    [
        (["practice"], "/", "DATABASE_PATH points at a folder (/)"),
        (["practice"], "/proc/nope/x", "/proc/nope/x has a folder that does not exist and cannot be created"),
        (["practice", "--stop"], "/etc/hostname/x.sqlite3", "goes through a file as if it were a folder"),
        (["practice"], "CORRUPT", "is not a usable SQLite database"),
        (["run"], "/proc/nope/x", "/proc/nope/x has a folder that does not exist"),
        (["sync"], "CORRUPT", "is not a usable SQLite database"),
        (["db", "backup", "copy.sqlite3"], "/proc/nope/x", "no database at /proc/nope/x"),
        (["db", "backup", "copy.sqlite3"], "CORRUPT", "is not a usable SQLite database"),
        (["db", "restore", "missing.sqlite3"], "live.sqlite3", "no backup at missing.sqlite3"),
    ],
)
def test_database_failures_are_one_line(tmp_path, args, database, expected):
    if database == "CORRUPT":
        database = str(corrupt(tmp_path / "bot.sqlite3"))
    # A well-formed token: `run` must fail on the database before it tries to reach Discord.
    result = run_cli(
        *args, env={"DATABASE_PATH": database, "DISCORD_TOKEN": TOKEN, "CONTENT_DIR": str(SAMPLE_BANK)}, cwd=tmp_path
    )
    assert expected in one_line(result)
    assert result.returncode == 1


def test_backup_from_another_folder_refuses_and_creates_no_database(tmp_path):
    result = run_cli("db", "backup", str(tmp_path / "copy.sqlite3"), cwd=tmp_path)
    assert one_line(result).startswith("interview-bot: no database at data/interview-bot.sqlite3")
    assert list(tmp_path.iterdir()) == []  # neither an empty database nor a copy of one


def test_backup_into_a_path_through_a_file_is_one_line(tmp_path):
    live = tmp_path / "bot.sqlite3"
    assert run_cli("practice", "--stop", env={"DATABASE_PATH": str(live)}, cwd=tmp_path).returncode == 0
    (tmp_path / "afile").write_text("x")
    result = run_cli("db", "backup", str(tmp_path / "afile" / "copy.sqlite3"), env={"DATABASE_PATH": str(live)})
    assert "goes through a file as if it were a folder" in one_line(result)


def test_db_backup_and_restore_through_the_cli(tmp_path, monkeypatch, capsys):
    live = tmp_path / "live.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(live))
    monkeypatch.chdir(tmp_path)
    assert main(["practice", "--stop"]) == 0  # creates the database, as a first practice run would
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["db", "backup", str(folder)]) == 0
    (copy,) = folder.iterdir()
    assert capsys.readouterr().out.strip().endswith(f"Backed up {live} to {copy}")
    assert main(["db", "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert (
        "Saved the previous database as" in out
        and f"Restored {live} from {copy} (schema version {len(migration_scripts())})." in out
    )


def _locked_database(path: Path) -> sqlite3.Connection:
    # A rollback-journal database held with an exclusive lock, as a long write elsewhere would.
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES (1)")
    return holder


def test_a_locked_database_is_one_line(tmp_path, monkeypatch, capsys):
    import bot.store.database

    monkeypatch.setattr(bot.store.database, "BUSY_TIMEOUT_MS", 50)  # not 5 s in a test
    path = tmp_path / "locked.sqlite3"
    holder = _locked_database(path)
    monkeypatch.setenv("DATABASE_PATH", str(path))
    try:
        code = main(["practice", "--bank", str(SAMPLE_BANK)])
    finally:
        holder.close()
    assert code == 1
    assert (
        capsys.readouterr().err
        == f"interview-bot: the database {path} is locked by another program; stop it (or wait for it) and try again\n"
    )


def test_a_full_disk_at_start_is_one_line(tmp_path, monkeypatch, capsys):
    async def full(path):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteStore, "open", full)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    assert main(["practice", "--bank", str(SAMPLE_BANK)]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"interview-bot: the database {tmp_path / 'bot.sqlite3'} cannot grow: the disk is full; free some space and try again\n"
    )


def test_a_full_disk_while_recording_an_answer_is_one_line(tmp_path, monkeypatch, capsys):
    async def full(self, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(InterviewService, "answer", full)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("An answer.\n.\n"))
    assert main(["practice", "--bank", str(SAMPLE_BANK), "--topic", "templates", "--difficulty", "medium"]) == 1
    assert capsys.readouterr().err.endswith("cannot grow: the disk is full; free some space and try again\n")


def test_a_missing_bank_folder_names_it(tmp_path):
    result = run_cli("validate", str(tmp_path / "nope"))
    assert result.returncode == 1 and "nope:0: no such folder" in result.stdout
    topics = run_cli("topics", "--bank", str(tmp_path / "nope"))
    assert topics.returncode == 1 and "Traceback" not in topics.stderr
    assert f"{tmp_path / 'nope'}:0: no such folder" in topics.stderr
