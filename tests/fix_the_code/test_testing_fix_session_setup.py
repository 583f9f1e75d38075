"""testing-fix-session-setup: a session set in test_request_context() never reaches the client."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "testing-fix-session-setup"

PREAMBLE = """
from flask import Flask, abort, session

app = Flask(__name__)
"""
FIX = (
    """    with app.test_request_context():
        session["user_id"] = 42
""",
    """    with client.session_transaction() as sess:
        sess["user_id"] = 42
""",
)


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    with pytest.raises(AssertionError):
        module.test_dashboard_logged_in(client)
    assert client.get("/dashboard").status_code == 401


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = module.app.test_client()
    module.test_dashboard_logged_in(client)
    assert client.get("/dashboard").text == "Hello user 42"
    assert module.app.test_client().get("/dashboard").status_code == 401
