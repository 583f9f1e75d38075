"""`interview-bot practice` driven through piped stdin, to the end report."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_BANK

MODEL_ANSWER = (
    "It protects against cross-site scripting: values rendered with {{ }} have HTML special characters "
    "escaped, so user input cannot inject scripts. Flask enables it for .html, .htm, .xml and .svg templates."
)


def practice(tmp_path: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "practice.sqlite3"), "NO_COLOR": "1"}
    env.pop("DISCORD_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "practice", "--bank", str(SAMPLE_BANK), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def test_open_question_answered_through_a_pipe_reaches_the_report(tmp_path):
    result = practice(
        tmp_path, "--topic", "templates", "--difficulty", "medium", "--questions", "1", stdin=MODEL_ANSWER + "\n\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Question 1/1 · Templates with Jinja · medium" in out
    assert "PASSED" in out and "Model answer:" in out
    assert "== Interview report ==" in out and "Passed 1/1" in out
    assert "\033[" not in out  # no colour when piped


def test_choice_question_answered_by_letter(tmp_path):
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "p.sqlite3"), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "practice",
            "--bank",
            str(SAMPLE_BANK),
            "--topic",
            "templates",
            "--difficulty",
            "hard",
            "--questions",
            "1",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert process.stdin is not None and process.stdout is not None
    shown = ""
    while not shown.endswith("> "):
        shown += process.stdout.read(1)
    letter = re.search(r"([A-E])\) markupsafe", shown).group(1)
    process.stdin.write(f"{letter}\n")
    process.stdin.flush()
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "PASSED" in out and "30/30 points" in out and "Correct: markupsafe" in out


def test_quit_hint_and_skip_commands_and_the_review_queue(tmp_path):
    first = practice(
        tmp_path,
        "--topic",
        "templates",
        "--difficulty",
        "medium",
        "--questions",
        "1",
        stdin=":hint\nFlask escapes HTML special characters.\n\n",
    )
    assert first.returncode == 0, first.stderr
    assert "Hint: " in first.stdout and "A hint was used: points halved." in first.stdout
    skipped = practice(tmp_path, "--topic", "routing", "--questions", "2", stdin=":skip\n:quit\n")
    assert skipped.returncode == 0, skipped.stderr
    assert "Interview report (ended early)" in skipped.stdout and "Skipped 1" in skipped.stdout
    review = practice(tmp_path, "--review", stdin="")
    assert review.returncode == 1 and "Nothing is due for review right now" in review.stderr


def test_end_of_input_ends_the_interview_with_a_report(tmp_path):
    result = practice(tmp_path, "--questions", "3", stdin="")
    assert result.returncode == 0, result.stderr
    assert "Interview report (ended early)" in result.stdout


def test_bad_arguments_are_explained(tmp_path):
    result = practice(tmp_path, "--questions", "50", stdin="")
    assert result.returncode == 1
    assert result.stderr.strip() == "interview-bot: --questions must be between 1 and 20"
    unknown = practice(tmp_path, "--topic", "django", stdin="")
    assert unknown.returncode == 1 and "There is no topic 'django'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_practice_never_imports_discord():
    code = "import sys, bot.practice; print('discord' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "False"
