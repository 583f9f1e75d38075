"""security-json-in-script: json.dumps(...)|safe inside <script> lets a </script> in the data end the block."""

from __future__ import annotations

import json
import re

from tests.fix_the_code.snippets import run_question

QUESTION = "security-json-in-script"

PREAMBLE = """
import json
from flask import Flask, render_template_string

app = Flask(__name__)
USERS = {
    1: {"id": 1, "name": "Ada"},
    2: {"id": 2, "name": "</script><script>alert(document.cookie)</script>"},
}

def load_user(user_id):
    return USERS[user_id]
"""
FIX = (
    """  const user = {{ user_json|safe }};
</script>
\"\"\"

@app.get("/profile/<int:user_id>")
def profile(user_id):
    user = load_user(user_id)
    return render_template_string(PAGE, user=user, user_json=json.dumps(user))""",
    """  const user = {{ user|tojson }};
</script>
\"\"\"

@app.get("/profile/<int:user_id>")
def profile(user_id):
    user = load_user(user_id)
    return render_template_string(PAGE, user=user)""",
)
INJECTED = "<script>alert(document.cookie)</script>"


def page(app, user_id: int) -> str:
    return app.test_client().get(f"/profile/{user_id}").get_data(as_text=True)


def script_data(html: str) -> object:
    match = re.search(r"const user = (.*);\n", html)
    assert match is not None
    return json.loads(match.group(1))


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    html = page(app, 2)
    # The data closes the script element early and opens the attacker's own.
    assert 'const user = {"id": 2, "name": "</script>' + INJECTED in html


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    html = page(app, 2)
    assert INJECTED not in html
    assert html.count("</script>") == 1
    assert script_data(html) == {"id": 2, "name": "</script>" + INJECTED}
    assert script_data(page(app, 1)) == {"id": 1, "name": "Ada"}
