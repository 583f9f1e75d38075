"""Plain-text rendering of engine outcomes for the terminal (ANSI colour only on a TTY)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from bot.engine import AnswerGraded, InterviewReport, QuestionAsked

WIDTH = 78
LETTERS = "ABCDE"
CODE_GUTTER = "  │ "


@dataclass(frozen=True, slots=True)
class Style:
    colour: bool

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def red(self, text: str) -> str:
        return self._wrap("31", text)

    def yellow(self, text: str) -> str:
        return self._wrap("33", text)

    def cyan(self, text: str) -> str:
        return self._wrap("36", text)


PLAIN = Style(colour=False)


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(fraction, 1.0)) * width)
    return "#" * filled + "-" * (width - filled)


def wrap(text: str, *, indent: str = "  ", subsequent: str | None = None) -> list[str]:
    """Prose wrapped at word boundaries only: a header name such as X-Forwarded-For or a
    URL is never split (a line runs long instead), so it can still be copied."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def block(text: str, style: Style = PLAIN, indent: str = "  ") -> str:
    """Wrap prose by paragraph; show fenced code apart from it, behind a gutter, unwrapped.

    Consecutive prose lines form one paragraph (YAML block text is hard-wrapped by its
    author at some other width); list items and table rows keep their own lines.
    """
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.extend(wrap(" ".join(paragraph), indent=indent))
            paragraph.clear()

    in_code = False
    for line in text.strip().splitlines():
        stripped = line.lstrip()
        if stripped.startswith("```"):
            flush()
            in_code = not in_code
            if out and out[-1]:  # a blank line around the block sets it apart from the prose
                out.append("")
            continue
        if in_code:
            out.append(style.cyan(CODE_GUTTER + line))
            continue
        if out and out[-1].startswith(style.cyan(CODE_GUTTER)) and stripped:
            out.append("")
        if not stripped:
            flush()
            if out and out[-1]:
                out.append("")
        elif stripped.startswith("|"):  # a table row: wrapping would scramble its columns
            flush()
            out.append(indent + line)
        elif stripped.startswith(("- ", "* ")):
            flush()
            lead = indent + line[: len(line) - len(stripped)]
            out.extend(wrap(stripped[2:], indent=lead + stripped[:2], subsequent=lead + "  "))
        else:
            paragraph.append(stripped)
    flush()
    return "\n".join(out)


def _bullets(items: list[str], mark: str) -> str:
    return "\n".join("\n".join(wrap(item, indent=f"  {mark} ", subsequent="    ")) for item in items)


def clock_time(moment: datetime) -> str:
    """A deadline as the local wall-clock time the member's terminal shows."""
    return moment.astimezone().strftime("%H:%M:%S")


def time_left(deadline: datetime, now: datetime) -> str:
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return "time is up: still graded, no points"
    return f"{seconds // 60}:{seconds % 60:02d} left"


def relative(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((moment - now).total_seconds()))
    if seconds < 3600:
        return f"in {max(1, seconds // 60)} min"
    if seconds < 2 * 86400:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    return f"in {round(seconds / 86400)} days"


def render_options(view: QuestionAsked) -> str:
    return "\n".join(
        "\n".join(wrap(o.text, indent=f"  {LETTERS[o.position]}) ", subsequent="     ")) for o in view.options
    )


def render_question(view: QuestionAsked, style: Style, now: datetime) -> str:
    question = view.question
    label = "Review" if view.kind.value == "review" else "Question"
    header = f"{label} {view.number}/{view.total} · {view.topic_title} · {question.difficulty.value}"
    lines = ["", style.bold(style.cyan(header)), block(question.prompt, style), ""]
    if view.hints:
        lines += [style.yellow("Hint (points halved):"), _bullets(list(view.hints), "*"), ""]
    if not question.is_open:
        lines.append(render_options(view))
    lines.append(style.yellow(f"Answer by {clock_time(view.deadline)} ({time_left(view.deadline, now)})."))
    lines.extend(style.dim(part) for part in instructions(view))
    return "\n".join(lines)


