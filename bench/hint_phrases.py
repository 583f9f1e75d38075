"""Say, for each answer of a JSON Lines file, whether it shares a hint phrase with its
question's rubric, without saying which.

Issue 13 asks for a development set whose correct answers are mostly in a candidate's own
words. Its author must not see the hints, so this is how they check an answer: it names
only the line and the question, never the phrase, and the author rewrites in plainer words
until none is shared. "Shares" is grading_eval's definition: a hint of two or more words,
word for word after stemming.

    python bench/hint_phrases.py FILE.jsonl [--bank DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from grading_eval import DEFAULT_BANK, shares_a_hint_phrase

from bot.bank.loader import load_bank


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("answers", type=Path, help='JSON Lines of {"question": ID, "answer": TEXT, ...}')
    parser.add_argument("--bank", type=Path, default=DEFAULT_BANK, help="question bank folder")
    args = parser.parse_args(argv)
    bank = load_bank(args.bank)
    shared = total = 0
    for number, line in enumerate(args.answers.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        question = bank.question(row["question"])
        if question is None:
            print(f"line {number}: unknown question {row['question']!r}")
            continue
        total += 1
        if shares_a_hint_phrase(question, row["answer"]):
            shared += 1
            print(f"line {number} ({question.id}): shares a hint phrase")
    print(f"{total - shared} of {total} answers share no hint phrase")
    return 0


if __name__ == "__main__":
    sys.exit(main())
