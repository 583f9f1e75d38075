"""How long loading and validating a bank of 5,000 questions takes (the issue asks < 1 s).

Generates a bank of 50 topic files x 100 questions (half open, half choice, shaped like
the shipped ones) in a temporary folder, then loads it several times.

    python bench/bank_load.py [--questions 5000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bot.bank import load_bank

OPEN = """\
  - id: {topic}-q{n}
    type: open
    difficulty: {difficulty}
    prompt: |
      Question {n} of {topic}: how does Flask keep per-user state between requests, and what
      must you configure for it?
    answer: |
      Flask stores the session in a cookie signed with SECRET_KEY. The browser can read it but
      cannot change it without the key, so keep secrets out of it and set a strong key.
    key_points:
      - text: The session lives in a signed cookie
        any: ["signed cookie", "cookie", "itsdangerous"]
        weight: 2
      - text: SECRET_KEY must be set and kept secret
        any: ["secret key", "SECRET_KEY"]
      - text: The client can read it, so no secrets in it
        any: ["readable", "not encrypted", "base64"]
    pitfalls:
      - text: Believes the session is encrypted
        any: ["session is encrypted", "encrypts the cookie"]
    tags: [sessions]
    refs: ["https://flask.palletsprojects.com/en/stable/quickstart/#sessions"]
"""

CHOICE = """\
  - id: {topic}-q{n}
    type: choice
    difficulty: {difficulty}
    prompt: Which status code does `abort(404)` send in question {n}?
    correct: "404 Not Found"
    wrong: ["500 Internal Server Error", "400 Bad Request", "302 Found"]
    explain: |
      abort raises an HTTPException for the code given; Flask turns it into that response.
"""


def write_bank(folder: Path, total: int, per_file: int = 100) -> None:
    levels = ("easy", "medium", "hard")
    for file_number in range(total // per_file):
        topic = f"topic{file_number:02d}"
        parts = [f"topic: {topic}\ntitle: Topic {file_number}\nquestions:\n"]
        for n in range(per_file):
            template = OPEN if n % 2 == 0 else CHOICE
            parts.append(template.format(topic=topic, n=n, difficulty=levels[n % 3]))
        (folder / f"{topic}.yaml").write_text("".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        write_bank(Path(folder), args.questions)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            bank = load_bank(folder)
            timings.append(time.perf_counter() - started)
        assert len(bank) == args.questions
    print(
        f"load + validate {args.questions} questions: median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
