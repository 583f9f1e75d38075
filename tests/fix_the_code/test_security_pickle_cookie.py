"""security-pickle-cookie: unpickling a client cookie runs whatever callable the cookie names."""

from __future__ import annotations

import base64
import pickle
from pathlib import Path

from tests.fix_the_code.snippets import run_question

QUESTION = "security-pickle-cookie"

PREAMBLE = """
import base64
import pickle
from flask import Flask, make_response, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "test"
"""
FIX = (
    """    if request.method == "POST":
        prefs = {"theme": request.form["theme"]}
    else:
        raw = request.cookies.get("prefs")
        prefs = pickle.loads(base64.b64decode(raw)) if raw else {}
    resp = make_response({"theme": prefs.get("theme", "light")})
    resp.set_cookie("prefs", base64.b64encode(pickle.dumps(prefs)).decode())
    return resp""",
    """    if request.method == "POST":
        session["prefs"] = {"theme": request.form["theme"]}
    prefs = session.get("prefs", {})
    return {"theme": prefs.get("theme", "light")}""",
)


def evil_cookie(marker: Path) -> str:
    """A pickle that, when loaded, creates a directory and then returns a harmless dict."""

    class Exploit:
        def __reduce__(self):
            return eval, (f"__import__('os').mkdir({str(marker)!r}) or {{'theme': 'pwned'}}",)

    return base64.b64encode(pickle.dumps(Exploit())).decode()


def test_the_bug_is_real(tmp_path: Path) -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    client = app.test_client()
    marker = tmp_path / "pwned"
    client.set_cookie("prefs", evil_cookie(marker))
    assert client.get("/").get_json() == {"theme": "pwned"}
    assert marker.is_dir()


def test_the_fix_works(tmp_path: Path) -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    marker = tmp_path / "pwned"
    client.set_cookie("prefs", evil_cookie(marker))
    assert client.get("/").get_json() == {"theme": "light"}
    assert not marker.exists()
    assert client.post("/", data={"theme": "dark"}).get_json() == {"theme": "dark"}
    assert client.get("/").get_json() == {"theme": "dark"}
    # A session cookie forged without the key is ignored rather than trusted.
    forged = app.test_client()
    forged.set_cookie("session", "eyJwcmVmcyI6eyJ0aGVtZSI6InB3bmVkIn19.AAAAAA.forged")
    assert forged.get("/").get_json() == {"theme": "light"}
