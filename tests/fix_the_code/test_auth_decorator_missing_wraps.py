"""auth-decorator-missing-wraps: without functools.wraps both views register as endpoint 'wrapper'."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "auth-decorator-missing-wraps"

PREAMBLE = """
import functools
from flask import Flask, abort, session

app = Flask(__name__)
app.secret_key = "test"
"""
FIX = (
    "def login_required(view):\n    def wrapper(",
    "def login_required(view):\n    @functools.wraps(view)\n    def wrapper(",
)


def test_the_bug_is_real() -> None:
    with pytest.raises(AssertionError, match="overwriting an existing endpoint function: wrapper"):
        run_question(QUESTION, preamble=PREAMBLE)


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    assert {"profile", "billing"} <= set(app.view_functions)
    assert "wrapper" not in app.view_functions
    client = app.test_client()
    assert client.get("/profile").status_code == 401
    with client.session_transaction() as sess:
        sess["user_id"] = 1
    assert client.get("/profile").text == "profile"
    assert client.get("/billing").text == "billing"
    with app.test_request_context():
        from flask import url_for

        assert url_for("billing") == "/billing"
