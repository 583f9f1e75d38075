"""Flag this grade: the button under solo and daily feedback, and the form it opens.

The button is a ``DynamicItem`` whose custom_id names the answer (an interview's question, or
a daily post), so it works after a restart; the service finds the clicker's attempt when it is
pressed and refuses anyone else. The form's submit is handled by the Disputes cog's
``on_interaction`` listener, keyed on ``flag:modal:{attempt_id}``, so a form sent while the bot
restarted is still stored. Lengths are from discord-limits.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.disputes import ANSWER_MAX, REASON_MAX, FlagForm, FlagTarget
from bot.store import Mode
from bot.ui.routed import RoutedButton, cog_named

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

ANSWER_INPUT_ID = "flag:answer"
REASON_INPUT_ID = "flag:reason"
CONSENT_INPUT_ID = "flag:consent"
CONSENT_VALUE = "store"
# The consent, stated where it is given (a label: at most 45 characters).
CONSENT_LABEL = "I agree to store this answer for graders"
CONSENT_DETAIL = "Rubric authors read it to improve grading. /privacy delete-my-data removes it."
TITLE = "Flag this grade"
MODAL_ID = re.compile(r"flag:modal:(\d+)")


class DisputeController(Protocol):
    async def flag_clicked(self, interaction: Interaction, target: FlagTarget) -> None: ...


class FlagButton(
    RoutedButton, template=r"flag:(?P<mode>interview|daily):(?P<ref>\d+)(?::(?P<question>[a-z0-9-]{1,64}))?"
):
    """flag:interview:{interview id}:{question id} or flag:daily:{post id}: at most
    15 + 19 + 1 + 64 = 99 characters (custom_id: 100, discord-limits.md)."""

    def __init__(self, target: FlagTarget, *, row: int | None = None) -> None:
        self.target = target
        super().__init__(
            discord.ui.Button(
                label="Flag this grade",
                emoji="🚩",
                style=discord.ButtonStyle.secondary,
                custom_id=flag_custom_id(target),
                row=row,
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> FlagButton:
        ref = int(match["ref"])
        if match["mode"] == "daily":
            return cls(FlagTarget.daily(ref))
        return cls(FlagTarget.interview(ref, match["question"] or ""))

    async def route(self, interaction: Interaction) -> None:
        controller: DisputeController = cog_named(interaction, "Disputes")
        await controller.flag_clicked(interaction, self.target)


def flag_custom_id(target: FlagTarget) -> str:
    if target.mode is Mode.DAILY:
        return f"flag:daily:{target.ref}"
    return f"flag:interview:{target.ref}:{target.question_id}"


DYNAMIC_ITEMS = (FlagButton,)


def flag_view(target: FlagTarget) -> discord.ui.View:
    """The Flag button alone, under daily feedback."""
    view = discord.ui.View(timeout=None)
    view.add_item(FlagButton(target))
    return view


class FlagModal(discord.ui.Modal):
    """The answer as graded (open questions), what the grader got wrong, and the consent."""

    def __init__(self, form: FlagForm) -> None:
        # The interaction token lives 15 minutes; the form is useless after that.
        super().__init__(title=TITLE, custom_id=f"flag:modal:{form.attempt_id}", timeout=900)
        if form.asks_for_answer:
            answer: discord.ui.TextInput[FlagModal] = discord.ui.TextInput(
                style=discord.TextStyle.paragraph,
                custom_id=ANSWER_INPUT_ID,
                # Prefilled when the bot still has it; correct it only if it is not what you sent.
                default=form.answer[:ANSWER_MAX] or None,
                placeholder="Paste the answer you gave, as you gave it.",
                max_length=ANSWER_MAX,
                required=True,
            )
            self.add_item(discord.ui.Label(text="Your answer, as graded", component=answer))
        reason: discord.ui.TextInput[FlagModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            custom_id=REASON_INPUT_ID,
            placeholder="e.g. I made the second key point, in other words.",
            min_length=5,
            max_length=REASON_MAX,
            required=True,
        )
        self.add_item(discord.ui.Label(text="What did the grader get wrong?", component=reason))
        consent: discord.ui.CheckboxGroup[Any] = discord.ui.CheckboxGroup(
            custom_id=CONSENT_INPUT_ID,
            options=[discord.CheckboxGroupOption(label="Yes, store it", value=CONSENT_VALUE)],
            min_values=1,
            max_values=1,
            required=True,
        )
        self.add_item(discord.ui.Label(text=CONSENT_LABEL, description=CONSENT_DETAIL, component=consent))


def flag_modal(form: FlagForm) -> FlagModal:
    return FlagModal(form)


@dataclass(frozen=True, slots=True)
class FlagSubmission:
    attempt_id: int
    answer: str | None  # None: the form had no answer box (a choice question)
    reason: str
    consented: bool


def parse_flag_submit(interaction: Interaction) -> FlagSubmission | None:
    """The flag form's fields, read from the raw submit (the Modal object may be gone)."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return None
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    match = MODAL_ID.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return None
    fields: dict[str, dict[str, Any]] = {}
    for row in data.get("components", []):
        # Inputs arrive in labels (type 18) or, from older clients, in action rows (type 1).
        for component in row.get("components", []) or [row.get("component") or {}]:
            fields[str(component.get("custom_id"))] = component
    answer = fields.get(ANSWER_INPUT_ID)
    return FlagSubmission(
        attempt_id=int(match.group(1)),
        answer=None if answer is None else str(answer.get("value") or ""),
        reason=str((fields.get(REASON_INPUT_ID) or {}).get("value") or ""),
        consented=CONSENT_VALUE in ((fields.get(CONSENT_INPUT_ID) or {}).get("values") or []),
    )


def flagged_message() -> str:
    return (
        "Thank you: your flag is stored for the rubric authors, with your answer, its grade and your note. "
        "`/privacy export` includes it and `/privacy delete-my-data` removes it."
    )
