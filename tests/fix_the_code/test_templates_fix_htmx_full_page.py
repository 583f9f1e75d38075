"""templates-fix-htmx-full-page: an htmx request gets the whole page swapped into the table."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "templates-fix-htmx-full-page"

PREAMBLE = """
from jinja2 import DictLoader
from flask import Flask, make_response, render_template, request

app = Flask(__name__)
app.jinja_loader = DictLoader({
    "base.html": "<html><body><nav>Menu</nav>{% block body %}{% endblock %}</body></html>",
    "contacts.html": (
        '{% extends "base.html" %}{% block body %}'
        '<input name="q" value="{{ q }}"><table><tbody id="rows">'
        '{% include "_rows.html" %}</tbody></table>{% endblock %}'
    ),
    "_rows.html": "{% for c in contacts %}<tr><td>{{ c }}</td></tr>{% endfor %}",
})


def search_contacts(q):
    return [name for name in ("Ada", "Alan", "Grace") if q.lower() in name.lower()]
"""
FIX = (
    '    return render_template("contacts.html", contacts=rows, q=q)',
    """    if request.headers.get("HX-Request"):
        resp = make_response(render_template("_rows.html", contacts=rows))
    else:
        resp = make_response(render_template("contacts.html", contacts=rows, q=q))
    resp.vary.add("HX-Request")
    return resp""",
)
HTMX = {"HX-Request": "true"}


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    html = client.get("/contacts", query_string={"q": "a"}, headers=HTMX).get_data(as_text=True)
    assert "<html>" in html and "<nav>" in html  # the whole layout lands in #rows
    assert "HX-Request" not in client.get("/contacts", headers=HTMX).headers.get("Vary", "")


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    fragment = client.get("/contacts", query_string={"q": "al"}, headers=HTMX)
    assert fragment.get_data(as_text=True) == "<tr><td>Alan</td></tr>"
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get("/contacts", query_string={"q": "al"})
    assert "<html>" in page.get_data(as_text=True) and "<tr><td>Alan</td></tr>" in page.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"]
