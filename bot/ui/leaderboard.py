"""The /leaderboard message: an embed of one page and Previous/Next buttons.

Members are shown as ``<@id>`` mentions: Discord renders their names, and the bot's
global ``AllowedMentions.none()`` keeps anyone from being pinged. The buttons are
``DynamicItem``s whose custom_id carries the whole query (period, mode, page, topic) and
who asked for the board, so paging works after a restart: the asker pages the public
message; anyone else gets the page privately, with their own rank, and the public message
stays as its asker left it.
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
        self,
        interaction: Interaction,
        period: Period,
        mode: Mode | None,
        topic: str | None,
        page: int,
        owner_id: int | None,
    ) -> None: ...


# custom_ids spell period and mode with one letter so the owner and a topic fit in 100.
_PERIOD_CODES = {Period.WEEK: "w", Period.MONTH: "m", Period.ALL: "a"}
_MODE_CODES = {None: "a", Mode.INTERVIEW: "i", Mode.DAILY: "d", Mode.MOCK: "m"}


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


def board_embed(view: BoardView, *, public: bool = True) -> discord.Embed:
    """The board; on a ``public`` message a hidden asker's rank line is left out, so the
    board never tells the channel that a member chose to hide."""
    lines = []
    if view.since is not None:
        # <t:…:f> shows the start in each reader's own time; the zone says whose midnight it was.
        lines.append(f"Since <t:{int(view.since.timestamp())}:f> (midnight in {view.timezone})\n")
    lines.extend(entry_line(entry) for entry in view.entries)
    if not view.entries:
        lines.append(EMPTY_BOARD)
    embed = discord.Embed(title=board_title(view), description="\n".join(lines), colour=EMBED_COLOUR)
    if not (public and view.member_hidden):
        embed.add_field(name="Your rank", value=standing_line(view), inline=False)
    members = "member" if view.ranked == 1 else "members"
    embed.set_footer(
        text=f"Page {view.page + 1} of {view.pages} · {view.ranked:,} {members} · "
        "ties: accuracy, then who got there first"
    )
    return embed


class BoardPageButton(
    RoutedButton,
    template=r"leaderboard:pg:(?P<period>[wma]):(?P<mode>[aidm]):(?P<page>\d{1,6}):(?P<owner>\d{1,20})"
    r":(?P<topic>[a-z0-9-]{0,50})",
):
    """Previous or Next: ``page`` of the same board; the public message moves for its asker only."""

    def __init__(
        self,
        period: Period,
        mode: Mode | None,
        topic: str | None,
        page: int,
        owner_id: int | None,
        *,
        label: str,
        disabled: bool = False,
    ) -> None:
        self.period, self.mode, self.topic, self.page, self.owner_id = period, mode, topic, page, owner_id
        # custom_id: at most 100 characters (discord-limits.md): 48 + a topic slug of at most 50.
        custom_id = f"leaderboard:pg:{_PERIOD_CODES[period]}:{_MODE_CODES[mode]}:{page}:{owner_id or 0}:{topic or ''}"
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=custom_id, disabled=disabled)
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> BoardPageButton:
        period = next(p for p, code in _PERIOD_CODES.items() if code == match["period"])
        mode = next(m for m, code in _MODE_CODES.items() if code == match["mode"])
        owner = int(match["owner"]) or None
        return cls(period, mode, match["topic"] or None, int(match["page"]), owner, label=label)

    async def route(self, interaction: Interaction) -> None:
        target: BoardController = cog_named(interaction, "Leaderboard")
        await target.page_clicked(interaction, self.period, self.mode, self.topic, self.page, self.owner_id)


class LegacyBoardPageButton(
    RoutedButton,
    template=r"leaderboard:page:(?P<period>week|month|all):(?P<mode>all|interview|daily|mock)"
    r":(?P<page>\d{1,6}):(?P<topic>[a-z0-9-]{0,50})",
):
    """Buttons on boards posted before the asker was named: they page privately for everyone."""

    def __init__(self, period: Period, mode: Mode | None, topic: str | None, page: int, label: str) -> None:
        self.period, self.mode, self.topic, self.page = period, mode, topic, page
        custom_id = f"leaderboard:page:{period.value}:{mode.value if mode else 'all'}:{page}:{topic or ''}"
        super().__init__(discord.ui.Button(label=label, custom_id=custom_id))

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> LegacyBoardPageButton:
        mode = match["mode"]
        mode_value = None if mode == "all" else Mode(mode)
        return cls(Period(match["period"]), mode_value, match["topic"] or None, int(match["page"]), label)

    async def route(self, interaction: Interaction) -> None:
        target: BoardController = cog_named(interaction, "Leaderboard")
        await target.page_clicked(interaction, self.period, self.mode, self.topic, self.page, None)


BOARD_ITEMS = (BoardPageButton, LegacyBoardPageButton)


def board_view(view: BoardView, owner_id: int) -> discord.ui.View:
    """Previous/Next; no buttons (an empty view clears old ones) when one page holds all."""
    buttons = discord.ui.View(timeout=None)
    if view.pages <= 1:
        return buttons
    previous, following = max(view.page - 1, 0), view.page + 1
    buttons.add_item(
        BoardPageButton(
            view.period, view.mode, view.topic, previous, owner_id, label="◀ Previous", disabled=view.page == 0
        )
    )
    buttons.add_item(
        BoardPageButton(
            view.period, view.mode, view.topic, following, owner_id, label="Next ▶", disabled=following >= view.pages
        )
    )
    return buttons
