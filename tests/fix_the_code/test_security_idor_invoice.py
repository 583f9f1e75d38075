"""security-idor-invoice: login_required alone lets any user read another user's invoice by id."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "security-idor-invoice"

# The prompt leaves out the app, the tutorial-style login_required and get_db().
PREAMBLE = """
import functools
import sqlite3
from flask import Flask, abort, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "test"
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.row_factory = sqlite3.Row
_db.executescript(
    "CREATE TABLE invoice (id INTEGER PRIMARY KEY, user_id INTEGER, total INTEGER);"
    "INSERT INTO invoice (user_id, total) VALUES (1, 100), (2, 999);"
)

def get_db():
    return _db

def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if "user_id" not in session:
            return {"error": "login required"}, 401
        return view(**kwargs)
    return wrapped
"""
FIX = (
    """"SELECT id, user_id, total FROM invoice WHERE id = ?", (invoice_id,)""",
    """"SELECT id, user_id, total FROM invoice WHERE id = ? AND user_id = ?",
        (invoice_id, session["user_id"]),""",
)


def client_of(app, user_id: int):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = user_id
    return client


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    response = client_of(app, 1).get("/invoices/2")
    assert response.status_code == 200
    assert response.get_json() == {"id": 2, "user_id": 2, "total": 999}


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    alice = client_of(app, 1)
    assert alice.get("/invoices/2").status_code == 404
    assert alice.get("/invoices/3").status_code == 404
    assert alice.get("/invoices/1").get_json() == {"id": 1, "user_id": 1, "total": 100}
    assert app.test_client().get("/invoices/1").status_code == 401
