"""rest-apis-fix-create-201: a create answers 200 with no Location for the new resource."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "rest-apis-fix-create-201"

# The prompt leaves out the app and its imports.
PREAMBLE = """
from flask import Flask, abort, request, url_for

app = Flask(__name__)
"""
FIX = (
    """    return {"message": "Book created", "book": book}""",
    """    return book, 201, {"Location": url_for("get_book", book_id=book["id"])}""",
)


def test_the_bug_is_real() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE).app
    response = app.test_client().post("/api/books", json={"title": "Dune"})
    assert response.status_code == 200
    assert "Location" not in response.headers


def test_the_fix_works() -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX).app
    client = app.test_client()
    response = client.post("/api/books", json={"title": "Dune"})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/books/1"
    assert response.get_json() == {"id": 1, "title": "Dune"}
    fetched = client.get(response.headers["Location"])
    assert fetched.status_code == 200 and fetched.get_json() == {"id": 1, "title": "Dune"}
