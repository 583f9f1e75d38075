"""auth-login-required-above-route: @login_required above @app.route leaves the view unprotected."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "auth-login-required-above-route"

# The prompt leaves out the app, the hook that sets g.user and the login page.
PREAMBLE = """
import functools
from flask import Flask, g, redirect, session, url_for

app = Flask(__name__)
app.secret_key = "test"

@app.before_request
def load_user():
    g.user = session.get("user_id")

@app.route("/login")
def login():
    return "login page"
"""
FIX = ('@login_required\n@app.route("/admin")', '@app.route("/admin")\n@login_required')


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    response = app.test_client().get("/admin")
    assert response.status_code == 200
    assert response.text == "secret admin page"


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    response = client.get("/admin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    with client.session_transaction() as sess:
        sess["user_id"] = 1
    response = client.get("/admin")
    assert response.status_code == 200
    assert response.text == "secret admin page"
