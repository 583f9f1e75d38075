"""The /help guide: short enough to read in one go, within one embed's limits."""

from __future__ import annotations

import discord

SECTIONS = (
    (
        "Practise alone",
        "`/interview start` runs a mock interview: pick a topic (or a mix), a difficulty (or adaptive) "
        "and how many questions. Answer in your own words; each answer is graded at once with what you "
        "covered, what you missed and the model answer. `/interview review` brings back what you missed.",
    ),
    (
        "Every day",
        "If an admin set up `/daily`, a question is posted at the same local time each day. Answer "
        "privately, keep your streak going, and see the answer revealed later.",
    ),
    (
        "With your study group",
        "`/mock start` opens a thread where a host runs live rounds: everyone answers the same question "
        "privately, then the round is revealed with standings. Faster right answers earn more.",
    ),
    (
        "With a study partner",
        "`/mock pair` invites a member to interview each other in a private thread: one asks with a private "
        "rubric and scores each key point, the other answers; then you swap and trade blind feedback.",
    ),
    (
        "Standings",
        "`/leaderboard` ranks this server by points (week, month or all time); `/stats` shows your "
        "accuracy per topic and what to study next.",
    ),
    (
        "Scoring",
        "Points = 10 x score x difficulty (easy 1, medium 2, hard 3). A hint halves them, a late answer "
        "earns none. An open answer passes at 60% of its key points; stating a misconception costs credit. "
        "Think a grade is wrong? Press **Flag this grade** under the feedback.",
    ),
    (
        "Reminders and your data",
        "`/remind` sends you a direct message when reviews are due or your streak is at risk. Answers are "
        "private; `/privacy` hides you from boards, exports your records or deletes them.",
    ),
    (
        "No Discord handy?",
        "The same interviews run in a terminal: `interview-bot practice`.",
    ),
)


def help_embed(*, topics: int, questions: int) -> discord.Embed:
    embed = discord.Embed(
        title="Flask interview coach",
        description=f"Mock interviews on Flask: {questions} questions on {topics} topics, checked against Flask 3.1.",
        colour=discord.Colour.blurple(),
    )
    for name, value in SECTIONS:
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text="Admins: /settings for time zone and time limits, /daily setup for the daily question.")
    return embed
