"""security-path-traversal-send-file: ../ and absolute names make send_file serve files outside reports/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fix_the_code.snippets import run_question

QUESTION = "security-path-traversal-send-file"

PREAMBLE = """
import os
from flask import Flask, request, send_file, send_from_directory

app = Flask(__name__)
"""
FIX = (
    "    return send_file(os.path.join(REPORTS_DIR, name))",
    "    return send_from_directory(REPORTS_DIR, name)",
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "q1.txt").write_text("quarterly numbers")
    (tmp_path / "secret.txt").write_text("DATABASE_PASSWORD=hunter2")
    return tmp_path


def download(app, name: str) -> tuple[int, str]:
    response = app.test_client().get("/download", query_string={"name": name})
    try:
        return response.status_code, response.get_data(as_text=True)
    finally:
        response.close()


def test_the_bug_is_real(root: Path) -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, root=root).app
    assert download(app, "../secret.txt") == (200, "DATABASE_PASSWORD=hunter2")
    assert download(app, str(root / "secret.txt")) == (200, "DATABASE_PASSWORD=hunter2")


def test_the_fix_works(root: Path) -> None:
    app = run_question(QUESTION, preamble=PREAMBLE, replace=FIX, root=root).app
    assert download(app, "../secret.txt")[0] == 404
    assert download(app, str(root / "secret.txt"))[0] == 404
    assert download(app, "q1.txt") == (200, "quarterly numbers")
