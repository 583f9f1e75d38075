"""Buttons and the answer modal of a solo interview.

Every button is a ``DynamicItem``: its custom_id carries the interview id and the
question index, so it keeps working after a restart with nothing held in memory. The
buttons only route a press to the controller (the Interview cog); the engine decides
what the press means, including "not your interview" and "already answered".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.engine.outcomes import AnswerGraded, QuestionView
from bot.ui.errors import report_error

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]
MODAL_PREFIX = "interview:modal:"
ANSWER_INPUT_ID = "interview:answer-text"
ANSWER_MAX = 4000  # discord-limits.md: a text input holds up to 4000 characters


class InterviewController(Protocol):
    async def answer_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...
    async def choice_clicked(self, interaction: Interaction, session_id: int, index: int, position: int) -> None: ...
    async def hint_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...
    async def skip_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...
    async def end_clicked(self, interaction: Interaction, session_id: int) -> None: ...
    async def next_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...


def controller(interaction: Interaction) -> InterviewController:
    cog = interaction.client.get_cog("Interview")
    if cog is None:
        raise RuntimeError("the Interview cog is not loaded")
    return cog  # type: ignore[return-value]


class _InterviewItem(discord.ui.DynamicItem[discord.ui.Button["discord.ui.View"]], template=r"interview:never"):
    """Shared plumbing: parse ids, route to the controller, report errors in one place."""

    action = ""
    label = ""
    style = discord.ButtonStyle.secondary

    def __init__(
        self, session_id: int, index: int = 0, position: int = 0, *, label: str | None = None, row: int | None = None
    ) -> None:
        self.session_id, self.index, self.position = session_id, index, position
        super().__init__(
            discord.ui.Button(label=label or self.label, style=self.style, custom_id=self.custom_id_for(), row=row)
        )

    def custom_id_for(self) -> str:
        return f"interview:{self.action}:{self.session_id}:{self.index}"

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> _InterviewItem:
        groups = match.groupdict()
        return cls(
            int(groups["session"]),
            int(groups.get("index") or 0),
            int(groups.get("position") or 0),
            label=getattr(item, "label", None),
        )

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        try:
            await self.route(interaction, controller(interaction))
        except Exception as error:  # noqa: BLE001 - one error path for every button
            await report_error(interaction, error, where=f"button {self.custom_id_for()}")

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        raise NotImplementedError


class AnswerButton(_InterviewItem, template=r"interview:answer:(?P<session>\d+):(?P<index>\d+)"):
    action, label, style = "answer", "Answer", discord.ButtonStyle.primary

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        await target.answer_clicked(interaction, self.session_id, self.index)


class HintButton(_InterviewItem, template=r"interview:hint:(?P<session>\d+):(?P<index>\d+)"):
    action, label = "hint", "Hint"

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        await target.hint_clicked(interaction, self.session_id, self.index)


class SkipButton(_InterviewItem, template=r"interview:skip:(?P<session>\d+):(?P<index>\d+)"):
    action, label = "skip", "Skip"

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        await target.skip_clicked(interaction, self.session_id, self.index)


class EndButton(_InterviewItem, template=r"interview:end:(?P<session>\d+):(?P<index>\d+)"):
    action, label, style = "end", "End", discord.ButtonStyle.danger

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        await target.end_clicked(interaction, self.session_id)


class NextButton(_InterviewItem, template=r"interview:next:(?P<session>\d+):(?P<index>\d+)"):
    action, label, style = "next", "Next question", discord.ButtonStyle.primary

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        await target.next_clicked(interaction, self.session_id, self.index)


class ChoiceButton(_InterviewItem, template=r"interview:choice:(?P<session>\d+):(?P<index>\d+):(?P<position>\d)"):
    action = "choice"

    def custom_id_for(self) -> str:
        return f"interview:choice:{self.session_id}:{self.index}:{self.position}"

    async def route(self, interaction: Interaction, target: InterviewController) -> None:
        await target.choice_clicked(interaction, self.session_id, self.index, self.position)


DYNAMIC_ITEMS = (AnswerButton, HintButton, SkipButton, EndButton, NextButton, ChoiceButton)


def question_view(view: QuestionView) -> discord.ui.View:
    """Answer/options, then Hint, Skip, End: at most two rows (five options fit one row)."""
    layout = discord.ui.View(timeout=None)
    sid, index = view.session_id, view.index
    if view.question.is_open:
        layout.add_item(AnswerButton(sid, index, row=0))
    else:
        for option in view.options:
            layout.add_item(ChoiceButton(sid, index, option.position, label=option.text, row=0))
    hint = HintButton(sid, index, row=1)
    hint.item.disabled = not view.hint_available
    layout.add_item(hint)
    layout.add_item(SkipButton(sid, index, row=1))
    layout.add_item(EndButton(sid, index, row=1))
    return layout


def feedback_view(outcome: AnswerGraded) -> discord.ui.View:
    layout = discord.ui.View(timeout=None)
    label = "See your report" if outcome.is_last else "Next question"
    layout.add_item(NextButton(outcome.session_id, outcome.index, label=label))
    return layout


class AnswerModal(discord.ui.Modal):
    """The answer box. Its submission is handled by the Interview cog's listener, keyed on
    the custom_id, so an answer typed across a bot restart is still graded."""

    def __init__(self, session_id: int, index: int, title: str) -> None:
        super().__init__(title=title, custom_id=f"{MODAL_PREFIX}{session_id}:{index}", timeout=900)
        self.add_item(
            discord.ui.TextInput(
                label="Your answer",
                style=discord.TextStyle.paragraph,
                custom_id=ANSWER_INPUT_ID,
                placeholder="Explain it as you would to an interviewer: what, why, and a trade-off.",
                max_length=ANSWER_MAX,
                required=True,
            )
        )


def parse_modal_submit(interaction: Interaction) -> tuple[int, int, str] | None:
    """(interview id, question index, text) of an answer-modal submission, else None."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    custom_id = str(data.get("custom_id", ""))
    match = re.fullmatch(rf"{re.escape(MODAL_PREFIX)}(\d+):(\d+)", custom_id)
    if match is None:
        return None
    text = ""
    for row in data.get("components", []):
        for component in row.get("components", []) or [row.get("component") or {}]:
            if component.get("custom_id") == ANSWER_INPUT_ID:
                text = str(component.get("value") or "")
    return int(match.group(1)), int(match.group(2)), text
