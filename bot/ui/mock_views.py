"""Buttons and the answer modal of a group session.

Every button is a ``DynamicItem`` whose custom_id carries the session id (and the round),
so buttons on old messages keep working after a restart with nothing held in memory.
They only route a press to the controller (the MockSessions cog); the engine decides what
it means: not the host, round closed, already answered.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, Self

import discord

from bot.ui.answer_modal import AnswerModal, submitted_numbered_answer
from bot.ui.routed import RoutedButton, cog_named

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

COG = "MockSessions"
Style = discord.ButtonStyle
SESSION_ACTIONS = {
    "join": ("Join", Style.success),
    "leave": ("Leave", Style.secondary),
    "start": ("Start", Style.primary),
    "cancel": ("Cancel", Style.danger),
    "end": ("End", Style.danger),
    "report": ("My report", Style.primary),
}
ROUND_ACTIONS = {
    "answer": ("Answer", Style.primary),
    "close": ("Close now", Style.secondary),
    "skip": ("Skip", Style.secondary),
    "feedback": ("My feedback", Style.primary),
    "next": ("Next round", Style.success),
}


class MockController(Protocol):
    async def session_clicked(self, interaction: Interaction, action: str, session_id: int) -> None: ...
    async def round_clicked(self, interaction: Interaction, action: str, session_id: int, number: int) -> None: ...
    async def option_clicked(self, interaction: Interaction, session_id: int, number: int, position: int) -> None: ...


def _button(label: str, style: discord.ButtonStyle, custom_id: str, row: int | None) -> discord.ui.Button[Any]:
    return discord.ui.Button(label=label, style=style, custom_id=custom_id, row=row)


class SessionButton(RoutedButton, template=r"mock:(?P<action>join|leave|start|cancel|end|report):(?P<session>\d+)"):
    """mock:<action>:<session id>: lobby buttons, End, My report."""

    def __init__(self, action: str, session_id: int, *, row: int | None = None) -> None:
        self.action, self.session_id = action, session_id
        label, style = SESSION_ACTIONS[action]
        super().__init__(_button(label, style, f"mock:{action}:{session_id}", row))

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["action"], int(match["session"]))

    async def route(self, interaction: Interaction) -> None:
        target: MockController = cog_named(interaction, COG)
        await target.session_clicked(interaction, self.action, self.session_id)


class RoundButton(
    RoutedButton, template=r"mock:(?P<action>answer|close|skip|feedback|next):(?P<session>\d+):(?P<round>\d+)"
):
    """mock:<action>:<session id>:<round>: Answer, Close now, Skip, My feedback, Next round."""

    def __init__(self, action: str, session_id: int, number: int, *, row: int | None = None) -> None:
        self.action, self.session_id, self.number = action, session_id, number
        label, style = ROUND_ACTIONS[action]
        super().__init__(_button(label, style, f"mock:{action}:{session_id}:{number}", row))

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["action"], int(match["session"]), int(match["round"]))

    async def route(self, interaction: Interaction) -> None:
        target: MockController = cog_named(interaction, COG)
        await target.round_clicked(interaction, self.action, self.session_id, self.number)


class OptionButton(RoutedButton, template=r"mock:opt:(?P<session>\d+):(?P<round>\d+):(?P<position>\d)"):
    """One option of a choice round, in the round's shuffled order."""

    def __init__(self, session_id: int, number: int, position: int, label: str = "", *, row: int | None = None) -> None:
        self.session_id, self.number, self.position = session_id, number, position
        custom_id = f"mock:opt:{session_id}:{number}:{position}"
        super().__init__(_button(label or "ABCDE"[position], Style.secondary, custom_id, row))

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["session"]), int(match["round"]), int(match["position"]), label)

    async def route(self, interaction: Interaction) -> None:
        target: MockController = cog_named(interaction, COG)
        await target.option_clicked(interaction, self.session_id, self.number, self.position)


DYNAMIC_ITEMS = (SessionButton, RoundButton, OptionButton)

MODAL_ID = re.compile(r"mock:modal:(\d+):(\d+)")


def answer_modal(session_id: int, number: int) -> AnswerModal:
    return AnswerModal(f"mock:modal:{session_id}:{number}", f"Round {number} · your answer")


def parse_modal_submit(interaction: Interaction) -> tuple[int, int, str] | None:
    """(session id, round, text) of a group answer submission, else None."""
    return submitted_numbered_answer(interaction, MODAL_ID)
