"""app-and-request-lifecycle-fix-module-level-list: a module-level list leaks errors between users."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "app-and-request-lifecycle-fix-module-level-list"

PREAMBLE = """
from flask import Flask, request

app = Flask(__name__)
"""
FIX = (
    """errors = []

def validate(form):
""",
    """def validate(form):
    errors = []
""",
)
BAD = {"email": "not-an-email", "password": "short"}
GOOD = {"email": "ada@example.com", "password": "correct horse"}
BAD_ERRORS = ["a valid email is required", "password must be at least 8 characters"]


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    assert client.post("/signup", data=BAD).status_code == 400
    leaked = client.post("/signup", data=GOOD)
    assert leaked.status_code == 400
    assert leaked.get_json() == {"errors": BAD_ERRORS}
    assert len(client.post("/signup", data=BAD).get_json()["errors"]) == 4


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    assert client.post("/signup", data=BAD).get_json() == {"errors": BAD_ERRORS}
    good = client.post("/signup", data=GOOD)
    assert good.status_code == 201
    assert good.get_json() == {"ok": True}
    assert client.post("/signup", data=BAD).get_json() == {"errors": BAD_ERRORS}
