"""blueprints-and-structure-fix-tenant-header: a client-chosen tenant id reads another tenant's data."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "blueprints-and-structure-fix-tenant-header"

# Ada (user 1) belongs to tenant 1 only; tenant 2 is another company.
PREAMBLE = """
import sqlite3
from flask import Flask, abort, g, request, session

app = Flask(__name__)
app.secret_key = "test"
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.row_factory = sqlite3.Row
_db.executescript(
    "CREATE TABLE invoice (id INTEGER PRIMARY KEY, tenant_id INTEGER, amount INTEGER);"
    "INSERT INTO invoice (tenant_id, amount) VALUES (1, 100), (2, 999);"
    "CREATE TABLE membership (user_id INTEGER, tenant_id INTEGER);"
    "INSERT INTO membership VALUES (1, 1), (2, 2);"
)


def get_db():
    return _db


def memberships(user_id):
    rows = _db.execute("SELECT tenant_id FROM membership WHERE user_id = ?", (user_id,))
    return {row["tenant_id"] for row in rows}
"""
FIX = (
    '    g.tenant_id = int(request.headers.get("X-Tenant-ID", 0))',
    """    tenant_id = request.headers.get("X-Tenant-ID", type=int)
    if tenant_id not in memberships(user_id):
        abort(403)
    g.tenant_id = tenant_id""",
)


def logged_in_as_ada(module):
    client = module.app.test_client()
    with client.session_transaction() as sess:
        sess["user_id"] = 1
    return client


def test_the_bug_is_real() -> None:
    client = logged_in_as_ada(run_question(QUESTION, preamble=PREAMBLE))
    leaked = client.get("/invoices", headers={"X-Tenant-ID": "2"})
    assert leaked.status_code == 200 and leaked.get_json() == [{"id": 2, "amount": 999}]


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = logged_in_as_ada(module)
    assert client.get("/invoices", headers={"X-Tenant-ID": "2"}).status_code == 403
    assert client.get("/invoices", headers={"X-Tenant-ID": "abc"}).status_code == 403
    assert client.get("/invoices", headers={"X-Tenant-ID": "1"}).get_json() == [{"id": 1, "amount": 100}]
    assert module.app.test_client().get("/invoices").status_code == 401
