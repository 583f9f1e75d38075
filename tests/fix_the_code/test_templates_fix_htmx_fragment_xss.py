"""templates-fix-htmx-fragment-xss: an f-string fragment is not autoescaped."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "templates-fix-htmx-fragment-xss"

PREAMBLE = """
from jinja2 import DictLoader
from flask import Flask, render_template, request

app = Flask(__name__)
app.jinja_loader = DictLoader({"_todo.html": '<li class="todo">{{ title }}</li>'})
TODOS = []
"""
FIX = (
    """    return f'<li class="todo">{title}</li>'""",
    """    return render_template("_todo.html", title=title)""",
)
PAYLOAD = "<img src=x onerror=alert(document.cookie)>"


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    html = client.post("/todos", data={"title": PAYLOAD}).get_data(as_text=True)
    assert PAYLOAD in html


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    html = client.post("/todos", data={"title": PAYLOAD}).get_data(as_text=True)
    assert PAYLOAD not in html and "&lt;img src=x onerror=alert(document.cookie)&gt;" in html
    assert client.post("/todos", data={"title": "Buy milk"}).get_data(as_text=True) == (
        '<li class="todo">Buy milk</li>'
    )
