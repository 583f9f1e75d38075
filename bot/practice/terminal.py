"""Reading a member's input in a terminal: answers, choices, commands and pauses.

On a terminal, ``input()`` with readline gives line editing (arrow keys, Home/End) and a
history of the commands typed (``:hint``, ``:skip``...). Piped input is read line by
line and echoed, so a transcript stays readable. Answers end with a line holding only
``.`` (or Ctrl-D on a terminal): a pasted answer with blank lines in it stays one answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

END_OF_ANSWER = "."
COMMANDS = (":hint", ":skip", ":quit", ":help")
QUIT = ":quit"


def _enable_line_editing() -> None:
    """Load readline, which ``input()`` then uses; only commands go into its history."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return
    # Answer lines are prose, not worth recalling with the up arrow; commands are.
    if hasattr(readline, "set_auto_history"):
        readline.set_auto_history(False)


class Terminal:
    """Input from a TTY (through readline) or a stream; the end of input reads as :quit."""

    def __init__(self, stream: TextIO, out: TextIO, *, use_input: bool) -> None:
        self._stream = stream
        self._out = out
        # input() only talks to the real stdin/stdout; anything else is read as a stream.
        self.interactive = use_input
        if use_input:
            _enable_line_editing()

    def line(self, prompt: str) -> str | None:
        """One line without its newline, or None at the end of input (Ctrl-D, a closed pipe)."""
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                self._out.write("\n")
                return None
        self._out.write(prompt)
        self._out.flush()
        line = self._stream.readline()
        if line == "":
            return None
        # Piped input is not shown by a terminal; echoing it keeps the transcript readable.
        self._out.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\r\n")

    def _remember(self, command: str) -> None:
        if not self.interactive:
            return
        try:
            import readline
        except ImportError:
            return
        readline.add_history(command)

    def _command(self, text: str) -> str | None:
        folded = text.strip().lower()
        if folded in COMMANDS:
            self._remember(folded)
            return folded
        return None

    def answer(self, prompt: Callable[[], str], continuation: str = "  ") -> str:
        """An open answer: lines up to a lone '.', or a command typed on its own first line.

        ``prompt`` is called for the first line so that it can show the time left then.
        Blank lines belong to the answer; the end of input ends it (and, with nothing
        typed, the interview).
        """
        lines: list[str] = []
        while True:
            line = self.line(prompt() if not lines else continuation)
            if line is None:
                break
            if line.strip() == END_OF_ANSWER:
                if any(part.strip() for part in lines):
                    break
                self._out.write("That answer is empty: type it first, or :skip.\n")
                lines = []
                continue
            if not lines and (command := self._command(line)) is not None:
                return command
            if lines or line.strip():  # blank lines before the answer starts are not part of it
                lines.append(line.rstrip())
        text = "\n".join(lines).strip()
        return text if text else QUIT

    def choice(self, prompt: Callable[[], str], letters: str) -> str:
        """A letter among ``letters`` (any case) or a command."""
        while True:
            line = self.line(prompt())
            if line is None:
                return QUIT
            picked = line.strip()
            if (command := self._command(picked)) is not None:
                return command
            if len(picked) == 1 and picked.upper() in letters:
                return picked.upper()
            if picked:
                self._out.write(f"Type one of {', '.join(letters)} (or :hint, :skip, :quit).\n")

    def pause(self, prompt: str) -> bool:
        """Wait for Enter on a terminal (False when the member typed :quit or closed input).

        Piped input never pauses: every line there is an answer or a command.
        """
        if not self.interactive:
            return True
        line = self.line(prompt)
        return line is not None and self._command(line) != QUIT

    def ask(self, prompt: str, choices: dict[str, str], default: str) -> str | None:
        """A one-word choice: ``choices`` maps what may be typed to the result; None at end of input."""
        while True:
            line = self.line(prompt)
            if line is None:
                return None
            typed = line.strip().lower() or default
            if typed in choices:
                return choices[typed]
            self._out.write(f"Type {' or '.join(sorted(set(choices) - {''}))}.\n")
