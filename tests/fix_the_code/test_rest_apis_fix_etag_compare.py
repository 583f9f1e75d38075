"""rest-apis-fix-etag-compare: the raw If-None-Match never equals the bare hash, so no 304 ever."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "rest-apis-fix-etag-compare"

PREAMBLE = """
import hashlib
import json
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ARTICLES = {1: {"title": "ETags", "body": "Conditional requests save bandwidth."}}
"""
FIX = (
    """    if request.headers.get("If-None-Match") == etag:
        return "", 304
    response = jsonify(article)
    response.set_etag(etag)
    return response""",
    """    response = jsonify(article)
    response.set_etag(etag)
    return response.make_conditional(request)""",
)


def test_the_bug_is_real() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE).app.test_client()
    first = client.get("/api/articles/1")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get("/api/articles/1", headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert again.get_json() == first.get_json()


def test_the_fix_works() -> None:
    client = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app.test_client()
    first = client.get("/api/articles/1")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    for header in (etag, f"W/{etag}", f'"stale", {etag}', "*"):
        cached = client.get("/api/articles/1", headers={"If-None-Match": header})
        assert cached.status_code == 304, header
        assert cached.data == b""
        assert cached.headers["ETag"] == etag
    changed = client.get("/api/articles/1", headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200
    assert changed.get_json() == first.get_json()
    assert client.get("/api/articles/2").status_code == 404
