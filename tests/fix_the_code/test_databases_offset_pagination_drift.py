"""databases-offset-pagination-drift: a post inserted between pages repeats an item with OFFSET."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "databases-offset-pagination-drift"

PREAMBLE = """
import sqlite3
from flask import Flask, request

app = Flask(__name__)
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.row_factory = sqlite3.Row
_db.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
_db.executemany("INSERT INTO post (id, body) VALUES (?, ?)", [(i, f"post {i}") for i in range(1, 11)])
_db.commit()

def get_db():
    return _db

def publish(post_id):
    _db.execute("INSERT INTO post (id, body) VALUES (?, ?)", (post_id, f"post {post_id}"))
    _db.commit()
"""
FIX = (
    """    page = request.args.get("page", 1, type=int)
    rows = get_db().execute(
        "SELECT id, body FROM post ORDER BY id DESC LIMIT ? OFFSET ?",
        (PER_PAGE, (page - 1) * PER_PAGE),""",
    """    before = request.args.get("before", 2**63 - 1, type=int)
    rows = get_db().execute(
        "SELECT id, body FROM post WHERE id < ? ORDER BY id DESC LIMIT ?",
        (before, PER_PAGE),""",
)


def ids(client, **args) -> list[int]:
    return [post["id"] for post in client.get("/feed", query_string=args).get_json()]


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    first = ids(client, page=1)
    assert first == [10, 9, 8]
    module.publish(11)  # someone posts while the user reads page 1
    second = ids(client, page=2)
    assert second == [8, 7, 6]
    assert set(first) & set(second) == {8}  # post 8 is shown twice


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = module.app.test_client()
    first = ids(client)
    assert first == [10, 9, 8]
    module.publish(11)
    second = ids(client, before=first[-1])
    assert second == [7, 6, 5]
    third = ids(client, before=second[-1])
    assert third == [4, 3, 2]
    assert ids(client, before=third[-1]) == [1]
    assert ids(client) == [11, 10, 9]  # a fresh start sees the new post
