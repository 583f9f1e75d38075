"""hooks-and-middleware-before-request-leak: a before_request that returns g.user replaces every page."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "hooks-and-middleware-before-request-leak"

# The prompt leaves out the app, the user store and the template.
PREAMBLE = """
from flask import Flask, g, session

app = Flask(__name__)
app.secret_key = "test-secret"
users = {7: {"name": "ada", "password_hash": "scrypt:32768:8:1$salt$hash"}}

def render_template(name, **context):
    user = context["user"]
    return f"<h1>Dashboard of {user['name'] if user else 'guest'}</h1>"
"""
FIX = (
    "    g.user = users.get(user_id) if user_id else None\n    return g.user\n",
    "    g.user = users.get(user_id) if user_id else None\n",
)


def logged_in_client(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = 7
    return client


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    leaked = logged_in_client(app).get("/dashboard")
    assert leaked.is_json
    assert leaked.get_json()["password_hash"].startswith("scrypt:")
    anonymous = app.test_client().get("/dashboard")
    assert anonymous.text == "<h1>Dashboard of guest</h1>"


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    page = logged_in_client(app).get("/dashboard")
    assert page.status_code == 200
    assert page.text == "<h1>Dashboard of ada</h1>"
    assert "password_hash" not in page.text
    assert app.test_client().get("/dashboard").text == "<h1>Dashboard of guest</h1>"
