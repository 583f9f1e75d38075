"""`interview-bot practice`: the interview engine in a terminal, no Discord needed.

Results go to the same database as the bot's, under a local member of "server 0", so
the review queue works here too; no Discord server ever shows them.

The loop runs in the main thread and calls the engine through one ``asyncio.Runner``,
a step at a time: waiting for the member's input happens outside the event loop, so a
single Ctrl-C interrupts it at once (inside ``asyncio.run`` the first Ctrl-C only
cancelled a task that was blocked reading a line). Every step is committed before the
next prompt, so an interrupted interview is saved as it stands.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import shlex
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot import invocation
from bot.bank import Bank, Difficulty, load_bank
from bot.clock import Clock, SystemClock
from bot.engine import AnswerGraded, InterviewReport, InterviewService, QuestionAsked
from bot.engine.errors import ActiveInterviewExists, NoActiveInterview, NothingToReview
from bot.errors import UserFacingError
from bot.grading import Grader
from bot.practice.render import (
    LETTERS,
    Style,
    clock_time,
    relative,
    render_feedback,
    render_options,
    render_question,
    render_report,
    time_left,
)
from bot.practice.terminal import QUIT, Terminal
from bot.practice.topics import resolve_topics
from bot.store import SqliteStore
from bot.store.problems import open_store, reported

LOCAL_GUILD = 0  # the terminal is "server 0": kept apart from every Discord server
LOCAL_MEMBER = 0
DEFAULT_QUESTIONS = 5
EXIT_OK, EXIT_FAILURE, EXIT_INTERRUPTED = 0, 1, 130

T = TypeVar("T")
Outcome = QuestionAsked | InterviewReport


class Practice:
    """One run of the command: start or resume, then question after question."""

    def __init__(
        self,
        runner: asyncio.Runner,
        service: InterviewService,
        store: SqliteStore,
        terminal: Terminal,
        out: TextIO,
        *,
        style: Style,
        clock: Clock,
        command: str,  # the practice command as the member can type it, options to keep included
    ) -> None:
        self._runner = runner
        self._service = service
        self._store = store
        self._terminal = terminal
        self._out = out
        self._style = style
        self._clock = clock
        self._command = command
        self.current: QuestionAsked | None = None  # what Ctrl-C leaves saved

    def _run(self, step: Coroutine[Any, Any, T]) -> T:
        return self._runner.run(step)

    def _say(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    # -- starting ---------------------------------------------------------------------------

    def begin(self, args: argparse.Namespace, topics: tuple[str, ...]) -> QuestionAsked | None:
        """The first question to show; None when there is nothing to do."""
        try:
            return self._start(args, topics)
        except ActiveInterviewExists:
            pass
        current = self._run(self._service.resume(LOCAL_GUILD, LOCAL_MEMBER))
        self.current = current
        where = f"question {current.number} of {current.total} ({current.topic_title})"
        asked_for_new = bool(args.topic or args.difficulty or args.questions or args.review)
        if not asked_for_new:
            self._say(f"Resuming the interview you left at {where}. :quit ends it with a report.")
            return current
        # As on Discord: the options given are for a new interview, never silently dropped.
        self._say(f"You have an unfinished interview, at {where}; the options you gave are for a new one.")
        choice = self._terminal.ask(
            "Continue it (c) or abandon it and start the new one (n)? [c] ",
            {"c": "continue", "continue": "continue", "n": "new", "new": "new"},
            default="c",
        )
        if choice is None:
            self._say(f"Nothing changed; the interview stays saved. Resume it with: {self._command}")
            return None
        if choice == "continue":
            return current
        self._run(self._service.abandon(LOCAL_GUILD, LOCAL_MEMBER))
        self.current = None
        return self._start(args, topics)

    def _start(self, args: argparse.Namespace, topics: tuple[str, ...]) -> QuestionAsked | None:
        if args.review:
            try:
                return self._run(self._service.start_review(LOCAL_GUILD, LOCAL_MEMBER, count=args.questions or 10))
            except NothingToReview:
                self._nothing_due()
                return None
        difficulty = None if args.difficulty in (None, "adaptive") else Difficulty(args.difficulty)
        return self._run(
            self._service.start(
                LOCAL_GUILD,
                LOCAL_MEMBER,
                topics=topics,
                difficulty=difficulty,
                count=args.questions or DEFAULT_QUESTIONS,
            )
        )

    def _nothing_due(self) -> None:
        due = self._run(self._store.interviews.next_review_due(LOCAL_GUILD, LOCAL_MEMBER))
        if due is None:
            self._say(
                "Nothing to review yet: questions you miss (or pass only with a hint) come back here on a "
                f"schedule. Start with: {self._command}"
            )
            return
        now = self._clock.now()
        self._say(
            f"Nothing is due for review yet. The first question comes back {relative(due, now)} "
            f"(at {clock_time(due)}, {due.astimezone():%a %d %b}): run {self._command} --review then."
        )

    def stop(self) -> int:
        try:
            report = self._run(self._service.end_active(LOCAL_GUILD, LOCAL_MEMBER))
        except NoActiveInterview:
            self._say("There is no unfinished interview to stop.")
            return EXIT_OK
        self._say(render_report(report, self._style, command=self._command, now=self._clock.now()))
        return EXIT_OK

    # -- asking -----------------------------------------------------------------------------

    def interview(self, first: QuestionAsked) -> int:
        outcome: Outcome = first
        while isinstance(outcome, QuestionAsked):
            self.current = outcome
            self._say(render_question(outcome, self._style, self._clock.now()))
            outcome = self._one_question(outcome)
        self.current = None
        self._say(render_report(outcome, self._style, command=self._command, now=self._clock.now()))
        return EXIT_OK

    def _prompt(self, view: QuestionAsked) -> str:
        return f"[{time_left(view.deadline, self._clock.now())}] > "

    def _one_question(self, view: QuestionAsked) -> Outcome:
        sid, index = view.session_id, view.index
        while True:
            if view.question.is_open:
                reply = self._terminal.answer(functools.partial(self._prompt, view))
            else:
                letters = "".join(LETTERS[option.position] for option in view.options)
                reply = self._terminal.choice(functools.partial(self._prompt, view), letters)
            try:
                if reply == QUIT:
                    return self._run(self._service.end(sid, LOCAL_MEMBER))
                if reply == ":skip":
                    return self._run(self._service.skip(sid, LOCAL_MEMBER, index))
                if reply == ":help":
                    self._say(render_question(view, self._style, self._clock.now()))
                    continue
                if reply == ":hint":
                    view = self._run(self._service.hint(sid, LOCAL_MEMBER, index))
                    self.current = view
                    self._show_hint(view)
                    continue
                graded: AnswerGraded
                if view.question.is_open:
                    graded = self._run(self._service.answer(sid, LOCAL_MEMBER, index, reply))
                else:
                    graded = self._run(self._service.choose(sid, LOCAL_MEMBER, index, LETTERS.index(reply)))
            except UserFacingError as error:
                self._say(self._style.yellow(str(error)))
                continue
            self._say(render_feedback(graded, self._style))
            # The verdict stays on screen until the member has read it.
            if not graded.is_last and not self._terminal.pause("Press Enter for the next question (:quit to stop) "):
                return self._run(self._service.end(sid, LOCAL_MEMBER))
            return self._run(self._service.next_question(sid, LOCAL_MEMBER, index))

    def _show_hint(self, view: QuestionAsked) -> None:
        self._say(self._style.yellow("Hint (points halved): " + view.hints[-1]))
        if not view.question.is_open:
            self._say(render_options(view))  # the options left, so nobody scrolls back for them

    def interrupted(self) -> None:
        """After Ctrl-C: what is saved and how to go on."""
        if self.current is None:
            print("\nStopped.", file=sys.stderr)
            return
        print(
            f"\nStopped. Your interview is saved at question {self.current.number} of {self.current.total}.\n"
            f"Resume it with: {self._command}\n"
            f"Or end it with its report: {self._command} --stop",
            file=sys.stderr,
        )


def _load(content_dir: Path) -> tuple[Bank, Grader]:
    bank = load_bank(content_dir)
    return bank, Grader(bank)


def run_practice(
    args: argparse.Namespace,
    *,
    content_dir: Path,
    database: Path,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    if args.questions is not None and not 1 <= args.questions <= 20:
        raise UserFacingError("--questions must be between 1 and 20")
    stdin, out = stdin or sys.stdin, out or sys.stdout
    command = invocation.command()
    # What to type to come back to this interview: the same bank, or its questions are unknown.
    again = f"{command} practice" + (f" --bank {shlex.quote(str(args.bank))}" if args.bank is not None else "")
    use_input = stdin is sys.stdin and out is sys.stdout and stdin.isatty() and out.isatty()
    terminal = Terminal(stdin, out, use_input=use_input)
    style = Style(colour=out.isatty() and "NO_COLOR" not in os.environ)
    with asyncio.Runner() as runner:
        # Parsing YAML and compiling the rubrics take a moment: in a thread, as in the bot.
        bank, grader = runner.run(asyncio.to_thread(_load, content_dir))
        topics = resolve_topics(bank, args.topic or [], command=command)
        store = runner.run(open_store(database))
        clock = clock or SystemClock()
        practice = Practice(
            runner,
            InterviewService(bank, grader, store.interviews, clock, seeds=_seeds(args)),
            store,
            terminal,
            out,
            style=style,
            clock=clock,
            command=again,
        )
        try:
            with reported(database):
                if args.stop:
                    return practice.stop()
                first = practice.begin(args, topics)
                return practice.interview(first) if first is not None else EXIT_OK
        except KeyboardInterrupt:
            practice.interrupted()
            return EXIT_INTERRUPTED
        finally:
            runner.run(store.close())


def _seeds(args: argparse.Namespace) -> Callable[[], int] | None:
    """A fixed seed (the hidden --seed option) makes a session reproducible for tests."""
    seed: int | None = args.seed
    return None if seed is None else (lambda: seed)
