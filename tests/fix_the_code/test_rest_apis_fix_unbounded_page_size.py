"""rest-apis-fix-unbounded-page-size: per_page has no cap and ?page=abc crashes with 500."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "rest-apis-fix-unbounded-page-size"

# A 250-row table: more than the cap of 100, so an uncapped page shows every row.
PREAMBLE = """
import sqlite3
from flask import Flask, request

app = Flask(__name__)
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.row_factory = sqlite3.Row
_db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
_db.executemany("INSERT INTO item (name) VALUES (?)", [(f"item {n}",) for n in range(1, 251)])

def get_db():
    return _db
"""
FIX = (
    """    page = int(request.args.get("page", 1))
    per_page = int(request.args.get("per_page", 20))""",
    """    page = max(request.args.get("page", 1, type=int), 1)
    per_page = min(max(request.args.get("per_page", 20, type=int), 1), 100)""",
)


def items(client, **args) -> list[dict]:
    response = client.get("/api/items", query_string=args)
    assert response.status_code == 200, args
    return response.get_json()["items"]


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    assert len(items(client, per_page=1_000_000)) == 250
    assert len(items(client, per_page=-1)) == 250
    assert client.get("/api/items", query_string={"page": "abc"}).status_code == 500


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    assert len(items(client, per_page=1_000_000)) == 100
    assert len(items(client, per_page=-1)) == 1
    assert [row["id"] for row in items(client, page="abc")] == list(range(1, 21))
    assert [row["id"] for row in items(client, page=2)] == list(range(21, 41))
    assert [row["id"] for row in items(client, page=3, per_page=50)] == list(range(101, 151))
