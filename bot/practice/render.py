"""Plain-text rendering of engine outcomes for the terminal (ANSI colour only on a TTY)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from bot.engine import AnswerGraded, InterviewReport, QuestionView

WIDTH = 78
LETTERS = "ABCDE"


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


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(fraction, 1.0)) * width)
    return "#" * filled + "-" * (width - filled)


def _block(text: str, indent: str = "  ") -> str:
    """Wrap prose, but keep code blocks and bullet lines exactly as written."""
    out: list[str] = []
    in_code = False
    for line in text.strip().splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.strip() or line.lstrip().startswith(("-", "*", "|")):
            out.append(indent + line)
        else:
            out.extend(textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent])
    return "\n".join(out)


def _bullets(items: list[str], mark: str) -> str:
    return "\n".join(
        textwrap.fill(item, WIDTH, initial_indent=f"  {mark} ", subsequent_indent="    ") for item in items
    )


def render_question(view: QuestionView, style: Style, time_limit_s: int) -> str:
    question = view.question
    label = "Review" if view.kind.value == "review" else "Question"
    header = f"{label} {view.number}/{view.total} · {view.topic_title} · {question.difficulty.value}"
    lines = ["", style.bold(style.cyan(header)), _block(question.prompt), ""]
    if view.hints:
        lines += [style.yellow("Hint (points halved):"), _bullets(list(view.hints), "*"), ""]
    if question.is_open:
        minutes = max(1, time_limit_s // 60)
        lines.append(
            style.dim(f"Answer within {minutes} min. Several lines are fine; end with an empty line. :hint :skip :quit")
        )
    else:
        for option in view.options:
            lines.append(f"  {LETTERS[option.position]}) {option.text}")
        lines.append(style.dim(f"Type a letter within {time_limit_s} s. :hint :skip :quit"))
    return "\n".join(lines)


def render_feedback(outcome: AnswerGraded, style: Style) -> str:
    grade, question = outcome.grade, outcome.question
    verdict = style.green("PASSED") if grade.passed else style.red("NOT YET")
    points = f"{outcome.points}/{outcome.max_points} points"
    lines = ["", f"{verdict}  [{_bar(grade.score)}] {round(grade.score * 100)}%  ·  {points}"]
    if grade.feedback:
        lines.append(_block(grade.feedback, ""))
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
        lines += [style.bold("Model answer:"), _block(question.answer)]
    else:
        lines += [f"Your choice: {outcome.chosen}", f"Correct: {question.correct}", _block(question.explain)]
    if question.refs:
        lines += [style.dim("Read more: " + " ".join(question.refs[:2]))]
    return "\n".join(lines)


def render_report(report: InterviewReport, style: Style) -> str:
    title = "Review report" if report.kind.value == "review" else "Interview report"
    if report.ended_early:
        title += " (ended early)"
    lines = [
        "",
        style.bold(style.cyan(f"== {title} ==")),
        f"Score {round(report.score * 100)}% [{_bar(report.score)}]  ·  Points {report.points}/{report.max_points}"
        f"  ·  Passed {report.passed}/{report.asked}" + (f"  ·  Skipped {report.skipped}" if report.skipped else ""),
    ]
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
            lines.append(
                textwrap.fill(f"{item.topic_title}: {missed}", WIDTH, initial_indent="  - ", subsequent_indent="    ")
            )
            if item.refs:
                lines.append(f"    {item.refs[0]}")
    if report.next_review_due is not None:
        lines.append(style.dim("Missed questions come back with: interview-bot practice --review"))
    return "\n".join(lines)
