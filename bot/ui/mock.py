"""What a group session looks like: the lobby, a round, its reveal, the final standings,
and the private replies. Every length is checked against discord-limits.md; members are
named by mention (no member is fetched), and members hidden from boards are not named."""

from __future__ import annotations

import discord

from bot.engine.outcomes import AnswerGraded, InterviewReport
from bot.engine.state import SessionKind
from bot.mock.outcomes import (
    FinalCard,
    LobbyCard,
    MyFeedback,
    MyReport,
    Named,
    Ranked,
    Recorded,
    RevealCard,
    RoundCard,
    SessionPlan,
)
from bot.mock.state import CloseReason, Phase
from bot.ui.interview import feedback_embed as solo_feedback_embed
from bot.ui.interview import report_embed as solo_report_embed
from bot.ui.mock_views import OptionButton, RoundButton, SessionButton
from bot.ui.text import EMBED_TOTAL_MAX, bar, bullets, chunks, percent, trim

COLOUR = discord.Colour.blurple()
CLOSED_COLOUR = discord.Colour.dark_grey()
REVEAL_COLOUR = discord.Colour.green()
LOBBY_NAMES = 60  # mentions listed in the lobby before "and N more"
MEDALS = ("🥇", "🥈", "🥉")
ENDINGS = {
    "host": "The host ended the session.",
    "idle": "Nobody acted for 30 minutes, so the session ended by itself.",
    "last-round": "All rounds played.",
    "access-lost": "I lost access to this thread.",
}


def name(member: Named) -> str:
    return "a hidden member" if member.hidden else f"<@{member.user_id}>"


def _ts(moment: object, style: str = "R") -> str:
    return discord.utils.format_dt(moment, style)  # type: ignore[arg-type]


def describe(plan: SessionPlan) -> str:
    topics = ", ".join(plan.topic_titles) if plan.topic_titles else "a mix of every topic"
    per_round = f"{plan.round_time} s a round" if plan.round_time else "90 s for open questions, 30 s for choice"
    auto = " · autoplay" if plan.autoplay else ""
    return trim(f"**{topics}** · {plan.difficulty or 'mixed'} · {plan.rounds} rounds · {per_round}{auto}", 1024)


# -- lobby --------------------------------------------------------------------------------------


def lobby_message(card: LobbyCard) -> tuple[discord.Embed, discord.ui.View | None]:
    embed = discord.Embed(title="Group mock interview", colour=COLOUR if card.phase is Phase.LOBBY else CLOSED_COLOUR)
    embed.description = describe(card.plan)
    embed.add_field(name="Host", value=f"<@{card.host_id}>", inline=True)
    named = [name(p) for p in card.players if not p.hidden][:LOBBY_NAMES]
    rest = len(card.players) - len(named)
    players = ", ".join(named) + (f" and {rest} more" if rest else "")
    embed.add_field(
        name=f"Players ({len(card.players)}/{card.max_players})",
        value=trim(players or "Nobody yet", 1024),
        inline=False,
    )
    if card.phase is Phase.LOBBY:
        embed.set_footer(text="Join to play; you can also join later by answering a round. The host presses Start.")
        view = discord.ui.View(timeout=None)
        for action in ("join", "leave", "start", "cancel"):
            view.add_item(SessionButton(action, card.session_id))
        return embed, view
    status = {
        Phase.CANCELLED: "Cancelled." if card.ended_by != "idle" else "Closed: nobody started it within 30 minutes.",
    }.get(card.phase, "Started: the rounds follow below.")
    embed.set_footer(text=status)
    return embed, None


# -- a round ------------------------------------------------------------------------------------


