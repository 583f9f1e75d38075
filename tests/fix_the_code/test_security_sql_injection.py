"""security-sql-injection: an f-string query lets ?name= rewrite the WHERE clause."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "security-sql-injection"

# The prompt leaves out the app and its get_db(); a two-user table is enough to see a leak.
PREAMBLE = """
import sqlite3
from flask import Flask, request

app = Flask(__name__)
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.row_factory = sqlite3.Row
_db.executescript(
    "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT, email TEXT);"
    "INSERT INTO user (name, email) VALUES ('ada', 'ada@example.com'), ('bob', 'bob@example.com');"
)

def get_db():
    return _db
"""
INJECTION = "' OR '1'='1"
FIX = (
    """    sql = f"SELECT id, email FROM user WHERE name = '{name}'"
    rows = get_db().execute(sql).fetchall()""",
    """    rows = get_db().execute("SELECT id, email FROM user WHERE name = ?", (name,)).fetchall()""",
)


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    leaked = app.test_client().get("/users", query_string={"name": INJECTION}).get_json()
    assert {row["email"] for row in leaked} == {"ada@example.com", "bob@example.com"}


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    assert client.get("/users", query_string={"name": INJECTION}).get_json() == []
    assert client.get("/users", query_string={"name": "ada"}).get_json() == [{"id": 1, "email": "ada@example.com"}]
