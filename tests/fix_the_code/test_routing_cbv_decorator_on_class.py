"""routing-cbv-decorator-on-class: a view decorator on a MethodView class replaces the class."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "routing-cbv-decorator-on-class"

PREAMBLE = """
import functools
from flask import Flask, abort, g
from flask.views import MethodView

app = Flask(__name__)
"""
FIX = (
    "@login_required\nclass InvoiceAPI(MethodView):\n",
    "class InvoiceAPI(MethodView):\n    decorators = [login_required]\n\n",
)


def test_the_bug_is_real() -> None:
    with pytest.raises(AttributeError, match="'function' object has no attribute 'as_view'"):
        run_question(QUESTION, preamble=PREAMBLE)


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    app = module.app

    @app.before_request
    def load_user() -> None:
        from flask import g, request

        g.user = request.headers.get("X-User")

    client = app.test_client()
    assert client.get("/invoices/5").status_code == 401
    response = client.get("/invoices/5", headers={"X-User": "ada"})
    assert response.status_code == 200
    assert response.get_json() == {"id": 5, "total": 42}
