"""`interview-bot disputes export`: the flagged grades as JSON Lines for rubric authors.

Each line is the `grade` command's input (``{"question": ID, "answer": TEXT}``, see
docs/content-guide.md) plus what the member disputed, so the file can be piped straight back
into `interview-bot grade` to see how today's rubric grades it:

    {"question": ID, "answer": TEXT, "score": 0..1, "passed": bool, "reason": TEXT,
     "member_grade": null, "flagged_at": ISO 8601 UTC}

``member_grade`` is left for the author to fill with a 0-4 grade when turning the line into
a probe. No member or server id is written: authors need the answer, not who gave it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.errors import InterviewBotError
from bot.store.disputes import DisputeRecord, DisputesUnreadable, read_disputes


class ExportFailed(InterviewBotError):
    """The export could not be written; the message names the file and the problem."""


def dispute_line(record: DisputeRecord) -> dict[str, Any]:
    """One flag as its JSON object, keys in the documented order."""
    return {
        "question": record.question_id,
        "answer": record.answer,
        "score": record.score,
        "passed": record.passed,
        "reason": record.reason,
        "member_grade": None,
        "flagged_at": record.created_at.isoformat(),
    }


def json_lines(records: Iterable[DisputeRecord]) -> str:
    return "".join(json.dumps(dispute_line(record), ensure_ascii=False) + "\n" for record in records)


def export_disputes(database: Path, output: Path | None, stdout: TextIO) -> int:
    """Write every flag in ``database`` to ``output`` (``stdout`` when None); returns how many."""
    try:
        records = read_disputes(database)
    except DisputesUnreadable as error:
        raise ExportFailed(str(error)) from None
    text = json_lines(records)
    if output is None:
        stdout.write(text)
        return len(records)
    try:
        # All at once: a failed write never leaves a half file that looks complete.
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ExportFailed(f"cannot write {output}: {error.strerror or error}") from None
    return len(records)
