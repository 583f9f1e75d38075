"""requests-and-responses-json-read-as-form: request.form is empty for a JSON body, so the view answers 400."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "requests-and-responses-json-read-as-form"

# The prompt leaves out the app and the order store.
PREAMBLE = """
from flask import Flask, request

app = Flask(__name__)
orders = []

def place_order(sku, qty):
    orders.append((sku, qty))
    return len(orders)
"""
FIX = (
    """    sku = request.form["sku"]
    qty = int(request.form.get("qty", 1))
""",
    """    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("sku"), str):
        return {"error": "sku is required"}, 400
    sku, qty = data["sku"], data.get("qty", 1)
    if type(qty) is not int or qty < 1:
        return {"error": "qty must be a positive integer"}, 400
""",
)


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    assert client.post("/api/orders", json={"sku": "A-1", "qty": 2}).status_code == 400
    assert module.orders == []
    # The old HTML form still works, which is what makes the bug confusing.
    assert client.post("/api/orders", data={"sku": "A-1", "qty": "2"}).status_code == 201


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = module.app.test_client()
    response = client.post("/api/orders", json={"sku": "A-1", "qty": 2})
    assert response.status_code == 201
    assert response.get_json() == {"id": 1}
    assert module.orders == [("A-1", 2)]
    missing = client.post("/api/orders", json={"qty": 2})
    assert missing.status_code == 400
    assert missing.get_json() == {"error": "sku is required"}
    # Valid JSON of the wrong shape or type is a 400 too, never a 500.
    assert client.post("/api/orders", json=["sku"]).status_code == 400
    for qty in ("two", 2.7, True, 0, float("inf")):
        rejected = client.post("/api/orders", json={"sku": "A-1", "qty": qty})
        assert rejected.status_code == 400, qty
        assert rejected.get_json() == {"error": "qty must be a positive integer"}
    assert module.orders == [("A-1", 2)]
