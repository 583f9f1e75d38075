"""security-clickjacking-frame-ancestors: a CSP of default-src 'self' still lets any site frame the page."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.fix_the_code.snippets import run_question

QUESTION = "security-clickjacking-frame-ancestors"

# The prompt leaves out the app, the template, login_required and the Flask-WTF check;
# these stand-ins behave the same way: 401 without a login, 400 on a wrong token.
PREAMBLE = """
import functools
import secrets
from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from jinja2 import DictLoader

app = Flask(__name__)
app.secret_key = "test"
app.jinja_loader = DictLoader({
    "close_account.html": (
        '<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">'
        "<button>Close my account</button></form>"
    ),
})
CLOSED = []

def csrf_token():
    session.setdefault("csrf", secrets.token_hex(16))
    return session["csrf"]

app.jinja_env.globals["csrf_token"] = csrf_token

def validate_csrf(token):
    if not token or token != session.get("csrf"):
        abort(400)

def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if "user_id" not in session:
            abort(401)
        g.user = session["user_id"]
        return view(**kwargs)
    return wrapped

def close_account_of(user):
    CLOSED.append(user)

@app.get("/goodbye")
def goodbye():
    return "bye"
"""
FIX = (
    """    resp.headers["Content-Security-Policy"] = "default-src 'self'"
""",
    """    resp.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    resp.headers["X-Frame-Options"] = "DENY"
""",
)
APP_ORIGIN = "http://localhost"
ATTACKER = "https://evil.example"


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives.setdefault(name.lower(), sources)
    return directives


def framing_allowed(response, parent: str) -> bool:
    """Whether a browser lets a page on ``parent`` show this response in an iframe.

    frame-ancestors wins when present (browsers then ignore X-Frame-Options); it never
    falls back to default-src. Otherwise X-Frame-Options decides, and with neither any
    parent may frame the page.
    """
    sources = csp_directives(response).get("frame-ancestors")
    if sources is not None:
        return ("'self'" in sources and parent == APP_ORIGIN) or parent in sources or "*" in sources
    option = response.headers.get("X-Frame-Options", "").upper()
    if option == "DENY":
        return False
    if option == "SAMEORIGIN":
        return parent == APP_ORIGIN
    return True


def logged_in(app) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["user_id"] = 7
    return client


def click_the_button(client: FlaskClient, page_html: str):
    """What the framed page submits when the user clicks: its own form, token included."""
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page_html)
    assert token is not None
    return client.post("/account/close", data={"csrf_token": token.group(1)})


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = logged_in(module.app)
    page = client.get("/account/close")
    assert page.status_code == 200
    # The policy is there, but it says nothing about who may frame the page.
    assert csp_directives(page) == {"default-src": ["'self'"]}
    assert "X-Frame-Options" not in page.headers
    assert framing_allowed(page, ATTACKER)
    # The CSRF check does its job against a forged post, and is no help against a framed click.
    assert client.post("/account/close", data={"csrf_token": "forged"}).status_code == 400
    assert module.CLOSED == []
    assert click_the_button(client, page.get_data(as_text=True)).status_code == 302
    assert module.CLOSED == [7]


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = logged_in(module.app)
    page = client.get("/account/close")
    assert page.status_code == 200
    assert csp_directives(page) == {"default-src": ["'self'"], "frame-ancestors": ["'none'"]}
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert not framing_allowed(page, ATTACKER)
    # Browsers without frame-ancestors support fall back to X-Frame-Options alone.
    page.headers.remove("Content-Security-Policy")
    assert not framing_allowed(page, ATTACKER)
    # The hook covers every response, error pages included.
    for response in (client.get("/nowhere"), module.app.test_client().get("/account/close")):
        assert response.status_code in (401, 404)
        assert not framing_allowed(response, ATTACKER)
    # The account page itself still works for the user.
    closed = click_the_button(client, page.get_data(as_text=True))
    assert closed.status_code == 302
    assert closed.headers["Location"] == "/goodbye"
    assert module.CLOSED == [7]
