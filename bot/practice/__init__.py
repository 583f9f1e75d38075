"""`interview-bot practice`: the interview engine in a terminal, no Discord needed.

Results go to the same database as the bot's, under a local member (server 0), so the
review queue works here too. Input may be piped: an answer ends with an empty line,
and the end of input ends the interview with its report.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.bank import Difficulty, load_bank
from bot.clock import SystemClock
from bot.config import DEFAULT_DATABASE_PATH, read_env_file
from bot.engine import AnswerGraded, InterviewReport, InterviewService, QuestionView
from bot.engine.errors import ActiveInterviewExists
from bot.errors import UserFacingError
from bot.grading import Grader
from bot.practice.render import LETTERS, Style, render_feedback, render_question, render_report
from bot.store import SqliteStore

LOCAL_GUILD = 0  # the terminal is "server 0": kept apart from every Discord server
LOCAL_MEMBER = 0
COMMANDS = {":hint", ":skip", ":quit"}


def _database_path() -> Path:
    from_file = read_env_file(Path(".env")).get("DATABASE_PATH")
    return Path(os.environ.get("DATABASE_PATH") or from_file or DEFAULT_DATABASE_PATH)


class _Input:
    """Reads answers from a stream; the end of the stream reads as :quit."""

    def __init__(self, stream: TextIO, echo_to: TextIO | None) -> None:
        self._stream = stream
        # Piped input is not shown by a terminal; echoing it keeps a transcript readable.
        self._echo_to = echo_to

    def line(self) -> str | None:
        line = self._stream.readline()
        if line == "":
            return None
        if self._echo_to is not None:
            self._echo_to.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\n")

    def answer(self, out: TextIO, prompt: str) -> str:
        """Lines until an empty one (open answers), or a single command."""
        out.write(prompt)
        out.flush()
        lines: list[str] = []
        while (line := self.line()) is not None:
            if not lines and line.strip() in COMMANDS:
                return line.strip()
            if not line.strip():
                if lines:
                    break
                continue
            lines.append(line)
        if not lines and line is None:
            return ":quit"
        return "\n".join(lines)

    def choice(self, out: TextIO, prompt: str, letters: str) -> str:
        while True:
            out.write(prompt)
            out.flush()
            line = self.line()
            if line is None:
                return ":quit"
            picked = line.strip()
            if picked in COMMANDS or (len(picked) == 1 and picked.upper() in letters):
                return picked.upper() if len(picked) == 1 else picked
            if picked:
                out.write(f"Type one of {', '.join(letters)} (or :hint, :skip, :quit).\n")


async def _session(args: argparse.Namespace, content_dir: Path, stdin: TextIO, out: TextIO) -> int:
    bank = await asyncio.to_thread(load_bank, content_dir)
    style = Style(colour=out.isatty() and "NO_COLOR" not in os.environ)
    store = await SqliteStore.open(_database_path())
    try:
        service = InterviewService(bank, Grader(bank), store.interviews, SystemClock(), seeds=_seeds(args))
        settings = await store.settings.guild_settings(LOCAL_GUILD)
        view = await _begin(service, args, out)
        reader = _Input(stdin, echo_to=None if stdin.isatty() else out)
        outcome: QuestionView | InterviewReport = view
        while isinstance(outcome, QuestionView):
            view = outcome
            limit = settings.open_time_limit if view.question.is_open else settings.choice_time_limit
            out.write(render_question(view, style, limit) + "\n")
            outcome = await _one_step(service, view, reader, out, style)
        out.write(render_report(outcome, style) + "\n")
        return 0
    finally:
        await store.close()


async def _begin(service: InterviewService, args: argparse.Namespace, out: TextIO) -> QuestionView:
    try:
        if args.review:
            return await service.start_review(LOCAL_GUILD, LOCAL_MEMBER, count=args.questions)
        difficulty = None if args.difficulty == "adaptive" else Difficulty(args.difficulty)
        return await service.start(
            LOCAL_GUILD, LOCAL_MEMBER, topics=args.topic or [], difficulty=difficulty, count=args.questions
        )
    except ActiveInterviewExists:
        out.write("Resuming the interview you left unfinished (:quit ends it with a report).\n")
        return await service.resume(LOCAL_GUILD, LOCAL_MEMBER)


async def _one_step(
    service: InterviewService, view: QuestionView, reader: _Input, out: TextIO, style: Style
) -> QuestionView | InterviewReport:
    sid, index = view.session_id, view.index
    while True:
        if view.question.is_open:
            reply = reader.answer(out, "> ")
        else:
            shown = "".join(LETTERS[option.position] for option in view.options)
            reply = reader.choice(out, "> ", shown)
        try:
            if reply == ":quit":
                return await service.end(sid, LOCAL_MEMBER)
            if reply == ":skip":
                return await service.skip(sid, LOCAL_MEMBER, index)
            if reply == ":hint":
                view = await service.hint(sid, LOCAL_MEMBER, index)
                out.write(style.yellow("Hint: " + view.hints[-1]) + "\n")
                continue
            graded: AnswerGraded
            if view.question.is_open:
                graded = await service.answer(sid, LOCAL_MEMBER, index, reply)
            else:
                graded = await service.choose(sid, LOCAL_MEMBER, index, LETTERS.index(reply))
        except UserFacingError as error:
            out.write(style.yellow(str(error)) + "\n")
            continue
        out.write(render_feedback(graded, style) + "\n")
        return await service.next_question(sid, LOCAL_MEMBER, index)


def _seeds(args: argparse.Namespace) -> Callable[[], int] | None:
    """A fixed seed (the hidden --seed option) makes a session reproducible for tests."""
    seed: int | None = args.seed
    return None if seed is None else (lambda: seed)


def run_practice(
    args: argparse.Namespace, *, content_dir: Path, stdin: TextIO | None = None, out: TextIO | None = None
) -> int:
    try:
        if not 1 <= args.questions <= 20:
            raise UserFacingError("--questions must be between 1 and 20")
        return asyncio.run(_session(args, content_dir, stdin or sys.stdin, out or sys.stdout))
    except UserFacingError as error:
        print(f"interview-bot: {error}", file=sys.stderr)
        return 1
