"""auth-fast-unsalted-hash: plain SHA-256 gives equal, precomputable hashes for equal passwords."""

from __future__ import annotations

import hashlib

from tests.fix_the_code.snippets import run_question

QUESTION = "auth-fast-unsalted-hash"

PREAMBLE = """
import hashlib
from flask import Flask, request, session
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
app.secret_key = "test"
USERS = {}
"""
FIX = (
    """    pw = hashlib.sha256(request.form["password"].encode()).hexdigest()
    USERS[request.form["username"]] = pw
    return "", 201

@app.post("/login")
def login():
    stored = USERS.get(request.form["username"])
    typed = hashlib.sha256(request.form["password"].encode()).hexdigest()
    if stored is None or stored != typed:
""",
    """    USERS[request.form["username"]] = generate_password_hash(request.form["password"])
    return "", 201

@app.post("/login")
def login():
    stored = USERS.get(request.form["username"])
    if stored is None or not check_password_hash(stored, request.form["password"]):
""",
)


def register_two_users(module) -> None:
    client = module.app.test_client()
    for name in ("ada", "bob"):
        assert client.post("/register", data={"username": name, "password": "hunter2"}).status_code == 201


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    register_two_users(module)
    # Same password, same stored value, and it is the well-known SHA-256 of "hunter2".
    assert module.USERS["ada"] == module.USERS["bob"] == hashlib.sha256(b"hunter2").hexdigest()


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    register_two_users(module)
    assert module.USERS["ada"] != module.USERS["bob"]
    assert module.USERS["ada"].startswith("scrypt:")
    assert hashlib.sha256(b"hunter2").hexdigest() not in module.USERS["ada"]
    client = module.app.test_client()
    assert client.post("/login", data={"username": "ada", "password": "hunter2"}).text == "welcome"
    assert client.post("/login", data={"username": "ada", "password": "wrong"}).status_code == 401
    assert client.post("/login", data={"username": "eve", "password": "hunter2"}).status_code == 401
