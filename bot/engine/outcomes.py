"""What the engine answers: frozen values that the Discord UI and the terminal both render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bank import Question
from bot.engine.state import SessionKind
from bot.grading import Grade


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    position: int  # the button's place in the shown order; what a click sends back
    text: str


@dataclass(frozen=True, slots=True)
class QuestionAsked:
    """A question to show, with everything the member may act on."""

    session_id: int
    kind: SessionKind
    index: int  # 0-based
    total: int
    question: Question
    topic_title: str
    deadline: datetime
    options: tuple[ChoiceOption, ...]  # choice questions: shown order, minus removed ones
    hints: tuple[str, ...]  # key points revealed by hints (open) or a note on removed options

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def hint_available(self) -> bool:
        if self.question.is_open:
            return len(self.hints) < len(self.question.key_points)
        return not self.hints and len(self.options) > 2


@dataclass(frozen=True, slots=True)
class AnswerGraded:
    session_id: int
    kind: SessionKind
    index: int
    total: int
    question: Question
    topic_title: str
    grade: Grade
    points: int
    max_points: int
    hinted: bool
    late: bool
    is_last: bool
    chosen: str = ""  # choice questions: the option picked

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass(frozen=True, slots=True)
class TopicResult:
    topic: str
    title: str
    asked: int
    passed: int
    average_score: float
    points: int


@dataclass(frozen=True, slots=True)
class StudyItem:
    """A question to revisit: what was missed and where to read up."""

    question_id: str
    topic_title: str
    prompt: str
    missed: tuple[str, ...]
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InterviewReport:
    session_id: int
    kind: SessionKind
    asked: int
    answered: int
    passed: int
    skipped: int
    score: float  # mean over the questions asked; skipped ones count as 0
    points: int
    max_points: int
    topics: tuple[TopicResult, ...]
    strongest: TopicResult | None
    weakest: TopicResult | None
    study: tuple[StudyItem, ...]
    ended_early: bool
    next_review_due: datetime | None
