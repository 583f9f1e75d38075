"""The free-text answer box shared by interviews, the daily question, group rounds and pairs.

Its submission is not handled by the Modal object (that lives only in memory) but by
the feature's ``on_interaction`` listener, keyed on the custom_id: an answer typed
while the bot restarted is still graded.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.ui.text import trim

ANSWER_INPUT_ID = "answer:text"
ANSWER_MAX = 4000  # discord-limits.md: a text input holds up to 4000 characters
TITLE_MAX = 45  # discord-limits.md: modal title
PLACEHOLDER = "Explain it as you would to an interviewer: what, why, and a trade-off."


class AnswerModal(discord.ui.Modal):
    def __init__(self, custom_id: str, title: str) -> None:
        # The interaction token lives 15 minutes; the modal is useless after that.
        super().__init__(title=trim(title, TITLE_MAX), custom_id=custom_id, timeout=900)
        self.add_item(
            discord.ui.TextInput(
                label="Your answer",
                style=discord.TextStyle.paragraph,
                custom_id=ANSWER_INPUT_ID,
                placeholder=PLACEHOLDER,
                max_length=ANSWER_MAX,
                required=True,
            )
        )


def submitted_answer(
    interaction: discord.Interaction[Any], pattern: re.Pattern[str]
) -> tuple[re.Match[str], str] | None:
    """(the custom_id match, the answer text) of a modal submission whose custom_id fits
    ``pattern``; None for any other interaction."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return None
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    match = pattern.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return None
    text = ""
    for row in data.get("components", []):
        # Text inputs arrive in action rows (type 1) or, from newer clients, in labels (type 18).
        for component in row.get("components", []) or [row.get("component") or {}]:
            if component.get("custom_id") == ANSWER_INPUT_ID:
                text = str(component.get("value") or "")
    return match, text


def submitted_numbered_answer(
    interaction: discord.Interaction[Any], pattern: re.Pattern[str]
) -> tuple[int, int, str] | None:
    """(session id, number, answer text) of a submission whose custom_id carries both as
    its two groups (an interview's question, a group round, a pair's turn); else None."""
    submitted = submitted_answer(interaction, pattern)
    if submitted is None:
        return None
    match, text = submitted
    return int(match.group(1)), int(match.group(2)), text
