"""Embeds for solo interviews: the question, the feedback on an answer, the end report."""

from __future__ import annotations

import discord

from bot.bank import Question, Topic
from bot.engine.outcomes import AnswerGraded, InterviewReport, QuestionAsked
from bot.engine.state import SessionKind
from bot.ui.text import EMBED_TOTAL_MAX, bar, bullets, chunks, percent, progress, trim

PASS_COLOUR = discord.Colour.green()
MISS_COLOUR = discord.Colour.red()
PARTIAL_COLOUR = discord.Colour.orange()
QUESTION_COLOUR = discord.Colour.blurple()
DIFFICULTY_MARK = {"easy": "🟢", "medium": "🟡", "hard": "🔴"}


def _timestamp(moment: object) -> str:
    return discord.utils.format_dt(moment, "R")  # type: ignore[arg-type]


def question_embed(view: QuestionAsked) -> discord.Embed:
    question = view.question
    label = "Review" if view.kind is SessionKind.REVIEW else "Question"
    difficulty = question.difficulty.value
    embed = discord.Embed(
        title=trim(f"{label} {view.number}/{view.total} · {view.topic_title} · {difficulty}", 256),
        description=trim(question.prompt, 3000),
        colour=QUESTION_COLOUR,
    )
    embed.add_field(name="Progress", value=progress(view.index, view.total), inline=True)
    embed.add_field(name="Deadline", value=f"answer {_timestamp(view.deadline)}", inline=True)
    if view.hints:
        embed.add_field(name="Hint (points halved)", value=bullets(view.hints), inline=False)
    # Discord renders no Markdown in footers: asterisks would show as they are.
    how = 'Press "Answer" and write it as you would say it.' if question.is_open else "Pick one option."
    embed.set_footer(text=f"{DIFFICULTY_MARK.get(difficulty, '')} {how} A late answer is graded but earns no points.")
    return embed


def feedback_embed(outcome: AnswerGraded) -> discord.Embed:
    grade, question = outcome.grade, outcome.question
    if grade.passed:
        colour, verdict = PASS_COLOUR, "Passed"
    else:
        colour, verdict = (PARTIAL_COLOUR, "Partly there") if grade.score >= 0.3 else (MISS_COLOUR, "Not yet")
    embed = discord.Embed(
        title=trim(
            f"{verdict} · {outcome.points}/{outcome.max_points} points · Question {outcome.number}/{outcome.total}", 256
        ),
        colour=colour,
    )
    notes = [f"`{bar(grade.score)}` {percent(grade.score)}", trim(grade.feedback, 400)]
    if outcome.late:
        notes.append("⏱ Answered after the deadline: graded, but no points.")
    elif outcome.hinted:
        notes.append("💡 A hint was used: points halved.")
    embed.description = "\n".join(note for note in notes if note)
    if question.is_open:
        if grade.matched:
            embed.add_field(name="Covered", value=bullets(match.text for match in grade.matched), inline=False)
        if grade.missed:
            embed.add_field(name="Missed", value=bullets(point.text for point in grade.missed), inline=False)
        if grade.pitfalls:
            embed.add_field(name="Misconceptions", value=bullets(hit.text for hit in grade.pitfalls), inline=False)
        solution_name = "Model answer"
    else:
        embed.add_field(name="Your choice", value=trim(outcome.chosen, 1024) or "—", inline=True)
        embed.add_field(name="Correct answer", value=trim(question.correct, 1024), inline=True)
        solution_name = "Why"
    _add_long_field(embed, solution_name, question.solution)
    if question.refs:
        embed.add_field(name="Read more", value=bullets(question.refs[:3]), inline=False)
    return embed


def report_embed(report: InterviewReport) -> discord.Embed:
    title = "Review report" if report.kind is SessionKind.REVIEW else "Interview report"
    if report.ended_early:
        title += " (ended early)"
    embed = discord.Embed(title=title, colour=PASS_COLOUR if report.score >= 0.6 else PARTIAL_COLOUR)
    embed.description = (
        f"**Score** {percent(report.score)} `{bar(report.score)}`\n"
        f"**Points** {report.points}/{report.max_points} · **Passed** {report.passed}/{report.asked}"
        + (f" · **Skipped** {report.skipped}" if report.skipped else "")
    )
    if report.topics:
        lines = [
            f"{t.title}: {t.passed}/{t.asked} passed, {percent(t.average_score)}, {t.points} pts"
            for t in sorted(report.topics, key=lambda t: -t.average_score)
        ]
        embed.add_field(name="By topic", value=bullets(lines), inline=False)
    if report.strongest is not None:
        embed.add_field(name="Strongest", value=report.strongest.title, inline=True)
    if report.weakest is not None:
        embed.add_field(name="Weakest", value=report.weakest.title, inline=True)
    if report.study:
        items = []
        for item in report.study:
            missed = "; ".join(item.missed[:3]) or "the whole answer"
            link = f" — <{item.refs[0]}>" if item.refs else ""
            items.append(f"**{item.topic_title}**: {missed}{link}")
        embed.add_field(name="Study next", value=bullets(items), inline=False)
    if report.next_review_due is not None:
        embed.set_footer(text="Missed questions come back in /interview review.")
        embed.add_field(name="Next review", value=_timestamp(report.next_review_due), inline=True)
    return _fit(embed)


def topics_embed(topics: tuple[Topic, ...]) -> discord.Embed:
    embed = discord.Embed(title="Interview topics", colour=QUESTION_COLOUR)
    lines = []
    for topic in topics:
        counts = {level: 0 for level in DIFFICULTY_MARK}
        for question in topic.questions:
            counts[question.difficulty.value] += 1
        spread = " ".join(f"{DIFFICULTY_MARK[level]}{count}" for level, count in counts.items())
        lines.append(f"**{topic.title}** (`{topic.slug}`): {len(topic.questions)} questions {spread}")
    embed.description = trim("\n".join(lines), 4000)
    embed.set_footer(text="Start one with /interview start topic:<slug> (or leave it empty for a mix).")
    return embed


def question_prompt_label(question: Question) -> str:
    """The modal's title: short, since Discord allows 45 characters there."""
    return trim(f"Your answer · {question.difficulty.value}", 45)


def _add_long_field(embed: discord.Embed, name: str, text: str) -> None:
    parts = chunks(text)
    for number, part in enumerate(parts):
        embed.add_field(name=name if number == 0 else f"{name} (cont.)", value=part, inline=False)
    _fit(embed)


def _fit(embed: discord.Embed) -> discord.Embed:
    """Trim the longest field until the whole embed is within Discord's 6000 characters."""
    while len(embed) > EMBED_TOTAL_MAX and embed.fields:
        longest = max(range(len(embed.fields)), key=lambda i: len(embed.fields[i].value or ""))
        field = embed.fields[longest]
        excess = len(embed) - EMBED_TOTAL_MAX
        value = field.value or ""
        embed.set_field_at(
            longest, name=field.name or "—", value=trim(value, max(20, len(value) - excess - 10)), inline=field.inline
        )
    return embed
