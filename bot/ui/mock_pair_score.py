"""The interviewer's Score form: one select per key point (covered, partly, missed), an
overall grade 0 to 4, and Submit (or Submit with a note, by modal). Ephemeral.

Discord allows one select per action row and five rows a message (discord-limits.md), and
questions have up to five key points: the selects (key points, then the grade) go four to
a page with the buttons on the fifth row, and Back / More move between pages. What was
picked so far rides in every custom_id of the form (``cpm-.3``: one letter per key point,
then the grade), so the form needs no server-side draft and survives a restart; only
Submit writes anything, and the engine checks it again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.mock.pair_outcomes import ScoreForm
from bot.ui.routed import cog_named
from bot.ui.text import trim

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

COG = "MockPairs"
SELECTS_PER_PAGE = 4  # rows 0-3; row 4 holds the buttons
OPTION_MAX = 100  # discord-limits.md: option label
PLACEHOLDER_MAX = 150  # discord-limits.md: select placeholder
MARKS = {"c": "covered", "p": "partly", "m": "missed"}
MARK_WORDS = {"covered": "Covered", "partly": "Partly", "missed": "Missed"}
GRADES = ("0 · no real answer", "1 · weak", "2 · partial", "3 · good (a pass)", "4 · excellent")
DRAFT = r"[cpm-]{1,24}\.[0-4-]"
NOTE_INPUT_ID = "mpair:note"
NOTE_MAX = 500


@dataclass(frozen=True, slots=True)
class Draft:
    marks: tuple[str | None, ...]  # covered / partly / missed, None while unpicked
    grade: int | None

    @classmethod
    def empty(cls, points: int) -> Draft:
        return cls((None,) * points, None)

    @classmethod
    def decode(cls, text: str) -> Draft:
        marks, _, grade = text.partition(".")
        return cls(tuple(MARKS.get(code) for code in marks), int(grade) if grade.isdigit() else None)

    def encode(self) -> str:
        marks = "".join(mark[0] if mark else "-" for mark in self.marks)
        return f"{marks}.{self.grade if self.grade is not None else '-'}"

    def pick(self, item: int, value: str) -> Draft:
        """Item ``len(marks)`` is the grade; the others are key points."""
        if item == len(self.marks):
            return replace(self, grade=int(value) if value.isdigit() else None)
        if not 0 <= item < len(self.marks):
            return self
        marks = list(self.marks)
        marks[item] = MARKS.get(value)
        return replace(self, marks=tuple(marks))

    @property
    def complete(self) -> bool:
        return all(self.marks) and self.grade is not None


def pages(points: int) -> int:
    return math.ceil((points + 1) / SELECTS_PER_PAGE)


class ScoreSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=rf"mpair:mark:(?P<session>\d+):(?P<turn>\d+):(?P<page>\d+):(?P<item>\d+):(?P<draft>{DRAFT})",
):
    def __init__(self, select: discord.ui.Select[discord.ui.View], session_id: int, turn: int, page: int) -> None:
        self.session_id, self.turn, self.page = session_id, turn, page
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(custom_id=match.group(0))
        select.options = [discord.SelectOption(label="-", value="-")]
        made = cls(select, int(match["session"]), int(match["turn"]), int(match["page"]))
        made.index, made.draft = int(match["item"]), match["draft"]
        return made

    index = 0
    draft = ""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        from bot.ui.errors import report_error

        try:
            value = self.item.values[0] if self.item.values else ""
            draft = Draft.decode(self.draft).pick(self.index, value)
            await cog_named(interaction, COG).score_form_changed(
                interaction, self.session_id, self.turn, self.page, draft
            )
        except Exception as error:  # noqa: BLE001 - the one error path for the form
            await report_error(interaction, error, where=f"score form {self.item.custom_id}")


class ScoreFormButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=rf"mpair:form:(?P<action>back|more|submit|note):(?P<session>\d+):(?P<turn>\d+):(?P<page>\d+)"
    rf":(?P<draft>{DRAFT})",
):
    def __init__(self, action: str, session_id: int, turn: int, page: int, draft: Draft, **button: Any) -> None:
        self.action, self.session_id, self.turn, self.page, self.draft = action, session_id, turn, page, draft
        custom_id = f"mpair:form:{action}:{session_id}:{turn}:{page}:{draft.encode()}"
        super().__init__(discord.ui.Button(custom_id=custom_id, **button))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        draft = Draft.decode(match["draft"])
        return cls(match["action"], int(match["session"]), int(match["turn"]), int(match["page"]), draft)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        from bot.ui.errors import report_error

        try:
            cog = cog_named(interaction, COG)
            await cog.score_form_clicked(interaction, self.action, self.session_id, self.turn, self.page, self.draft)
        except Exception as error:  # noqa: BLE001 - the one error path for the form
            await report_error(interaction, error, where=f"button {self.item.custom_id}")


def _mark_select(form: ScoreForm, draft: Draft, page: int, item: int) -> ScoreSelect:
    custom_id = f"mpair:mark:{form.session_id}:{form.number}:{page}:{item}:{draft.encode()}"
    if item < len(form.key_points):
        text = form.key_points[item]
        placeholder = trim(f"{item + 1}. {text}", PLACEHOLDER_MAX)
        options = [
            discord.SelectOption(
                label=trim(f"{MARK_WORDS[mark]} · {item + 1}. {text}", OPTION_MAX),
                value=mark[0],
                default=draft.marks[item] == mark,
            )
            for mark in MARK_WORDS
        ]
    else:
        placeholder = "Overall grade, 0 to 4"
        options = [
            discord.SelectOption(label=f"Overall {label}", value=str(grade), default=draft.grade == grade)
            for grade, label in enumerate(GRADES)
        ]
    select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id, placeholder=placeholder, options=options
    )
    made = ScoreSelect(select, form.session_id, form.number, page)
    made.index, made.draft = item, draft.encode()
    return made


def score_form(form: ScoreForm, draft: Draft, page: int) -> tuple[str, discord.ui.View]:
    """Page ``page`` (0-based) of the form: its selects, then Back / More / Submit / Note."""
    total = pages(len(form.key_points))
    page = max(0, min(page, total - 1))
    items = range(page * SELECTS_PER_PAGE, min((page + 1) * SELECTS_PER_PAGE, len(form.key_points) + 1))
    layout = discord.ui.View(timeout=None)
    for row, item in enumerate(items):
        select = _mark_select(form, draft, page, item)
        select.item.row = row
        layout.add_item(select)
    sid, number = form.session_id, form.number
    buttons = []
    if page > 0:
        buttons.append(ScoreFormButton("back", sid, number, page - 1, draft, label="Back"))
    if page < total - 1:
        buttons.append(ScoreFormButton("more", sid, number, page + 1, draft, label="More"))
    style, disabled = discord.ButtonStyle.success, not draft.complete
    buttons.append(ScoreFormButton("submit", sid, number, page, draft, label="Submit", style=style, disabled=disabled))
    buttons.append(ScoreFormButton("note", sid, number, page, draft, label="Submit with a note", disabled=disabled))
    for button in buttons:
        button.item.row = 4
        layout.add_item(button)
    done = sum(1 for mark in draft.marks if mark)
    lines = [
        f"Scoring question {number} for <@{form.candidate}> (page {page + 1} of {total}): mark each key point, "
        f"then the overall grade. {done}/{len(form.key_points)} points marked.",
        *(f"{i + 1}. {trim(form.key_points[i], 300)}" for i in items if i < len(form.key_points)),
    ]
    return "\n".join(lines), layout


class NoteModal(discord.ui.Modal):
    """Submit with a note; routed by custom_id in the cog's listener (survives a restart)."""

    def __init__(self, session_id: int, turn: int, draft: Draft) -> None:
        super().__init__(
            title=f"Score question {turn}", custom_id=f"mpair:note-modal:{session_id}:{turn}:{draft.encode()}"
        )
        self.add_item(
            discord.ui.TextInput(
                label="A note for the candidate",
                style=discord.TextStyle.paragraph,
                custom_id=NOTE_INPUT_ID,
                placeholder="What went well, what to dig into next time.",
                max_length=NOTE_MAX,
            )
        )


NOTE_MODAL_ID = re.compile(rf"mpair:note-modal:(?P<session>\d+):(?P<turn>\d+):(?P<draft>{DRAFT})")
