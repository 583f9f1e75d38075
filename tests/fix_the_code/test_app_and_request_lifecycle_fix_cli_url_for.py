"""app-and-request-lifecycle-fix-cli-url-for: url_for in a CLI command without SERVER_NAME."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "app-and-request-lifecycle-fix-cli-url-for"

# The prompt leaves out the imports, the user query and the mailer.
PREAMBLE = """
from types import SimpleNamespace
from flask import Flask, url_for

sent = []

def users_due_for_digest():
    return [SimpleNamespace(email="ada@example.com", token="tok-ada")]

def send_mail(to, body):
    sent.append((to, body))
"""
FIX = (
    'app.config["PREFERRED_URL_SCHEME"] = "https"',
    'app.config["SERVER_NAME"] = "news.example.com"\napp.config["PREFERRED_URL_SCHEME"] = "https"',
)


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    result = module.app.test_cli_runner().invoke(args=["send-digest"])
    assert isinstance(result.exception, RuntimeError)
    assert "without 'SERVER_NAME' configured" in str(result.exception)
    assert module.sent == []


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    result = module.app.test_cli_runner().invoke(args=["send-digest"])
    assert result.exception is None, result.output
    assert module.sent == [
        ("ada@example.com", "Your weekly digest. Unsubscribe: https://news.example.com/unsubscribe/tok-ada"),
    ]
