"""databases-n-plus-one-sqlite: one author query per post; a JOIN makes it one query."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "databases-n-plus-one-sqlite"

# The prompt leaves out the app and get_db(); the connection logs every statement it runs.
PREAMBLE = """
import sqlite3
from flask import Flask

app = Flask(__name__)
statements = []
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.row_factory = sqlite3.Row
_db.executescript(
    "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author_id INTEGER NOT NULL);"
)
_db.executemany("INSERT INTO user (id, name) VALUES (?, ?)", [(1, "ada"), (2, "bob")])
_db.executemany(
    "INSERT INTO post (title, author_id) VALUES (?, ?)",
    [(f"post {i}", 1 + i % 2) for i in range(50)],
)
_db.commit()
_db.set_trace_callback(statements.append)

def get_db():
    return _db
"""
FIX = (
    """    posts = db.execute("SELECT id, title, author_id FROM post ORDER BY id").fetchall()
    result = []
    for post in posts:
        author = db.execute(
            "SELECT name FROM user WHERE id = ?", (post["author_id"],)
        ).fetchone()
        result.append({"title": post["title"], "author": author["name"]})
    return result""",
    """    rows = db.execute(
        "SELECT post.title, user.name AS author FROM post"
        " JOIN user ON user.id = post.author_id ORDER BY post.id"
    ).fetchall()
    return [dict(r) for r in rows]""",
)
EXPECTED = [{"title": f"post {i}", "author": "ada" if i % 2 == 0 else "bob"} for i in range(50)]


def fetch(module) -> tuple[list, int]:
    module.statements.clear()
    body = module.app.test_client().get("/posts").get_json()
    return body, len(module.statements)


def test_the_bug_is_real() -> None:
    body, queries = fetch(run_question(QUESTION, preamble=PREAMBLE))
    assert body == EXPECTED
    assert queries == 51  # one for the posts, one per post


def test_the_fix_works() -> None:
    body, queries = fetch(run_question(QUESTION, preamble=PREAMBLE, replace=FIX))
    assert body == EXPECTED
    assert queries == 1
