"""`interview-bot practice` as a member meets it: through a pipe, and on a real terminal (a pty)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from bot.bank import load_bank
from bot.cli import main
from bot.practice.topics import UnknownTopic, resolve_topics
from tests.conftest import ROOT, SAMPLE_BANK

MODEL_ANSWER = (
    "It protects against cross-site scripting: values rendered with {{ }} have HTML special characters "
    "escaped, so user input cannot inject scripts. Flask enables it for .html, .htm, .xml and .svg templates."
)
OPEN = ("--topic", "templates", "--difficulty", "medium")
CHOICE = ("--topic", "templates", "--difficulty", "hard")
TWO = ("--topic", "templates", "--questions", "2")  # adaptive: the open question, then the choice one


def environment(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "practice.sqlite3"), "NO_COLOR": "1", "TERM": "xterm"}
    for name in ("DISCORD_TOKEN", "CONTENT_DIR"):
        env.pop(name, None)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot", "practice", "--bank", str(SAMPLE_BANK), *args]


def practice(tmp_path: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """The command with piped input, run in this process (ten times faster than a new one)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, environment(tmp_path), clear=True),
        mock.patch.object(sys, "stdin", io.StringIO(stdin)),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        contextlib.chdir(tmp_path),
    ):
        code = main(["practice", "--bank", str(SAMPLE_BANK), *args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def started(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(tmp_path),
        cwd=tmp_path,
    )


def read_until(process: subprocess.Popen[str], ending: str) -> str:
    assert process.stdout is not None
    shown = ""
    while not shown.endswith(ending):
        char = process.stdout.read(1)
        assert char, f"the program ended before printing {ending!r}: {shown}"
        shown += char
    return shown


def interrupted_on_the_first_question(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Start an interview, press Ctrl-C once at the answer prompt (a SIGINT, as a terminal sends)."""
    process = started(tmp_path, *args)
    read_until(process, "> ")
    time.sleep(0.2)  # be waiting for the answer, as a person pressing Ctrl-C would find it
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


# -- answers through a pipe ---------------------------------------------------------------------


def test_an_answer_with_blank_lines_stays_one_answer_until_the_dot(tmp_path):
    # Two paragraphs: the first covers escaping and XSS, the second the file extensions.
    answer = "Autoescaping escapes HTML special characters, which prevents XSS.\n\nIt is on for .html templates.\n.\n"
    result = practice(tmp_path, *OPEN, "--questions", "1", stdin=answer)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Question 1/1 · Templates with Jinja · medium" in out
    assert "end with a line holding only '.' (or Ctrl-D)" in out  # the prompt says how an answer ends
    assert "PASSED" in out and "Missed:" not in out  # graded as one answer: all three points covered
    assert "== Interview report ==" in out and "Passed 1/1" in out
    assert "\033[" not in out  # no colour when piped


def test_the_second_paragraph_does_not_answer_the_next_question(tmp_path):
    answer = "It escapes HTML special characters.\n\nSo user input cannot inject scripts (XSS).\n.\n:quit\n"
    result = practice(tmp_path, *TWO, stdin=answer)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Question 1/2") == 1 and "Question 2/2" in result.stdout
    assert "Passed 1/1" in result.stdout or "Passed 0/1" in result.stdout  # one answer, not two


def test_the_question_shows_its_deadline_and_the_prompt_the_time_left(tmp_path):
    result = practice(tmp_path, *OPEN, "--questions", "1", stdin=":quit\n")
    assert re.search(r"Answer by \d\d:\d\d:\d\d \((4:5\d|5:00) left\)\.", result.stdout), result.stdout
    assert re.search(r"\[(4:5\d|5:00) left\] > ", result.stdout)


def test_choice_question_answered_by_letter(tmp_path):
    process = started(tmp_path, *CHOICE, "--questions", "1")
    shown = read_until(process, "> ")
    letter = re.search(r"([A-E])\) markupsafe", shown).group(1)
    out, err = process.communicate(f"{letter.lower()}\n", timeout=60)
    assert process.returncode == 0, err
    assert "PASSED" in out and "30/30 points" in out and "Correct: markupsafe" in out


def test_a_hint_on_a_choice_question_shows_the_options_left(tmp_path):
    result = practice(tmp_path, *CHOICE, "--questions", "1", stdin=":hint\n:quit\n")
    after_hint = result.stdout.split("Hint (points halved): One wrong option was removed.")[1]
    options = re.findall(r"^  ([A-E])\) (.+)$", after_hint, flags=re.MULTILINE)
    assert len(options) == 3 and "markupsafe" in {text for _, text in options}


def test_hint_skip_and_the_review_queue(tmp_path):
    first = practice(tmp_path, *OPEN, "--questions", "1", stdin=":hint\nFlask escapes HTML special characters.\n.\n")
    assert first.returncode == 0, first.stderr
    assert "Hint (points halved): " in first.stdout and "A hint was used: points halved." in first.stdout
    assert "Missed questions come back for review, the first in 4 hours:" in first.stdout
    skipped = practice(tmp_path, "--topic", "routing", "--questions", "2", stdin=":skip\n:quit\n")
    assert skipped.returncode == 0, skipped.stderr
    assert "Interview report (ended early)" in skipped.stdout and "Skipped 1" in skipped.stdout
    # Nothing due yet: not an error, and it says when to come back.
    review = practice(tmp_path, "--review", stdin="")
    assert review.returncode == 0, review.stderr
    assert "Nothing is due for review yet. The first question comes back in 4 hours (at " in review.stdout
    assert review.stderr == ""


def test_review_with_no_cards_at_all_explains_the_queue(tmp_path):
    review = practice(tmp_path, "--review", stdin="")
    assert review.returncode == 0
    assert review.stdout.startswith("Nothing to review yet: questions you miss")


def test_end_of_input_ends_the_interview_with_a_report(tmp_path):
    result = practice(tmp_path, "--questions", "3", stdin="")
    assert result.returncode == 0, result.stderr
    assert "Interview report (ended early)" in result.stdout


def test_quitting_before_any_answer_says_nothing_was_answered(tmp_path):
    result = practice(tmp_path, "--questions", "3", stdin=":quit\n")
    assert result.returncode == 0, result.stderr
    assert "Nothing was answered, so there is no score." in result.stdout
    assert "Passed 0/0" not in result.stdout and "Study next" not in result.stdout


def test_bad_arguments_are_explained(tmp_path):
    result = practice(tmp_path, "--questions", "50", stdin="")
    assert result.returncode == 1
    assert result.stderr.strip() == "interview-bot: --questions must be between 1 and 20"
    unknown = practice(tmp_path, "--topic", "django", stdin="")
    assert unknown.returncode == 1 and "There is no topic 'django'." in unknown.stderr
    assert "`interview-bot topics` lists them." in unknown.stderr
    assert "Traceback" not in unknown.stderr
    typo = practice(tmp_path, "--topic", "rooting", stdin="")
    assert "Did you mean 'routing'?" in typo.stderr


def test_topics_take_any_case_titles_and_commas(tmp_path):
    bank = load_bank(SAMPLE_BANK)
    assert resolve_topics(bank, ["ROUTING, templates", "Routing"]) == ("routing", "templates")
    assert resolve_topics(bank, ["Templates with Jinja"]) == ("templates",)
    assert resolve_topics(bank, ["mixed"]) == ()
    try:
        resolve_topics(bank, ["templtes"])
    except UnknownTopic as error:
        assert "Did you mean 'templates'?" in str(error)
    else:
        raise AssertionError("a typo must be refused")
    result = practice(tmp_path, "--topic", "TEMPLATES", "--difficulty", "Medium", "--questions", "1", stdin="")
    assert result.returncode == 0, result.stderr
    assert "Question 1/1 · Templates with Jinja · medium" in result.stdout


# -- Ctrl-C, resuming, stopping -----------------------------------------------------------------


def test_one_ctrl_c_stops_at_once_keeps_the_interview_and_says_how_to_resume(tmp_path):
    result = interrupted_on_the_first_question(tmp_path, *TWO)
    assert result.returncode == 130
    assert "Stopped. Your interview is saved at question 1 of 2." in result.stderr
    # As it was started, with the same bank (the interview's questions come from it).
    assert re.search(rf"Resume it with: .*-m bot practice --bank {re.escape(str(SAMPLE_BANK))}\n", result.stderr)
    assert f"practice --bank {SAMPLE_BANK} --stop" in result.stderr and "Traceback" not in result.stderr
    resumed = practice(tmp_path, stdin=":quit\n")
    assert "Resuming the interview you left at question 1 of 2 (Templates with Jinja)." in resumed.stdout
    assert "Question 1/2 · Templates with Jinja · medium" in resumed.stdout


def test_stop_ends_the_saved_interview_with_its_report(tmp_path):
    interrupted_on_the_first_question(tmp_path, *TWO)
    stopped = practice(tmp_path, "--stop", stdin="")
    assert stopped.returncode == 0 and "Interview report (ended early)" in stopped.stdout
    again = practice(tmp_path, "--stop", stdin="")
    assert again.returncode == 0 and "There is no unfinished interview to stop." in again.stdout


def test_new_options_while_an_interview_is_open_offer_a_choice(tmp_path):
    interrupted_on_the_first_question(tmp_path, *TWO)
    kept = practice(tmp_path, "--topic", "routing", stdin="c\n:quit\n")
    assert "You have an unfinished interview, at question 1 of 2 (Templates with Jinja)" in kept.stdout
    assert "the options you gave are for a new one" in kept.stdout
    assert "Question 1/2 · Templates with Jinja" in kept.stdout and "Routing" not in kept.stdout
    interrupted_on_the_first_question(tmp_path, *TWO)
    replaced = practice(tmp_path, "--topic", "routing", "--questions", "1", stdin="n\n:quit\n")
    assert "Question 1/1 · Routing" in replaced.stdout
    assert practice(tmp_path, "--stop", stdin="").stdout.strip() == "There is no unfinished interview to stop."


# -- on a real terminal -------------------------------------------------------------------------


class Pty:
    """The program on a pseudo-terminal, as a person at a keyboard would run it."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the program, with the pty as its terminal
            os.chdir(tmp_path)
            os.execvpe(sys.executable, command(*args), environment(tmp_path))
        self.screen = ""

    def read_until(self, text: str, timeout: float = 20, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while self.screen.count(text) < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} never appeared on the screen:\n{self.screen}"
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"the program ended before {text!r}:\n{self.screen}"
                self.screen += chunk.decode("utf-8", "replace")
        return self.screen

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def exit_status(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_on_a_terminal_one_ctrl_c_exits_130_at_once(tmp_path):
    terminal = Pty(tmp_path, *TWO)
    terminal.read_until("left] > ")
    # A person's reaction time: a signal in the microseconds between readline drawing the
    # prompt and waiting for a key is only seen at the next key (CPython's readline loop).
    time.sleep(0.3)
    terminal.type("\x03")  # one Ctrl-C, no Enter after it
    terminal.read_until("Or end it with its report")
    assert terminal.exit_status() == 130
    assert "Your interview is saved at question 1 of 2." in terminal.screen


def test_on_a_terminal_readline_edits_the_line(tmp_path):
    terminal = Pty(tmp_path, *CHOICE, "--questions", "1")
    terminal.read_until("left] > ")
    # "x:hint", then Ctrl-A (start of line) and Ctrl-D (delete the x): readline makes it ":hint".
    terminal.type("x:hint\x01\x04\r")
    terminal.read_until("Hint (points halved): One wrong option was removed.")
    terminal.type(":quit\r")
    terminal.read_until("Interview report")
    assert terminal.exit_status() == 0


def test_on_a_terminal_the_verdict_waits_for_enter(tmp_path):
    terminal = Pty(tmp_path, *TWO, "--seed", "3")
    terminal.read_until("left] > ")
    terminal.type("It escapes HTML special characters.\r.\r")
    terminal.read_until("Press Enter for the next question")
    time.sleep(0.3)
    terminal.read_until("Press Enter for the next question")
    assert "Question 2/2" not in terminal.screen  # the next question waits for Enter
    terminal.type("\r")
    terminal.read_until("left] > ", count=2)  # question 2's prompt: readline is listening
    terminal.type("\x04")  # Ctrl-D on an empty answer ends the interview with its report
    terminal.read_until("Interview report (ended early)")
    assert terminal.exit_status() == 0


def test_practice_never_imports_discord():
    code = "import sys, bot.practice; print('discord' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "False"


def test_terminal_answers_stay_in_server_0_and_off_every_discord_board(tmp_path):
    from bot.store import BoardFilter, SqliteStore

    answered = practice(tmp_path, *OPEN, "--questions", "1", stdin=MODEL_ANSWER + "\n.\n")
    assert answered.returncode == 0, answered.stderr

    async def ranked(guild_id: int) -> int:
        store = await SqliteStore.open(tmp_path / "practice.sqlite3")
        try:
            return (await store.leaderboard.board(BoardFilter(guild_id), offset=0, limit=10, member_id=0)).ranked
        finally:
            await store.close()

    assert asyncio.run(ranked(0)) == 1  # the terminal's own "server 0"
    assert asyncio.run(ranked(800000000000000001)) == 0  # any Discord server
