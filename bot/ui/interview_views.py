"""Buttons and the answer modal of a solo interview.

Every button is a ``DynamicItem``: its custom_id carries the interview id and the
question index, so it keeps working after a restart with nothing held in memory. The
buttons only route a press to the controller (the Interview cog); the engine decides
what the press means, including "not your interview" and "already answered".
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Self

import discord

from bot.bank import Bank, Difficulty
from bot.disputes import FlagTarget
from bot.engine.outcomes import AnswerGraded, QuestionAsked
from bot.errors import UserFacingError
from bot.ui.answer_modal import AnswerModal, submitted_numbered_answer
from bot.ui.disputes import FlagButton
from bot.ui.routed import RoutedButton, cog_named

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]


class InterviewController(Protocol):
    async def answer_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...
    async def choice_clicked(self, interaction: Interaction, session_id: int, index: int, position: int) -> None: ...
    async def hint_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...
    async def skip_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...
    async def end_clicked(self, interaction: Interaction, session_id: int) -> None: ...
    async def next_clicked(self, interaction: Interaction, session_id: int, index: int) -> None: ...


class _InterviewButton(RoutedButton, template=r"(?!)"):
    """interview:<action>:<interview id>:<question index>, routed to the Interview cog."""

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
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        groups = match.groupdict()
        return cls(int(groups["session"]), int(groups["index"]), int(groups.get("position") or 0), label=label)

    async def route(self, interaction: Interaction) -> None:
        await self.press(interaction, cog_named(interaction, "Interview"))

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        raise NotImplementedError


class AnswerButton(_InterviewButton, template=r"interview:answer:(?P<session>\d+):(?P<index>\d+)"):
    action, label, style = "answer", "Answer", discord.ButtonStyle.primary

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        await target.answer_clicked(interaction, self.session_id, self.index)


class HintButton(_InterviewButton, template=r"interview:hint:(?P<session>\d+):(?P<index>\d+)"):
    action, label = "hint", "Hint"

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        await target.hint_clicked(interaction, self.session_id, self.index)


class SkipButton(_InterviewButton, template=r"interview:skip:(?P<session>\d+):(?P<index>\d+)"):
    action, label = "skip", "Skip"

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        await target.skip_clicked(interaction, self.session_id, self.index)


class EndButton(_InterviewButton, template=r"interview:end:(?P<session>\d+):(?P<index>\d+)"):
    action, label, style = "end", "End", discord.ButtonStyle.danger

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        await target.end_clicked(interaction, self.session_id)


class NextButton(_InterviewButton, template=r"interview:next:(?P<session>\d+):(?P<index>\d+)"):
    action, label, style = "next", "Next question", discord.ButtonStyle.primary

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        await target.next_clicked(interaction, self.session_id, self.index)


class ChoiceButton(_InterviewButton, template=r"interview:choice:(?P<session>\d+):(?P<index>\d+):(?P<position>\d)"):
    action = "choice"

    def custom_id_for(self) -> str:
        return f"interview:choice:{self.session_id}:{self.index}:{self.position}"

    async def press(self, interaction: Interaction, target: InterviewController) -> None:
        await target.choice_clicked(interaction, self.session_id, self.index, self.position)


@dataclass(frozen=True, slots=True)
class StartPlan:
    """What /interview start asked for, small enough to ride in a button's custom_id."""

    topics: tuple[str, ...]
    difficulty: Difficulty | None
    count: int
    public: bool

    def encode(self) -> str:
        """'m.5.0.k3xa9q': difficulty letter (a = adaptive), count, public, then three
        characters per topic derived from its slug alone, so adding, removing or renaming
        another topic file never changes what an offer already posted means."""
        level = self.difficulty.value[0] if self.difficulty else "a"
        return f"{level}.{self.count}.{int(self.public)}.{''.join(topic_code(slug) for slug in self.topics)}"

    @classmethod
    def decode(cls, text: str, bank: Bank) -> StartPlan:
        level, count, public, codes = text.split(".")
        difficulty = next((d for d in Difficulty if d.value[0] == level), None)
        wanted = {codes[i : i + 3] for i in range(0, len(codes), 3)}
        topics = tuple(topic.slug for topic in bank.topics if topic_code(topic.slug) in wanted)
        return cls(topics, difficulty, int(count), public == "1")


