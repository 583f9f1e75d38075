"""auth-logout-pops-one-key: logout pops user_id but leaves is_admin, so /admin stays open."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "auth-logout-pops-one-key"

# The prompt leaves out the app and the login page logout redirects to.
PREAMBLE = """
from flask import Flask, abort, redirect, session, url_for

app = Flask(__name__)
app.secret_key = "test"

@app.get("/login")
def login():
    return "login page"
"""
FIX = ('    session.pop("user_id", None)\n', "    session.clear()\n")


def admin_logs_in_and_out(app):
    client = app.test_client()
    with client.session_transaction() as sess:  # what login() stored
        sess["user_id"] = 1
        sess["is_admin"] = True
    assert client.get("/admin").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    return client


def test_the_bug_is_real() -> None:
    client = admin_logs_in_and_out(run_question(QUESTION, preamble=PREAMBLE).app)
    assert client.get("/admin").text == "admin panel"


def test_the_fix_works() -> None:
    client = admin_logs_in_and_out(run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app)
    assert client.get("/admin").status_code == 403
    with client.session_transaction() as sess:
        assert dict(sess) == {}
