"""requests-and-responses-form-memory-limit: a 2 MB multipart text field trips MAX_FORM_MEMORY_SIZE."""

from __future__ import annotations

import io

from tests.fix_the_code.snippets import run_question

QUESTION = "requests-and-responses-form-memory-limit"

PREAMBLE = """
from flask import Flask, request

app = Flask(__name__)
saved = []

def save_article(body, cover):
    saved.append((len(body), cover.filename if cover else None))
    return len(saved)
"""
FIX = (
    '    body = request.form["body"]',
    '    request.max_form_memory_size = 4 * 1024 * 1024\n    body = request.form["body"]',
)
LONG_ARTICLE = "# Title\n" + "lorem ipsum " * 170_000  # about 2 MB


def post_article(client, body: str):
    cover = (io.BytesIO(b"\x89PNG" + b"0" * 1_000_000), "cover.png")  # a 1 MB file part is fine
    return client.post("/articles", data={"body": body, "cover": cover}, content_type="multipart/form-data")


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    client = module.app.test_client()
    assert len(LONG_ARTICLE) < module.app.config["MAX_CONTENT_LENGTH"]
    assert post_article(client, LONG_ARTICLE).status_code == 413
    assert module.saved == []
    assert post_article(client, "short").status_code == 201


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    client = module.app.test_client()
    response = post_article(client, LONG_ARTICLE)
    assert response.status_code == 201
    assert module.saved == [(len(LONG_ARTICLE), "cover.png")]
    # The app-wide default still protects every other request.
    assert module.app.config["MAX_FORM_MEMORY_SIZE"] == 500_000
