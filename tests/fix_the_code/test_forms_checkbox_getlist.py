"""forms-checkbox-getlist: get() keeps one of several checkboxes, and an unticked box is a 400."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "forms-checkbox-getlist"

# The prompt leaves out the app, the GET page it redirects to and the storage call.
PREAMBLE = """
from flask import Flask, g, redirect, request, url_for

app = Flask(__name__)
saved = []

@app.before_request
def load_user():
    g.user_id = 1

@app.get("/preferences")
def preferences():
    return "form"

def save_prefs(user_id, topics, newsletter):
    saved.append((user_id, topics, newsletter))
"""
FIX = (
    """    topics = request.form.get("topics", "")
    newsletter = request.form["newsletter"] == "on"
""",
    """    topics = request.form.getlist("topics")
    newsletter = "newsletter" in request.form
""",
)


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    response = client.post("/preferences", data={"topics": ["flask", "python"], "newsletter": "on"})
    assert response.status_code == 302
    assert module.saved == [(1, "flask", True)]  # only the first ticked topic
    assert client.post("/preferences", data={"topics": ["flask"]}).status_code == 400


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = module.app.test_client()
    assert client.post("/preferences", data={"topics": ["flask", "python"], "newsletter": "on"}).status_code == 302
    assert client.post("/preferences", data={"topics": ["flask"]}).status_code == 302
    assert client.post("/preferences", data={}).status_code == 302
    assert module.saved == [(1, ["flask", "python"], True), (1, ["flask"], False), (1, [], False)]
