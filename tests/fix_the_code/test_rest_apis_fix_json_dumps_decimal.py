"""rest-apis-fix-json-dumps-decimal: json.dumps fails on Decimal and would send text/html anyway."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "rest-apis-fix-json-dumps-decimal"

PREAMBLE = """
from flask import Flask, abort

app = Flask(__name__)
"""
FIX = ("    return json.dumps(order)", "    return order")


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    assert client.get("/api/orders/1").status_code == 500
    module.app.testing = True
    with pytest.raises(TypeError, match="Decimal is not JSON serializable"):
        client.get("/api/orders/1")
    # Even an order the standard library can serialise goes out as HTML.
    module.ORDERS[2] = {"id": 2, "total": "5.00"}
    assert client.get("/api/orders/2").content_type.startswith("text/html")


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    response = app.test_client().get("/api/orders/1")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert response.get_json() == {"id": 1, "total": "19.99", "placed_at": "Wed, 01 May 2024 12:00:00 GMT"}
    assert app.test_client().get("/api/orders/2").status_code == 404
