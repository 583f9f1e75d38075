"""app-and-request-lifecycle-fix-thread-current-app: a thread is handed the current_app proxy."""

from __future__ import annotations

import types

import pytest
from flask import Flask

from tests.fix_the_code.snippets import run_question

QUESTION = "app-and-request-lifecycle-fix-thread-current-app"

# The prompt leaves out the imports and the index builder. `threading` is a stand-in whose
# Thread records itself and whatever its target raised, so the check can join it and look.
PREAMBLE = """
import threading as _threading
from flask import Blueprint, current_app

built = []
started = []
thread_errors = []

def build_search_index(path):
    built.append(path)

class _RecordingThread(_threading.Thread):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        started.append(self)

    def run(self):
        try:
            super().run()
        except BaseException as error:
            thread_errors.append(error)

class threading:
    Thread = _RecordingThread
"""
FIX = (
    "args=(current_app,)",
    "args=(current_app._get_current_object(),)",
)
INDEX_PATH = "/srv/search/index"


def reindex(replace: tuple[str, str] | None = None) -> tuple[types.ModuleType, int]:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=replace)
    app = Flask(module.__name__)
    app.config["INDEX_PATH"] = INDEX_PATH
    app.register_blueprint(module.bp, url_prefix="/admin")
    status = app.test_client().post("/admin/reindex").status_code
    for thread in module.started:
        thread.join(timeout=2)
    return module, status


def test_the_bug_is_real() -> None:
    module, status = reindex()
    assert status == 202
    assert len(module.started) == 1
    assert module.built == []
    [error] = module.thread_errors
    with pytest.raises(RuntimeError, match="outside of application context"):
        raise error


def test_the_fix_works() -> None:
    module, status = reindex(FIX)
    assert status == 202
    assert module.thread_errors == []
    assert module.built == [INDEX_PATH]
