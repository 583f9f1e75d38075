"""sessions-partitioned-iframe: a SameSite=None session cookie without Secure or Partitioned."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "sessions-partitioned-iframe"

# The prompt leaves out its imports and the credential check.
PREAMBLE = """
import os
from flask import Flask, redirect, request, session, url_for

os.environ.setdefault("SECRET_KEY", "test-secret")

def check_login(form):
    return 7 if form.get("password") == "right" else None
"""
FIX = (
    '    SESSION_COOKIE_SAMESITE="None",\n',
    '    SESSION_COOKIE_SAMESITE="None",\n    SESSION_COOKIE_SECURE=True,\n    SESSION_COOKIE_PARTITIONED=True,\n',
)


def login_cookie(replace: tuple[str, str] | None = None) -> list[str]:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=replace).app
    app.add_url_rule("/widget", "widget", lambda: "widget")
    response = app.test_client().post("/widget/login", data={"password": "right"})
    assert response.status_code == 302
    header = response.headers["Set-Cookie"]
    assert header.startswith("session=")
    return [part.strip() for part in header.split(";")]


def test_the_bug_is_real() -> None:
    attributes = login_cookie()
    assert "SameSite=None" in attributes
    assert "Secure" not in attributes  # browsers reject SameSite=None without Secure
    assert "Partitioned" not in attributes


def test_the_fix_works() -> None:
    attributes = login_cookie(FIX)
    assert "SameSite=None" in attributes
    assert "Secure" in attributes
    assert "Partitioned" in attributes
    assert "HttpOnly" in attributes
