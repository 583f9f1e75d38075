"""testing-fix-hardcoded-db-path: the view ignores DATABASE and writes into the developer's file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "testing-fix-hardcoded-db-path"

PREAMBLE = """
import sqlite3
from flask import Flask, current_app, request

def init_db(app):
    db = sqlite3.connect(app.config["DATABASE"])
    db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    db.commit()
    db.close()
"""
FIX = ('db = sqlite3.connect("notes.db")', 'db = sqlite3.connect(current_app.config["DATABASE"])')


def rows(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [body for (body,) in db.execute("SELECT body FROM note")]
    finally:
        db.close()


@pytest.fixture
def developer_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding the developer's own notes.db, table and all."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    db = sqlite3.connect(checkout / "notes.db")
    db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    db.commit()
    db.close()
    monkeypatch.chdir(checkout)
    return checkout


def test_the_bug_is_real(developer_checkout: Path, tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    test_dir = tmp_path / "pytest-tmp"
    test_dir.mkdir()
    module.test_add_note(test_dir)  # passes
    assert rows(developer_checkout / "notes.db") == ["hi"]
    assert rows(test_dir / "test.db") == []


def test_the_fix_works(developer_checkout: Path, tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    test_dir = tmp_path / "pytest-tmp"
    test_dir.mkdir()
    module.test_add_note(test_dir)
    assert rows(developer_checkout / "notes.db") == []
    assert rows(test_dir / "test.db") == ["hi"]
