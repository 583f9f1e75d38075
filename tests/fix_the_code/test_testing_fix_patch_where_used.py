"""testing-fix-patch-where-used: patching the defining module misses the name the view imported."""

from __future__ import annotations

import sys
import types

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "testing-fix-patch-where-used"

# A fake myapp package whose rates.get_rate stands in for the HTTP call: it records the
# attempt and fails, as a test run with the network blocked would. The snippet's module
# is registered as myapp.views so that dotted monkeypatch targets resolve.
PREAMBLE = """
import sys, types
from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True

network_calls = sys.modules["myapp.rates"].network_calls
sys.modules["myapp.views"] = sys.modules[__name__]
sys.modules["myapp"].views = sys.modules[__name__]
"""
FIX = (
    """    monkeypatch.setattr(myapp.rates, "get_rate", lambda base, quote: 0.5)""",
    """    monkeypatch.setattr("myapp.views.get_rate", lambda base, quote: 0.5)""",
)


class NetworkBlocked(OSError):
    pass


@pytest.fixture(autouse=True)
def fake_myapp(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []

    def get_rate(base: str, quote: str) -> float:
        calls.append((base, quote))
        raise NetworkBlocked(f"GET https://api.rates.example/{base}/{quote}")

    package = types.ModuleType("myapp")
    package.__path__ = []
    rates = types.ModuleType("myapp.rates")
    rates.get_rate = get_rate
    rates.network_calls = calls
    package.rates = rates
    monkeypatch.setitem(sys.modules, "myapp", package)
    monkeypatch.setitem(sys.modules, "myapp.rates", rates)
    monkeypatch.delitem(sys.modules, "myapp.views", raising=False)
    yield calls
    sys.modules.pop("myapp.views", None)


def test_the_bug_is_real(fake_myapp: list[tuple[str, str]]) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    with pytest.MonkeyPatch.context() as mp, pytest.raises(NetworkBlocked):
        module.test_price(module.app.test_client(), mp)
    assert fake_myapp == [("USD", "EUR")]  # the "stubbed" test went to the network


def test_the_fix_works(fake_myapp: list[tuple[str, str]]) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    with pytest.MonkeyPatch.context() as mp:
        module.test_price(module.app.test_client(), mp)
    assert fake_myapp == []
    # Once the patch is undone, the view is back on the real function.
    with pytest.raises(NetworkBlocked):
        module.app.test_client().get("/price/100")
