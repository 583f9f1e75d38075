"""app-and-request-lifecycle-fix-stream-context: a streaming generator reads g after the context is gone."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "app-and-request-lifecycle-fix-stream-context"

# The prompt leaves out the imports, the app and the two data helpers.
PREAMBLE = """
from types import SimpleNamespace
from flask import Flask, Response, g, session, stream_with_context

app = Flask(__name__)
app.secret_key = "check-only"

def find_user(user_id):
    return SimpleNamespace(id=user_id or 42)

def orders_for(user_id):
    return [SimpleNamespace(id=n, total=f"{user_id}.{n}0") for n in (1, 2)]
"""
FIX = (
    'return Response(rows(), mimetype="text/csv")',
    'return Response(stream_with_context(rows()), mimetype="text/csv")',
)


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    response = app.test_client().get("/orders.csv")
    assert response.status_code == 200
    # The body is produced only when it is read, as a WSGI server does after the view returned.
    with pytest.raises(RuntimeError, match="outside of application context"):
        response.get_data()


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    response = app.test_client().get("/orders.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True) == "id,total\n1,42.10\n2,42.20\n"
