"""The same answer gets the same grade in every process.

Rubric units are sets of synonyms, and a set's iteration order changes with Python's hash
seed; evidence picked in that order made a score differ between two runs of the bot (seen
on a shipped probe: 0.0 under one seed, 0.021 under another). Grading every probe of the
shipped bank under a few seeds, in separate processes, and comparing the scores keeps it so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCORES = """
import hashlib
from bot.bank import load_bank
from bot.config import shipped_content_dir
from bot.grading import Grader
bank = load_bank(shipped_content_dir())
grader = Grader(bank)
lines = []
for question in bank:
    for number, probe in enumerate(question.probes):
        grade = grader.grade(question, probe.text)
        matched = ",".join(" ".join(match.words) for match in grade.matched)
        lines.append(f"{question.id}#{number} {grade.score} {matched}")
print(len(lines), hashlib.sha256("\\n".join(lines).encode()).hexdigest())
"""


def test_every_probe_grades_the_same_under_any_hash_seed() -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SCORES],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in ("0", "3", "7")
    ]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        outputs.append(out)
    assert int(outputs[0].split()[0]) > 1000
    assert len(set(outputs)) == 1, outputs
