"""blueprints-and-structure-fix-subdomain-server-name: without SERVER_NAME no subdomain rule matches."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "blueprints-and-structure-fix-subdomain-server-name"

PREAMBLE = "from flask import Blueprint, Flask"
FIX = (
    "app.register_blueprint(portal)",
    'app.config["SERVER_NAME"] = "example.com"\napp.register_blueprint(portal)',
)


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    assert client.get("/dashboard", base_url="http://acme.example.com").status_code == 404


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    response = client.get("/dashboard", base_url="http://acme.example.com")
    assert response.status_code == 200 and response.get_json() == {"tenant": "acme"}
    assert client.get("/dashboard", base_url="http://example.com").status_code == 404
