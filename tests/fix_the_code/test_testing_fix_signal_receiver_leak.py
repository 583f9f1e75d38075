"""testing-fix-signal-receiver-leak: a receiver connected at import records every later render."""

from __future__ import annotations

import pytest
from flask import Flask, render_template, template_rendered
from jinja2 import DictLoader

from tests.fix_the_code.snippets import run_question

QUESTION = "testing-fix-signal-receiver-leak"

# The prompt leaves out the app: two pages, each rendering its own template.
PREAMBLE = """
from contextlib import contextmanager
from flask import Flask, render_template, template_rendered
from jinja2 import DictLoader

app = Flask(__name__)
app.jinja_loader = DictLoader({"home.html": "home", "about.html": "about"})

@app.get("/")
def home():
    return render_template("home.html")

@app.get("/about")
def about():
    return render_template("about.html")
"""
FIX = (
    """rendered = []

@template_rendered.connect
def record(sender, template, context, **extra):
    rendered.append(template.name)

def test_home(client):
    client.get("/")
    assert rendered == ["home.html"]

def test_about(client):
    client.get("/about")
    assert rendered == ["about.html"]
""",
    """@contextmanager
def captured_templates(app):
    recorded = []
    def record(sender, template, context, **extra):
        recorded.append(template.name)
    with template_rendered.connected_to(record, app):
        yield recorded

def test_home(app, client):
    with captured_templates(app) as rendered:
        client.get("/")
    assert rendered == ["home.html"]

def test_about(app, client):
    with captured_templates(app) as rendered:
        client.get("/about")
    assert rendered == ["about.html"]
""",
)


def another_app() -> Flask:
    """A second app in the same process, as other tests would build."""
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"other.html": "other"})
    app.add_url_rule("/", "index", lambda: render_template("other.html"))
    return app


def test_the_bug_is_real() -> None:
    before = len(template_rendered.receivers)
    module = run_question(QUESTION, preamble=PREAMBLE)
    try:
        module.test_home(module.app.test_client())  # alone, it passes
        with pytest.raises(AssertionError):
            module.test_about(module.app.test_client())
        assert module.rendered == ["home.html", "about.html"]
        # Still connected after the tests, and recording any app's renders.
        assert len(template_rendered.receivers) == before + 1
        another_app().test_client().get("/")
        assert module.rendered[-1] == "other.html"
    finally:
        template_rendered.disconnect(module.record)
    assert len(template_rendered.receivers) == before


def test_the_fix_works() -> None:
    before = len(template_rendered.receivers)
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    app = module.app
    module.test_home(app, app.test_client())
    module.test_about(app, app.test_client())
    assert len(template_rendered.receivers) == before
    with module.captured_templates(app) as rendered:
        another_app().test_client().get("/")
        app.test_client().get("/about")
    assert rendered == ["about.html"]
