"""performance-fix-metrics-raw-path: labelling by request.path makes one series per URL."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "performance-fix-metrics-raw-path"

PREAMBLE = """
from collections import Counter
from flask import Flask, request

app = Flask(__name__)
"""
FIX = (
    "    REQUESTS[(request.method, request.path, response.status_code)] += 1",
    """    route = request.url_rule.rule if request.url_rule else "unmatched"
    REQUESTS[(request.method, route, response.status_code)] += 1""",
)


def hit(module) -> None:
    client = module.app.test_client()
    for user_id in range(1, 51):
        assert client.get(f"/users/{user_id}").get_json() == {"id": user_id}
    for probe in ("/wp-login.php", "/.env", "/admin.php"):
        assert client.get(probe).status_code == 404


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    hit(module)
    assert len(module.REQUESTS) == 53  # one label set per URL: grows with traffic


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    hit(module)
    assert dict(module.REQUESTS) == {
        ("GET", "/users/<int:user_id>", 200): 50,
        ("GET", "unmatched", 404): 3,
    }
