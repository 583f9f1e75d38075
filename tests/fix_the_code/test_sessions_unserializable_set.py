"""sessions-unserializable-set: a set in the cookie session fails when the session is saved."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "sessions-unserializable-set"

PREAMBLE = """
from flask import Flask, session

app = Flask(__name__)
app.secret_key = "test-secret"
"""
FIX = (
    """    recent = session.get("recent", set())
    recent.add(product_id)
    session["recent"] = recent
""",
    """    recent = [p for p in session.get("recent", []) if p != product_id]
    recent.append(product_id)
    session["recent"] = recent[-10:]
""",
)


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    response = app.test_client().get("/products/1")
    assert response.status_code == 500
    assert "Set-Cookie" not in response.headers


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    assert client.get("/products/1").get_json() == {"id": 1, "recent": [1]}
    assert client.get("/products/2").get_json() == {"id": 2, "recent": [1, 2]}
    assert client.get("/products/1").status_code == 200
    with client.session_transaction() as saved:
        assert saved["recent"] == [2, 1]
