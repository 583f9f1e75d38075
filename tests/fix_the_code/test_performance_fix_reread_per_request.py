"""performance-fix-reread-per-request: the CSV is read and parsed again on every request."""

from __future__ import annotations

from pathlib import Path

from tests.fix_the_code.snippets import run_question

QUESTION = "performance-fix-reread-per-request"

PREAMBLE = """
import csv
import functools
from flask import Flask, abort

app = Flask(__name__)
app.config["COUNTRIES_CSV"] = {path!r}

READS = []
_builtin_open = open


def open(file, *args, **kwargs):  # counts the reads the snippet does
    READS.append(file)
    return _builtin_open(file, *args, **kwargs)
"""
FIX = ("def country_table():", "@functools.cache\ndef country_table():")


def preamble(tmp_path: Path) -> str:
    table = tmp_path / "countries.csv"
    table.write_text("code,name\nFR,France\nDE,Germany\nJP,Japan\n", encoding="utf-8")
    return PREAMBLE.format(path=str(table))


def hit(module) -> None:
    client = module.app.test_client()
    assert client.get("/countries/fr").get_json() == {"code": "FR", "name": "France"}
    assert client.get("/countries/JP").get_json() == {"code": "JP", "name": "Japan"}
    assert client.get("/countries/xx").status_code == 404


def test_the_bug_is_real(tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=preamble(tmp_path))
    hit(module)
    assert len(module.READS) == 3  # the file is opened and parsed for every request


def test_the_fix_works(tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=preamble(tmp_path), replace=FIX)
    hit(module)
    assert len(module.READS) == 1
