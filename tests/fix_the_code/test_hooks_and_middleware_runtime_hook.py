"""hooks-and-middleware-runtime-hook: registering before_request inside a view fails after the first request."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "hooks-and-middleware-runtime-hook"

# The prompt leaves out the app and its pages; `store` stands in for Redis in the fix.
PREAMBLE = """
from flask import Flask, request

app = Flask(__name__)

@app.get("/")
def index():
    return "home"

class Store:
    def __init__(self):
        self.data = {}

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        self.data[key] = value

store = Store()
"""
FIX = (
    """@app.post("/admin/maintenance")
def enable_maintenance():
    @app.before_request
    def maintenance_page():
        if not request.path.startswith("/admin"):
            return "Down for maintenance", 503
    return {"maintenance": True}
""",
    """@app.before_request
def maintenance_page():
    if store.get("maintenance") and not request.path.startswith("/admin"):
        return "Down for maintenance", 503

@app.post("/admin/maintenance")
def enable_maintenance():
    store.set("maintenance", "1")
    return {"maintenance": True}
""",
)


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.post("/admin/maintenance").status_code == 500
    assert client.get("/").status_code == 200  # maintenance mode never turned on
    assert app.before_request_funcs == {}


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    assert client.get("/").text == "home"
    assert client.post("/admin/maintenance").get_json() == {"maintenance": True}
    down = client.get("/")
    assert down.status_code == 503
    assert down.text == "Down for maintenance"
    assert client.post("/admin/maintenance").status_code == 200  # admins still get through
