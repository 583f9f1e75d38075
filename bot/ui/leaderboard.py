"""The /leaderboard message: an embed of one page and Previous/Next buttons.

Members are shown as ``<@id>`` mentions: Discord renders their names, and the bot's
global ``AllowedMentions.none()`` keeps anyone from being pinged. The buttons are
``DynamicItem``s whose custom_id carries the whole query (period, mode, page, topic), so
any member can page a public board, and paging still works after a restart.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

import discord

from bot.stats import BoardView, Period
from bot.store import BoardEntry, Mode
from bot.ui.routed import RoutedButton, cog_named
from bot.ui.text import percent

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
EMBED_COLOUR = discord.Colour.gold()
MODE_LABELS = {Mode.INTERVIEW: "interview answers", Mode.DAILY: "daily answers", Mode.MOCK: "group session answers"}
EMPTY_BOARD = "No answers count for this board yet. Start one with `/interview start` or answer the daily question."


class BoardController(Protocol):
    async def page_clicked(
        self, interaction: Interaction, period: Period, mode: Mode | None, topic: str | None, page: int
    ) -> None: ...


def _numbers(entry: BoardEntry) -> str:
    answers = "answer" if entry.answers == 1 else "answers"
    return f"**{entry.points:,}** pts · {entry.answers:,} {answers} · {percent(entry.accuracy)}"


def entry_line(entry: BoardEntry) -> str:
    place = MEDALS.get(entry.rank, f"`#{entry.rank}`")
    return f"{place} <@{entry.user_id}> — {_numbers(entry)}"


def board_title(view: BoardView) -> str:
    parts = [f"Leaderboard · {view.period.label}"]
    if view.topic_title:
        parts.append(view.topic_title)
    if view.mode is not None:
        parts.append(MODE_LABELS[view.mode])
    return " · ".join(parts)[:256]  # discord-limits.md: embed title


def standing_line(view: BoardView) -> str:
    if view.member_hidden:
        return f"<@{view.member_id}> is hidden from the boards (`/privacy show` to appear again)."
    if view.member is None:
        return f"<@{view.member_id}> has no answers on this board yet."
    return f"<@{view.member_id}> is **#{view.member.rank:,}** of {view.ranked:,} — {_numbers(view.member)}"


def board_embed(view: BoardView) -> discord.Embed:
    lines = []
    if view.since is not None:
        # <t:…:f> shows the start in each reader's own time; the zone says whose midnight it was.
        lines.append(f"Since <t:{int(view.since.timestamp())}:f> (midnight in {view.timezone})\n")
    lines.extend(entry_line(entry) for entry in view.entries)
    if not view.entries:
        lines.append(EMPTY_BOARD)
    embed = discord.Embed(title=board_title(view), description="\n".join(lines), colour=EMBED_COLOUR)
    embed.add_field(name="Your rank", value=standing_line(view), inline=False)
    members = "member" if view.ranked == 1 else "members"
    embed.set_footer(
        text=f"Page {view.page + 1} of {view.pages} · {view.ranked:,} {members} · "
        "ties: accuracy, then who got there first"
    )
    return embed


class BoardPageButton(
    RoutedButton,
    template=r"leaderboard:page:(?P<period>week|month|all):(?P<mode>all|interview|daily|mock)"
    r":(?P<page>\d{1,6}):(?P<topic>[a-z0-9-]{0,50})",
):
    """Previous or Next: opens ``page`` of the same board for whoever clicks."""

    def __init__(
        self, period: Period, mode: Mode | None, topic: str | None, page: int, *, label: str, disabled: bool = False
    ) -> None:
        self.period, self.mode, self.topic, self.page = period, mode, topic, page
        # custom_id: at most 100 characters (discord-limits.md); a topic slug is at most 50.
        custom_id = f"leaderboard:page:{period.value}:{mode.value if mode else 'all'}:{page}:{topic or ''}"
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=custom_id, disabled=disabled)
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> BoardPageButton:
        mode = match["mode"]
        return cls(
            Period(match["period"]),
            None if mode == "all" else Mode(mode),
            match["topic"] or None,
            int(match["page"]),
            label=label,
        )

    async def route(self, interaction: Interaction) -> None:
        target: BoardController = cog_named(interaction, "Leaderboard")
        await target.page_clicked(interaction, self.period, self.mode, self.topic, self.page)


def board_view(view: BoardView) -> discord.ui.View:
    """Previous/Next; no buttons (an empty view clears old ones) when one page holds all."""
    buttons = discord.ui.View(timeout=None)
    if view.pages <= 1:
        return buttons
    buttons.add_item(
        BoardPageButton(
            view.period, view.mode, view.topic, max(view.page - 1, 0), label="◀ Previous", disabled=view.page == 0
        )
    )
    buttons.add_item(
        BoardPageButton(
            view.period,
            view.mode,
            view.topic,
            view.page + 1,
            label="Next ▶",
            disabled=view.page + 1 >= view.pages,
        )
    )
    return buttons
