"""app-and-request-lifecycle-fix-executor-request: an executor job reads request and fails silently."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "app-and-request-lifecycle-fix-executor-request"

# The prompt leaves out the imports, the app, the audit log and the file sender.
PREAMBLE = """
from concurrent.futures import ThreadPoolExecutor
from flask import Flask, request

app = Flask(__name__)
audit_log = []

def send_stored_file(file_id):
    return f"contents of file {file_id}"
"""
FIX = (
    """def record_download(file_id):
    audit_log.append((file_id, request.remote_addr, request.headers.get("User-Agent")))

@app.get("/files/<int:file_id>")
def download(file_id):
    executor.submit(record_download, file_id)""",
    """def record_download(file_id, ip, agent):
    audit_log.append((file_id, ip, agent))

@app.get("/files/<int:file_id>")
def download(file_id):
    executor.submit(record_download, file_id, request.remote_addr,
                    request.headers.get("User-Agent"))""",
)
AGENT = {"User-Agent": "check-agent/1.0"}


class RecordingExecutor:
    """Delegates to a real pool and keeps every Future, so the check can read what the view never does."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.futures: list[Future[object]] = []

    def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201 - mirrors Executor.submit
        future = self.pool.submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future


def download(replace: tuple[str, str] | None = None) -> tuple[object, RecordingExecutor, object]:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=replace)
    module.executor.shutdown(wait=True)
    module.executor = RecordingExecutor()
    response = module.app.test_client().get("/files/7", headers=AGENT)
    module.executor.pool.shutdown(wait=True)
    return module, module.executor, response


def test_the_bug_is_real() -> None:
    module, executor, response = download()
    assert response.status_code == 200
    assert module.audit_log == []
    [future] = executor.futures
    error = future.exception(timeout=1)
    assert isinstance(error, RuntimeError)
    with pytest.raises(RuntimeError, match="outside of request context"):
        future.result(timeout=1)


def test_the_fix_works() -> None:
    module, executor, response = download(FIX)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "contents of file 7"
    [future] = executor.futures
    assert future.exception(timeout=1) is None
    assert module.audit_log == [(7, "127.0.0.1", "check-agent/1.0")]