def instructions(view: QuestionAsked) -> list[str]:
    if view.question.is_open:
        return [
            "Write as many lines as you like, blank ones too; end with a line holding only '.' (or Ctrl-D).",
            "Or type :hint, :skip or :quit.",
        ]
    letters = ", ".join(LETTERS[option.position] for option in view.options)
    return [f"Type a letter ({letters}), or :hint, :skip or :quit."]


def render_feedback(outcome: AnswerGraded, style: Style) -> str:
    grade, question = outcome.grade, outcome.question
    verdict = style.green("PASSED") if grade.passed else style.red("NOT YET")
    points = f"{outcome.points}/{outcome.max_points} points"
    lines = ["", f"{verdict}  [{_bar(grade.score)}] {round(grade.score * 100)}%  ·  {points}"]
    if grade.feedback:
        lines.append(block(grade.feedback, style, ""))
    if outcome.late:
        lines.append(style.yellow("Answered after the time limit: graded, but no points."))
    elif outcome.hinted:
        lines.append(style.yellow("A hint was used: points halved."))
    if question.is_open:
        if grade.matched:
            lines += [style.bold("Covered:"), _bullets([m.text for m in grade.matched], "+")]
        if grade.missed:
            lines += [style.bold("Missed:"), _bullets([p.text for p in grade.missed], "-")]
        if grade.pitfalls:
            lines += [style.bold(style.red("Misconceptions:")), _bullets([p.text for p in grade.pitfalls], "!")]
        lines += [style.bold("Model answer:"), block(question.answer, style)]
    else:
        lines += [f"Your choice: {outcome.chosen}", f"Correct: {question.correct}", block(question.explain, style)]
    if question.refs:
        # One per line and never wrapped: a terminal makes a whole URL clickable.
        lines += [style.dim("Read more:"), *(f"  {ref}" for ref in question.refs[:2])]
    return "\n".join(lines)


def render_report(report: InterviewReport, style: Style, *, command: str, now: datetime) -> str:
    """``command`` is how the member runs practice again (see bot.invocation)."""
    title = "Review report" if report.kind.value == "review" else "Interview report"
    if report.ended_early:
        title += " (ended early)"
    lines = ["", style.bold(style.cyan(f"== {title} =="))]
    if report.asked == 0:
        # Quitting before the first answer: there is no score to give, nor advice.
        lines.append(f"Nothing was answered, so there is no score. Start again with: {command}")
        return "\n".join(lines)
    lines.append(
        f"Score {round(report.score * 100)}% [{_bar(report.score)}]  ·  Points {report.points}/{report.max_points}"
        f"  ·  Passed {report.passed}/{report.asked}" + (f"  ·  Skipped {report.skipped}" if report.skipped else "")
    )
    if report.topics:
        lines.append(style.bold("By topic:"))
        for topic in sorted(report.topics, key=lambda t: -t.average_score):
            lines.append(f"  {topic.title}: {topic.passed}/{topic.asked} passed, {round(topic.average_score * 100)}%")
    if report.strongest:
        lines.append(f"Strongest: {report.strongest.title}")
    if report.weakest:
        lines.append(f"Weakest: {report.weakest.title}")
    if report.study:
        lines.append(style.bold("Study next:"))
        for item in report.study:
            missed = "; ".join(item.missed[:3]) or "the whole answer"
            lines.extend(wrap(f"{item.topic_title}: {missed}", indent="  - ", subsequent="    "))
            if item.refs:
                lines.append(f"    {item.refs[0]}")
    if report.next_review_due is not None:
        when = "now" if report.next_review_due <= now else relative(report.next_review_due, now)
        lines.append(style.dim(f"Missed questions come back for review, the first {when}: {command} --review"))
    return "\n".join(lines)
