"""databases-like-wildcards: % and _ from the query string act as LIKE wildcards until escaped."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "databases-like-wildcards"

PREAMBLE = """
import sqlite3
from flask import Flask, request

app = Flask(__name__)
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.execute("CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
_db.executemany(
    "INSERT INTO product (name) VALUES (?)",
    [("100% cotton shirt",), ("1000 piece puzzle",), ("blue mug",), ("red_pen",), ("redXpen",)],
)
_db.commit()

def get_db():
    return _db
"""
FIX = (
    """    q = request.args.get("q", "")
    rows = get_db().execute(
        "SELECT name FROM product WHERE name LIKE ? ORDER BY name",
        (f"%{q}%",),""",
    """    q = request.args.get("q", "")
    pattern = q.replace("\\\\", "\\\\\\\\").replace("%", "\\\\%").replace("_", "\\\\_")
    rows = get_db().execute(
        "SELECT name FROM product WHERE name LIKE ? ESCAPE '\\\\' ORDER BY name",
        (f"%{pattern}%",),""",
)
EVERYTHING = ["100% cotton shirt", "1000 piece puzzle", "blue mug", "redXpen", "red_pen"]


def search(app, q: str) -> list[str]:
    return app.test_client().get("/search", query_string={"q": q}).get_json()


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    assert sorted(search(app, "%")) == sorted(EVERYTHING)
    assert sorted(search(app, "_")) == sorted(EVERYTHING)
    assert sorted(search(app, "d_p")) == ["redXpen", "red_pen"]


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    assert search(app, "%") == ["100% cotton shirt"]
    assert search(app, "_") == ["red_pen"]
    assert search(app, "d_p") == ["red_pen"]
    assert search(app, "\\\\") == []
    assert search(app, "mug") == ["blue mug"]
    assert sorted(search(app, "100")) == ["100% cotton shirt", "1000 piece puzzle"]
