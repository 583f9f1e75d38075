"""databases-sqlite-shared-connection: a connection opened at import fails in the request threads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "databases-sqlite-shared-connection"

PREAMBLE = """
import sqlite3
from flask import Flask, g
"""
FIX = (
    """db = sqlite3.connect("app.db")

@app.get("/notes")
def notes():
    rows = db.execute(""",
    """def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("app.db")
    return g.db

@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()

@app.get("/notes")
def notes():
    rows = get_db().execute(""",
)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The snippet opens "app.db" relative to the working directory.
    monkeypatch.chdir(tmp_path)
    setup = sqlite3.connect(tmp_path / "app.db")
    with setup:
        setup.execute("CREATE TABLE note (body TEXT)")
        setup.execute("INSERT INTO note VALUES ('hello')")
    setup.close()
    return tmp_path


def get_in_worker_thread(app) -> tuple[int, object]:
    """Serve one request from a thread other than the importing one, as a threaded server does."""
    result = {}

    def worker() -> None:
        try:
            response = app.test_client().get("/notes")
        except Exception as error:  # only with app.testing, which re-raises the view's error
            result["status"], result["body"] = 500, error
            return
        result["status"] = response.status_code
        result["body"] = response.get_json(silent=True)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=10)
    return result["status"], result["body"]


def test_the_bug_is_real(in_tmp: Path) -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, root=in_tmp).app
    # Tried once from the thread that imported the module, it works...
    assert app.test_client().get("/notes").get_json() == ["hello"]
    # ...but a request served by another thread hits sqlite3's same-thread check.
    status, _ = get_in_worker_thread(app)
    assert status == 500
    app.testing = True
    _, error = get_in_worker_thread(app)
    assert isinstance(error, sqlite3.ProgrammingError)
    assert "same thread" in str(error)


def test_the_fix_works(in_tmp: Path) -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX, root=in_tmp).app
    assert app.test_client().get("/notes").get_json() == ["hello"]
    assert get_in_worker_thread(app) == (200, ["hello"])
