"""The grade command's JSON Lines contract (docs/content-guide.md): one output line per input, errors inline."""

from __future__ import annotations

import io
import json

import pytest

from bot.bank.models import Bank, Topic
from bot.grading import Grader
from bot.grading.jsonl import grade_lines
from tests.grading.questions import CHOICE, GOOD_SESSION_ANSWER, SESSIONS


@pytest.fixture(scope="module")
def bank() -> Bank:
    return Bank([Topic("testing", "Testing", "", (SESSIONS, CHOICE))])


@pytest.fixture(scope="module")
def grader(bank: Bank) -> Grader:
    return Grader(bank)


def run(grader: Grader, bank: Bank, *lines: str) -> tuple[int, list[dict]]:
    out = io.StringIO()
    errors = grade_lines(grader, bank, lines, out)
    text = out.getvalue()
    assert text == "" or text.endswith("\n")
    return errors, [json.loads(line) for line in text.splitlines()]


def test_a_good_line_gets_its_grade(grader, bank):
    line = json.dumps({"question": SESSIONS.id, "answer": GOOD_SESSION_ANSWER})
    errors, records = run(grader, bank, line)
    assert errors == 0
    assert records == [
        {
            "question": SESSIONS.id,
            "score": 1.0,
            "passed": True,
            "matched": [point.text for point in SESSIONS.key_points],
            "missed": [],
            "pitfalls": [],
        }
    ]
    assert list(records[0]) == ["question", "score", "passed", "matched", "missed", "pitfalls"]


def test_missed_points_and_pitfalls_are_texts(grader, bank):
    line = json.dumps({"question": SESSIONS.id, "answer": "Flask encrypts the session cookie."})
    _, [record] = run(grader, bank, line)
    assert record["passed"] is False
    assert 0 <= record["score"] < 1
    assert record["pitfalls"] == ["Believes Flask encrypts the session data"]
    assert SESSIONS.key_points[3].text in record["missed"]


def test_a_choice_line(grader, bank):
    _, records = run(
        grader,
        bank,
        json.dumps({"question": CHOICE.id, "answer": CHOICE.correct}),
        json.dumps({"question": CHOICE.id, "answer": CHOICE.wrong[0]}),
    )
    assert [(r["score"], r["passed"], r["matched"], r["missed"]) for r in records] == [
        (1.0, True, [CHOICE.correct], []),
        (0.0, False, [], [CHOICE.correct]),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"question": "sessions-default", "answer": ', "line 1: invalid JSON"),
        ('["sessions-default", "an answer"]', "line 1: expected a JSON object"),
        ('"just a string"', "line 1: expected a JSON object"),
        ('{"question": "no-such-question", "answer": "x"}', "line 1: unknown question id 'no-such-question'"),
        ('{"question": "sessions-default"}', 'line 1: "answer" must be a string'),
        ('{"question": "sessions-default", "answer": 42}', 'line 1: "answer" must be a string'),
        ('{"question": "sessions-default", "answer": null}', 'line 1: "answer" must be a string'),
        ('{"answer": "x"}', 'line 1: "question" must be a string'),
        ('{"question": 7, "answer": "x"}', 'line 1: "question" must be a string'),
    ],
)
def test_a_bad_line_gets_an_error_line(grader, bank, line, message):
    errors, records = run(grader, bank, line)
    assert errors == 1
    assert len(records) == 1 and list(records[0]) == ["error"]
    assert records[0]["error"].startswith(message)


def test_the_run_goes_on_after_errors_and_blank_lines_are_skipped(grader, bank):
    good = json.dumps({"question": SESSIONS.id, "answer": "idk"})
    errors, records = run(grader, bank, good, "", "not json", "   \n", good + "\n", '{"question": "x", "answer": "y"}')
    assert errors == 2
    assert len(records) == 4  # the two blank lines produce nothing
    assert records[0]["question"] == SESSIONS.id and records[0]["score"] == 0.0
    assert records[1]["error"].startswith("line 3: invalid JSON")  # line numbers count blanks
    assert records[2]["question"] == SESSIONS.id
    assert records[3]["error"].startswith("line 6: unknown question id")


def test_unicode_is_written_as_is(grader, bank):
    line = json.dumps({"question": SESSIONS.id, "answer": "La session est un cookie signé."}, ensure_ascii=False)
    out = io.StringIO()
    assert grade_lines(grader, bank, [line], out) == 0
    assert json.loads(out.getvalue())["question"] == SESSIONS.id
    unknown = io.StringIO()
    grade_lines(grader, bank, ['{"question": "café", "answer": "x"}'], unknown)
    assert "café" in unknown.getvalue()  # echoed as written, not as \\u00e9
