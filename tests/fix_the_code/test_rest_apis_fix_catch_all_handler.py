"""rest-apis-fix-catch-all-handler: errorhandler(Exception) turns every 404 and 405 into a 500."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "rest-apis-fix-catch-all-handler"

# The prompt leaves out the imports and the data; a crashing view shows real 500s still work.
PREAMBLE = """
import json
from flask import Flask, abort
from werkzeug.exceptions import HTTPException

app = Flask(__name__)
BOOKS = {1: {"id": 1, "title": "Dune"}}

@app.get("/api/crash")
def crash():
    raise RuntimeError("database password is hunter2")
"""
FIX = (
    """@app.errorhandler(Exception)
def handle_error(e):
""",
    """@app.errorhandler(HTTPException)
def handle_http_error(e):
    response = e.get_response()
    response.data = json.dumps({"error": e.name, "message": e.description})
    response.content_type = "application/json"
    return response

@app.errorhandler(Exception)
def handle_error(e):
""",
)


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    for response in (client.get("/api/books/999"), client.get("/nowhere"), client.post("/api/books/1")):
        assert response.status_code == 500
        assert response.get_json()["error"] == "internal_error"
    assert "Allow" not in client.post("/api/books/1").headers


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    missing = client.get("/api/books/999")
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "Not Found"
    assert client.get("/nowhere").status_code == 404
    wrong_method = client.post("/api/books/1")
    assert wrong_method.status_code == 405
    assert wrong_method.content_type == "application/json"
    assert "GET" in wrong_method.headers["Allow"]
    crash = client.get("/api/crash")
    assert crash.status_code == 500
    assert crash.get_json() == {"error": "internal_error", "message": "Something went wrong"}
    assert client.get("/api/books/1").get_json() == {"id": 1, "title": "Dune"}
