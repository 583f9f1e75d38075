"""deployment-fix-download-into-memory: f.read() buffers the whole export and ignores Range."""

from __future__ import annotations

from pathlib import Path

from tests.fix_the_code.snippets import run_question

QUESTION = "deployment-fix-download-into-memory"

PREAMBLE = """
import os
from werkzeug.security import safe_join
from flask import Flask, Response, abort, send_from_directory

app = Flask(__name__)
EXPORT_DIR = {folder!r}
"""
FIX = (
    """    path = safe_join(EXPORT_DIR, name)
    if path is None or not os.path.isfile(path):
        abort(404)
    with open(path, "rb") as f:
        data = f.read()
    return Response(data, mimetype="text/csv")""",
    """    return send_from_directory(EXPORT_DIR, name, mimetype="text/csv", as_attachment=True)""",
)
CONTENT = b"id,amount\n" + b"".join(b"%d,%d\n" % (i, i * 3) for i in range(20_000))


def app_for(tmp_path: Path, **kw):
    (tmp_path / "big.csv").write_bytes(CONTENT)
    return run_question(QUESTION, preamble=PREAMBLE.format(folder=str(tmp_path)), **kw).app


def view_response(app):
    """The Response object the view returns, before the test client reads its body."""
    with app.test_request_context("/exports/big.csv"):
        return app.full_dispatch_request()


def test_the_bug_is_real(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    response = view_response(app)
    assert response.is_sequence and response.response == [CONTENT]  # the whole file in memory
    ranged = app.test_client().get("/exports/big.csv", headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 200 and len(ranged.data) == len(CONTENT)  # no resume


def test_the_fix_works(tmp_path: Path) -> None:
    app = app_for(tmp_path, replace=FIX)
    response = view_response(app)
    assert not response.is_sequence and response.direct_passthrough  # a file wrapper, read in chunks
    response.close()
    client = app.test_client()
    full = client.get("/exports/big.csv")
    assert full.status_code == 200 and full.data == CONTENT
    assert full.headers["Content-Disposition"].startswith("attachment")
    ranged = client.get("/exports/big.csv", headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 206 and ranged.data == CONTENT[:10]
    assert client.get("/exports/..%2Fsecret.txt").status_code == 404
    assert client.get("/exports/missing.csv").status_code == 404
