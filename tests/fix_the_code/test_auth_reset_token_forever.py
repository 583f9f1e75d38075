"""auth-reset-token-forever: a reset token loaded without max_age never expires and can be reused."""

from __future__ import annotations

import time

import pytest
from itsdangerous.timed import TimestampSigner
from werkzeug.security import check_password_hash

from tests.fix_the_code.snippets import run_question

QUESTION = "auth-reset-token-forever"

# The prompt leaves out the app and the user store: one user with a hashed password.
PREAMBLE = """
import hmac
from flask import Flask, abort, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

app = Flask(__name__)
app.secret_key = "test"
USERS = {1: {"id": 1, "pw_hash": generate_password_hash("old password")}}
"""
FIX = (
    """    return s.dumps(user["id"])

@app.post("/reset/<token>")
def reset_password(token):
    try:
        user_id = s.loads(token)
    except BadSignature:
        abort(400)
    user = USERS[user_id]
""",
    """    return s.dumps([user["id"], user["pw_hash"][-12:]])

@app.post("/reset/<token>")
def reset_password(token):
    try:
        user_id, fragment = s.loads(token, max_age=3600)
    except BadSignature:
        abort(400)
    user = USERS[user_id]
    if not hmac.compare_digest(fragment, user["pw_hash"][-12:]):
        abort(400)
""",
)
TWO_DAYS = 2 * 24 * 3600


def old_token(module, monkeypatch: pytest.MonkeyPatch) -> str:
    """A reset token as if it had been emailed two days ago."""
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - TWO_DAYS)
        return module.reset_token(module.USERS[1])


def reset(client, token: str, password: str):
    return client.post(f"/reset/{token}", data={"password": password})


def test_the_bug_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    # A two-day-old link still works...
    assert reset(client, old_token(module, monkeypatch), "attacker 1").status_code == 200
    # ...and a fresh link keeps working after it was used.
    token = module.reset_token(module.USERS[1])
    assert reset(client, token, "mine").status_code == 200
    assert reset(client, token, "attacker 2").status_code == 200
    assert check_password_hash(module.USERS[1]["pw_hash"], "attacker 2")


def test_the_fix_works(monkeypatch: pytest.MonkeyPatch) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = module.app.test_client()
    assert reset(client, old_token(module, monkeypatch), "attacker 1").status_code == 400
    token = module.reset_token(module.USERS[1])
    assert reset(client, token, "mine").status_code == 200
    assert reset(client, token, "attacker 2").status_code == 400
    assert check_password_hash(module.USERS[1]["pw_hash"], "mine")
    assert reset(client, "not-a-token", "x").status_code == 400