def round_message(card: RoundCard) -> tuple[discord.Embed, discord.ui.View]:
    question = card.question
    title = f"Round {card.number}/{card.total} · {card.topic_title} · {question.difficulty.value}"
    embed = discord.Embed(title=trim(title, 256), description=trim(question.prompt, 3000))
    answered = "No answers yet" if card.answered == 0 else f"{card.answered} answered"
    if card.is_open:
        embed.colour = COLOUR
        embed.add_field(name="Closes", value=_ts(card.deadline), inline=True)
        how = "Press **Answer**" if question.is_open else "Pick an option"
        embed.set_footer(text=f"{how}: only you see that it was recorded. Faster right answers earn more.")
    else:
        embed.colour = CLOSED_COLOUR
        closed = "Skipped by the host" if card.closed_by is CloseReason.SKIPPED else "Closed"
        embed.add_field(name="Closes", value=closed, inline=True)
    embed.add_field(name="Answers", value=answered, inline=True)
    view = discord.ui.View(timeout=None)
    sid, number = card.session_id, card.number
    items: list[RoundButton | OptionButton] = []
    if question.is_open:
        items.append(RoundButton("answer", sid, number, row=0))
    else:
        items += [OptionButton(sid, number, o.position, trim(o.text, 80), row=0) for o in card.options]
    items += [RoundButton("close", sid, number, row=1), RoundButton("skip", sid, number, row=1)]
    for item in items:
        item.item.disabled = not card.is_open
        view.add_item(item)
    if card.is_open:
        view.add_item(SessionButton("end", sid, row=1))
    return embed, view


def recorded_text(recorded: Recorded) -> str:
    return (
        f"Recorded after {recorded.elapsed_s:.1f} s. Round {recorded.number}'s answer is revealed when it closes; "
        "nobody else sees yours."
    )


# -- the reveal ---------------------------------------------------------------------------------


def reveal_message(card: RevealCard) -> tuple[discord.Embed, discord.ui.View]:
    question = card.question
    title = f"Round {card.number}/{card.total} revealed · {card.topic_title}"
    embed = discord.Embed(title=trim(title, 256), colour=REVEAL_COLOUR)
    embed.description = f"**{card.passes}/{card.answered}** passed" + (
        f" · {card.players - card.answered} did not answer" if card.players > card.answered else ""
    )
    if question.is_open:
        spread = " · ".join(f"{label}: {count}" for label, count in card.spread)
        embed.add_field(name="Score spread", value=spread or "—", inline=False)
        if card.missed_most:
            lines = [f"{trim(text, 200)} (missed by {n})" for text, n in card.missed_most]
            embed.add_field(name="Most often missed", value=bullets(lines), inline=False)
        _long_field(embed, "Model answer", question.answer, limit=1500)
    else:
        lines = [
            f"{'✅' if o.correct else '▫️'} `{bar(o.share, 8)}` {percent(o.share)} ({o.count}) {trim(o.text, 80)}"
            for o in card.options
        ]
        embed.add_field(name="Answers", value="\n".join(lines) or "—", inline=False)
        _long_field(embed, "Why", question.explain, limit=1000)
    gains = [f"{name(g.member)} +{g.points} ({g.elapsed_s:.1f} s)" for g in card.gains if g.passed]
    embed.add_field(name="This round", value=bullets(gains) if gains else "Nobody passed this round.", inline=False)
    embed.add_field(name="Standings", value=_board(card.standings), inline=False)
    view = discord.ui.View(timeout=None)
    view.add_item(RoundButton("feedback", card.session_id, card.number))
    if card.host_controls:
        view.add_item(RoundButton("next", card.session_id, card.number))
        view.add_item(SessionButton("end", card.session_id))
    return _fit(embed), view


def _line(entry: Ranked) -> str:
    s = entry.standing
    return (
        f"`{s.rank:>2}.` {name(entry.member)} **{s.points}** pts · {s.passes}/{s.rounds} passed · {s.average_s:.1f} s"
    )


def _board(entries: tuple[Ranked, ...]) -> str:
    return trim("\n".join(_line(e) for e in entries), 1024) if entries else "—"


# -- the end ------------------------------------------------------------------------------------


