"""databases-transaction-left-open: a failed transfer leaves its credit pending on a reused connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.fix_the_code.snippets import run_question

QUESTION = "databases-transaction-left-open"

# get_db() hands out one long-lived connection, as a small pool would; the database is a
# file so a separate connection can read what was really committed.
PREAMBLE = """
import sqlite3
from flask import Flask, request

app = Flask(__name__)
_pooled = None

def get_db():
    global _pooled
    if _pooled is None:
        _pooled = sqlite3.connect(app.config["DATABASE"], check_same_thread=False)
    return _pooled
"""
FIX = (
    """    db.execute("UPDATE account SET balance = balance + ? WHERE id = ?",
               (data["amount"], data["to"]))
    db.execute("UPDATE account SET balance = balance - ? WHERE id = ?",
               (data["amount"], data["from"]))
    db.commit()
""",
    """    try:
        with db:  # commits on success, rolls back on any exception
            db.execute("UPDATE account SET balance = balance + ? WHERE id = ?",
                       (data["amount"], data["to"]))
            db.execute("UPDATE account SET balance = balance - ? WHERE id = ?",
                       (data["amount"], data["from"]))
    except sqlite3.IntegrityError:
        return {"error": "insufficient funds"}, 409
""",
)


def make_app(tmp_path: Path, **kw):
    database = tmp_path / "bank.db"
    setup = sqlite3.connect(database)
    with setup:
        setup.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))")
        setup.execute("INSERT INTO account (id, balance) VALUES (1, 100), (2, 0)")
    setup.close()
    app = run_question(QUESTION, preamble=PREAMBLE, **kw).app
    app.config["DATABASE"] = str(database)
    return app, database


def committed_balances(database: Path) -> dict[int, int]:
    check = sqlite3.connect(database)
    try:
        return dict(check.execute("SELECT id, balance FROM account"))
    finally:
        check.close()


def test_the_bug_is_real(tmp_path: Path) -> None:
    app, database = make_app(tmp_path)
    client = app.test_client()
    assert client.post("/transfer", json={"from": 1, "to": 2, "amount": 500}).status_code == 500
    assert client.post("/transfer", json={"from": 1, "to": 2, "amount": 10}).status_code == 200
    # The overdraft's credit rode along with the next commit: 500 appeared from nowhere.
    assert committed_balances(database) == {1: 90, 2: 510}


def test_the_fix_works(tmp_path: Path) -> None:
    app, database = make_app(tmp_path, replace=FIX)
    client = app.test_client()
    overdraft = client.post("/transfer", json={"from": 1, "to": 2, "amount": 500})
    assert overdraft.status_code == 409
    assert committed_balances(database) == {1: 100, 2: 0}
    assert client.post("/transfer", json={"from": 1, "to": 2, "amount": 10}).get_json() == {"ok": True}
    assert committed_balances(database) == {1: 90, 2: 10}
