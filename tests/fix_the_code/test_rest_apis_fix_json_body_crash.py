"""rest-apis-fix-json-body-crash: get_json(silent=True) gives None and the view crashes with 500."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "rest-apis-fix-json-body-crash"

PREAMBLE = """
from flask import Flask, request

app = Flask(__name__)
BOOKS = [{"title": "Flask Web Development"}, {"title": "Dune"}]
"""
FIX = (
    """    data = request.get_json(silent=True)
""",
    """    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("q"), str):
        return {"error": "body must be a JSON object with a string 'q'"}, 400
""",
)
BAD_BODIES = [
    {"data": {"q": "flask"}},  # a form post
    {"data": "q=flask", "content_type": "text/plain"},
    {"json": ["flask"]},
    {"json": {"query": "flask"}},
    {"json": {"q": 3}},
]


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    client = app.test_client()
    for body in BAD_BODIES:
        assert client.post("/api/search", **body).status_code == 500, body


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    for body in BAD_BODIES:
        response = client.post("/api/search", **body)
        assert response.status_code == 400, body
        assert "error" in response.get_json()
    found = client.post("/api/search", json={"q": " Flask "})
    assert found.status_code == 200
    assert found.get_json() == {"q": "flask", "results": [{"title": "Flask Web Development"}]}