def topic_code(slug: str) -> str:
    """Three base-36 characters from a CRC of the slug (46,656 values for a few dozen topics)."""
    value = zlib.crc32(slug.encode()) % 36**3
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "".join(digits[value // 36**power % 36] for power in (2, 1, 0))


class ResumeOfferButton(RoutedButton, template=r"interview:offer-resume:(?P<owner>\d+)"):
    """Offered when a member starts an interview while another one is running."""

    def __init__(self, owner_id: int) -> None:
        self.owner_id = owner_id
        super().__init__(
            discord.ui.Button(
                label="Resume it", style=discord.ButtonStyle.primary, custom_id=f"interview:offer-resume:{owner_id}"
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["owner"]))

    async def route(self, interaction: Interaction) -> None:
        await cog_named(interaction, "Interview").offer_resume_clicked(interaction, self.owner_id)


class RestartOfferButton(
    RoutedButton,
    template=r"interview:offer-replace:(?P<owner>\d+):(?P<session>\d+):(?P<plan>[a-z0-9.]{1,50})",
):
    """Abandons the interview it names (never whichever one is running by the time of a
    second click) and starts the plan."""

    def __init__(self, owner_id: int, session_id: int, plan: str) -> None:
        self.owner_id, self.session_id, self.plan = owner_id, session_id, plan
        super().__init__(
            discord.ui.Button(
                label="Abandon it and start the new one",
                style=discord.ButtonStyle.danger,
                custom_id=f"interview:offer-replace:{owner_id}:{session_id}:{plan}",
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["owner"]), int(match["session"]), match["plan"])

    async def route(self, interaction: Interaction) -> None:
        await cog_named(interaction, "Interview").offer_restart_clicked(
            interaction, self.owner_id, self.session_id, self.plan
        )


class ExpiredRestartOfferButton(
    RoutedButton, template=r"interview:offer-restart:(?P<owner>\d+):(?P<plan>[a-z0-9.]{1,60})"
):
    """Offers posted before offers named the interview they replace: their plan encoding
    depended on the bank's file order, so they are refused rather than guessed at."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="Abandon it and start the new one", custom_id=custom_id))

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match.group(0))

    async def route(self, interaction: Interaction) -> None:
        raise UserFacingError("This offer has expired. Run /interview start again.")


# custom_id: at most 100 characters (discord-limits.md).
RESTART_PLAN_MAX = 100 - len("interview:offer-replace:") - 20 - 1 - 12 - 1


def resume_or_restart_view(owner_id: int, session_id: int, plan: StartPlan) -> discord.ui.View:
    """Both buttons are persistent: the offer still works after a restart. A plan with too
    many topics to fit a custom_id gets Resume only (the member can /interview stop)."""
    layout = discord.ui.View(timeout=None)
    layout.add_item(ResumeOfferButton(owner_id))
    encoded = plan.encode()
    if len(encoded) <= RESTART_PLAN_MAX:
        layout.add_item(RestartOfferButton(owner_id, session_id, encoded))
    return layout


DYNAMIC_ITEMS = (
    AnswerButton,
    HintButton,
    SkipButton,
    EndButton,
    NextButton,
    ChoiceButton,
    ResumeOfferButton,
    RestartOfferButton,
    ExpiredRestartOfferButton,
)


def question_view(view: QuestionAsked) -> discord.ui.View:
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


def feedback_view(outcome: AnswerGraded, flag: FlagTarget | None = None) -> discord.ui.View:
    """Next (or the report), and Flag this grade."""
    layout = discord.ui.View(timeout=None)
    label = "See your report" if outcome.is_last else "Next question"
    layout.add_item(NextButton(outcome.session_id, outcome.index, label=label))
    if flag is not None:
        layout.add_item(FlagButton(flag))
    return layout


MODAL_ID = re.compile(r"interview:modal:(\d+):(\d+)")


def answer_modal(session_id: int, index: int, title: str) -> AnswerModal:
    return AnswerModal(f"interview:modal:{session_id}:{index}", title)


def parse_modal_submit(interaction: Interaction) -> tuple[int, int, str] | None:
    """(interview id, question index, text) of an answer-modal submission, else None."""
    return submitted_numbered_answer(interaction, MODAL_ID)
