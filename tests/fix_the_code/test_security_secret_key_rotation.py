"""security-secret-key-rotation: a new SECRET_KEY without fallbacks throws away every signed session."""

from __future__ import annotations

import pytest
from flask import Flask, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from tests.fix_the_code.snippets import run_question

QUESTION = "security-secret-key-rotation"

PREAMBLE = """
import os
from flask import Flask, session
"""
FIX = (
    """app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # the new key
""",
    """app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # the new key
app.config["SECRET_KEY_FALLBACKS"] = [os.environ["OLD_SECRET_KEY"]]
""",
)


@pytest.fixture(autouse=True)
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "new-key")
    monkeypatch.setenv("OLD_SECRET_KEY", "old-key")


def cookie_signed_with(key: str) -> str:
    """The session cookie a user got before the rotation, from an app with the old key."""
    old = Flask(__name__)
    old.secret_key = key

    @old.get("/login")
    def login():
        session["user_id"] = 7
        return "ok"

    client = old.test_client()
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def me(app, cookie: str):
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/me")


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    response = me(app, cookie_signed_with("old-key"))
    assert response.status_code == 401
    assert me(app, cookie_signed_with("new-key")).get_json() == {"user_id": 7}


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    assert me(app, cookie_signed_with("old-key")).get_json() == {"user_id": 7}
    assert me(app, cookie_signed_with("new-key")).get_json() == {"user_id": 7}
    assert me(app, cookie_signed_with("some-other-key")).status_code == 401
    # New signatures use the current key (Flask >= 3.1.1), so the old key can be retired later.
    fresh = app.session_interface.get_signing_serializer(app).dumps({"user_id": 7})
    only_new = URLSafeTimedSerializer("new-key", salt="cookie-session", signer_kwargs={"key_derivation": "hmac"})
    assert only_new.loads(fresh) == {"user_id": 7}
    only_old = URLSafeTimedSerializer("old-key", salt="cookie-session", signer_kwargs={"key_derivation": "hmac"})
    with pytest.raises(BadSignature):
        only_old.loads(fresh)
