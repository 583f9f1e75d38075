"""testing-fix-module-state-leak: a module-level list outlives every app the factory builds."""

from __future__ import annotations

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "testing-fix-module-state-leak"

PREAMBLE = """
from flask import Flask, current_app, request
"""
FIX = (
    """CART = []

def create_app():
    app = Flask(__name__)

    @app.post("/cart")
    def add_item():
        CART.append(request.json["sku"])
        return {"items": len(CART)}, 201
""",
    """def create_app():
    app = Flask(__name__)
    app.extensions["cart"] = []

    @app.post("/cart")
    def add_item():
        cart = current_app.extensions["cart"]
        cart.append(request.json["sku"])
        return {"items": len(cart)}, 201
""",
)


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    module.test_add_one()  # alone, it passes
    with pytest.raises(AssertionError):
        module.test_add_one()  # a second fresh app still sees the first test's item
    assert module.CART == ["A1", "A1"]


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    module.test_add_one()
    module.test_add_one()
    client = module.create_app().test_client()
    client.post("/cart", json={"sku": "A1"})
    assert client.post("/cart", json={"sku": "B2"}).json == {"items": 2}