def final_message(card: FinalCard) -> tuple[discord.Embed, discord.ui.View | None]:
    suffix = f" ({card.page}/{card.pages})" if card.pages > 1 else ""
    embed = discord.Embed(title=f"Final standings{suffix}", colour=REVEAL_COLOUR)
    parts = []
    if card.page == 1:
        podium = [f"{MEDALS[i]} {name(e.member)} · **{e.standing.points}** pts" for i, e in enumerate(card.podium)]
        parts.append("\n".join(podium) or "Nobody answered.")
        parts.append(f"{card.rounds} rounds played. {ENDINGS.get(card.ended_by, '')}".strip())
    parts.append("\n".join(_line(e) for e in card.rows))
    embed.description = trim("\n\n".join(p for p in parts if p), 4096)
    embed.set_footer(text="Average time counts an unanswered round as its full time. Points count on /leaderboard.")
    if card.page != 1:
        return embed, None
    view = discord.ui.View(timeout=None)
    view.add_item(SessionButton("report", card.session_id))
    return embed, view


# -- private replies ----------------------------------------------------------------------------


def feedback_embed(feedback: MyFeedback) -> discord.Embed:
    """The solo interview's feedback, with this round's points and how they were made."""
    graded = AnswerGraded(
        session_id=0,
        kind=SessionKind.INTERVIEW,
        index=feedback.number - 1,
        total=feedback.number,
        question=feedback.question,
        topic_title=feedback.topic_title,
        grade=feedback.grade,
        points=feedback.points,
        max_points=feedback.base_points,
        hinted=False,
        late=False,
        is_last=False,
        chosen=feedback.chosen,
    )
    embed = solo_feedback_embed(graded)
    verdict = "Passed" if feedback.grade.passed else "Not passed"
    embed.title = trim(f"Round {feedback.number} · {verdict} · {feedback.points} points", 256)
    if feedback.grade.passed:
        how = (
            f"{feedback.base_points} base × {feedback.speed:.2f} speed ({feedback.elapsed_s:.1f} s)"
            f" × {1 + feedback.streak_bonus:.1f} streak ({feedback.streak} in a row before)"
        )
    else:
        how = "An answer that does not pass earns no points in a live round."
    embed.add_field(name="Points", value=how, inline=False)
    return _fit(embed)


def report_embed(report: MyReport) -> discord.Embed:
    asked = max(report.rounds, report.answered)
    solo = InterviewReport(
        session_id=0,
        kind=SessionKind.INTERVIEW,
        asked=asked,
        answered=report.answered,
        passed=report.passes,
        skipped=0,
        score=sum(t.average_score * t.asked for t in report.topics) / asked if asked else 0.0,
        points=report.points,
        max_points=report.points,
        topics=report.topics,
        strongest=None,
        weakest=report.weakest,
        study=report.study,
        ended_early=False,
        next_review_due=None,
    )
    embed = solo_report_embed(solo)
    embed.title = "Your group session report"
    place = f"#{report.rank} of {report.players}" if report.rank else "unranked"
    embed.description = (
        f"**Place** {place} · **Points** {report.points} · **Passed** {report.passes}/{report.rounds}"
        f" · answered {report.answered}"
    )
    return _fit(embed)


def _long_field(embed: discord.Embed, title: str, text: str, *, limit: int) -> None:
    for number, part in enumerate(chunks(trim(text, limit))):
        embed.add_field(name=title if number == 0 else f"{title} (cont.)", value=part, inline=False)


def _fit(embed: discord.Embed) -> discord.Embed:
    while len(embed) > EMBED_TOTAL_MAX and embed.fields:
        longest = max(range(len(embed.fields)), key=lambda i: len(embed.fields[i].value or ""))
        field = embed.fields[longest]
        value = field.value or ""
        shorter = trim(value, max(20, len(value) - (len(embed) - EMBED_TOTAL_MAX) - 10))
        embed.set_field_at(longest, name=field.name or "—", value=shorter, inline=field.inline)
    return embed
