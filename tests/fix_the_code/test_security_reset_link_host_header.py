"""security-reset-link-host-header: url_for(_external=True) puts the request's Host into the emailed link."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "security-reset-link-host-header"

# The prompt leaves out the imports, the user lookup, the token and the mailer.
PREAMBLE = """
from types import SimpleNamespace
from flask import Flask, render_template, request, url_for

outbox = []

def find_user(email):
    return SimpleNamespace(email=email) if email == "victim@example.com" else None

def make_token(user):
    return "tok123"

def send_email(to, body):
    outbox.append((to, body))
"""
FIX = (
    "app.config.from_prefixed_env()\n",
    'app.config.from_prefixed_env()\napp.config["TRUSTED_HOSTS"] = ["example.com", "www.example.com"]\n',
)


def forgot(module, host: str):
    client = module.app.test_client()
    return client.post("/forgot-password", data={"email": "victim@example.com"}, base_url=f"https://{host}")


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    assert forgot(module, "evil.example").status_code == 200
    assert module.outbox == [("victim@example.com", "Reset your password: https://evil.example/reset/tok123")]


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    assert forgot(module, "evil.example").status_code == 400
    assert module.outbox == []
    assert forgot(module, "example.com").status_code == 200
    assert module.outbox == [("victim@example.com", "Reset your password: https://example.com/reset/tok123")]
