"""databases-missing-commit: an INSERT without commit() is rolled back when teardown closes the connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.fix_the_code.snippets import run_question

QUESTION = "databases-missing-commit"

# The prompt leaves out the imports and the app; the database is a real file so a second
# connection can see what was committed.
PREAMBLE = """
import sqlite3
from flask import Flask, g, request

app = Flask(__name__)
"""
FIX = (
    '    return {"saved": True}, 201',
    '    db.commit()\n    return {"saved": True}, 201',
)


def make_app(tmp_path: Path, **kw):
    database = tmp_path / "notes.db"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    setup.close()
    app = run_question(QUESTION, preamble=PREAMBLE, **kw).app
    app.config["DATABASE"] = str(database)
    return app, database


def saved_notes(database: Path) -> list[str]:
    check = sqlite3.connect(database)
    try:
        return [row[0] for row in check.execute("SELECT body FROM note ORDER BY id")]
    finally:
        check.close()


def test_the_bug_is_real(tmp_path: Path) -> None:
    app, database = make_app(tmp_path)
    response = app.test_client().post("/notes", data={"body": "buy milk"})
    assert response.status_code == 201
    assert saved_notes(database) == []


def test_the_fix_works(tmp_path: Path) -> None:
    app, database = make_app(tmp_path, replace=FIX)
    client = app.test_client()
    assert client.post("/notes", data={"body": "buy milk"}).status_code == 201
    assert client.post("/notes", data={"body": "call bob"}).status_code == 201
    assert saved_notes(database) == ["buy milk", "call bob"]
