"""app-and-request-lifecycle-fix-after-request-none: an after_request hook returns None off the API."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "app-and-request-lifecycle-fix-after-request-none"

# The prompt leaves out the app and its views; one page and one API endpoint are enough.
PREAMBLE = """
from flask import Flask, request

app = Flask(__name__)

@app.get("/")
def home():
    return "<h1>Home</h1>"

@app.get("/api/status")
def status():
    return {"ok": True}
"""
FIX = (
    """        response.headers["Cache-Control"] = "no-store"
        return response""",
    """        response.headers["Cache-Control"] = "no-store"
    return response""",
)


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    api = client.get("/api/status")
    assert api.status_code == 200
    assert api.headers["Cache-Control"] == "no-store"
    with pytest.raises(TypeError, match="'NoneType' object is not callable"):
        client.get("/")


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" not in page.headers
    api = client.get("/api/status")
    assert api.status_code == 200
    assert api.headers["Cache-Control"] == "no-store"
    assert api.headers["X-Content-Type-Options"] == "nosniff"
