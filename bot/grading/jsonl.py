"""The JSON Lines grading contract (docs/content-guide.md, "Trying a rubric"), for ``interview-bot grade``.

In: one ``{"question": ID, "answer": TEXT}`` per line. Out: one line per non-blank input
line, either the grade or ``{"error": "line N: ..."}``; a bad line never stops the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from bot.bank.models import Bank
from bot.grading.grade import Grader
from bot.grading.result import Grade


def grade_lines(grader: Grader, bank: Bank, lines: Iterable[str], out: TextIO) -> int:
    """Grade every line of ``lines`` into ``out``; returns how many lines were errors."""
    errors = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = _grade_line(grader, bank, line)
        except _LineError as error:
            record = {"error": f"line {number}: {error}"}
            errors += 1
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors


class _LineError(Exception):
    """One input line cannot be graded; the message says why."""


def _grade_line(grader: Grader, bank: Bank, line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise _LineError(f"invalid JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(data, dict):
        raise _LineError('expected a JSON object like {"question": ID, "answer": TEXT}')
    question_id = data.get("question")
    if not isinstance(question_id, str):
        raise _LineError('"question" must be a string (a question id)')
    question = bank.question(question_id)
    if question is None:
        raise _LineError(f"unknown question id {question_id!r}")
    answer = data.get("answer")
    if not isinstance(answer, str):
        raise _LineError('"answer" must be a string')
    return grade_record(question_id, grader.grade(question, answer))


def grade_record(question_id: str, grade: Grade) -> dict[str, Any]:
    """The output object for one graded line, keys in the documented order."""
    return {
        "question": question_id,
        "score": grade.score,
        "passed": grade.passed,
        "matched": [match.text for match in grade.matched],
        "missed": [point.text for point in grade.missed],
        "pitfalls": [pitfall.text for pitfall in grade.pitfalls],
    }
