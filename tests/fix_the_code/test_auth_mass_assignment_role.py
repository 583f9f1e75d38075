"""auth-mass-assignment-role: user.update(request.form) lets a member POST role=admin."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "auth-mass-assignment-role"

# The prompt leaves out the app and the user store: one ordinary member.
PREAMBLE = """
from flask import Flask, abort, request, session

app = Flask(__name__)
app.secret_key = "test"
USERS = {1: {"id": 1, "name": "ada", "email": "ada@example.com", "role": "member"}}
"""
FIX = (
    "    user.update(request.form.to_dict())\n",
    """    for field in ("name", "email"):
        if field in request.form:
            user[field] = request.form[field]
""",
)


def member_client(app):
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["user_id"] = 1
    return client


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = member_client(module.app)
    assert client.get("/admin").status_code == 403
    client.post("/profile", data={"name": "Ada", "role": "admin"})
    assert module.USERS[1]["role"] == "admin"
    assert client.get("/admin").status_code == 200


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = member_client(module.app)
    response = client.post("/profile", data={"name": "Ada", "role": "admin"})
    assert response.get_json() == {"name": "Ada", "email": "ada@example.com"}
    assert module.USERS[1]["role"] == "member"
    assert client.get("/admin").status_code == 403
