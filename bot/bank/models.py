"""The question bank as plain, immutable values.

Everything past the YAML loader works with these types; no dicts leak out of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class QuestionType(StrEnum):
    OPEN = "open"
    CHOICE = "choice"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"

    @property
    def weight(self) -> int:
        """Points multiplier: a hard question is worth three easy ones."""
        return _DIFFICULTY_WEIGHT[self]

    @property
    def rank(self) -> int:
        """0 for easy, 1 for medium, 2 for hard: used to step difficulty up and down."""
        return _DIFFICULTY_WEIGHT[self] - 1

    @classmethod
    def from_rank(cls, rank: int) -> Difficulty:
        ordered = list(cls)
        return ordered[max(0, min(rank, len(ordered) - 1))]


_DIFFICULTY_WEIGHT = {Difficulty.EASY: 1, Difficulty.MEDIUM: 2, Difficulty.HARD: 3}


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a value was written, so errors and authors can find it."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One idea a good answer covers; ``hints`` are the phrasings the grader looks for."""

    text: str
    hints: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Pitfall:
    """A misconception: an answer that states it loses credit and is told so."""

    text: str
    hints: tuple[str, ...]


class ProbeKind(StrEnum):
    """What a probe answer is, from the rubric's point of view."""

    PARAPHRASE = "paraphrase"  # correct, in words other than the hints
    ONE_GAP = "one-gap"  # correct but for one point that is not the heaviest: a 3 of 4, a pass
    PARTIAL = "partial"  # about half of the weighted points
    MISCONCEPTION = "misconception"  # a fluent wrong belief, often in the right words
    NEIGHBOUR = "neighbour"  # a good answer to a neighbouring question


class Expectation(StrEnum):
    PASS = "pass"  # noqa: S105 (a grade outcome, not a password)
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class Probe:
    """An answer the rubric must pass or fail: a test of the rubric kept beside it."""

    kind: ProbeKind
    expect: Expectation
    text: str
    source: SourceLocation = field(default=SourceLocation("<memory>", 0), compare=False)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A question an interviewer asks next, and what a strong reply mentions."""

    ask: str
    listen_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    topic: str
    type: QuestionType
    difficulty: Difficulty
    prompt: str
    # Open questions: the model answer and the rubric.
    answer: str = ""
    key_points: tuple[KeyPoint, ...] = ()
    pitfalls: tuple[Pitfall, ...] = ()
    # Choice questions: the right option, the distractors and why.
    correct: str = ""
    wrong: tuple[str, ...] = ()
    explain: str = ""
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    # Open questions, optional. Neither changes what is asked or how it is graded, so
    # they stay out of equality and hashing: compiled rubrics are looked up by question.
    probes: tuple[Probe, ...] = field(default=(), compare=False)
    follow_ups: tuple[FollowUp, ...] = field(default=(), compare=False)
    source: SourceLocation = field(default=SourceLocation("<memory>", 0), compare=False)

    @property
    def is_open(self) -> bool:
        return self.type is QuestionType.OPEN

    @property
    def options(self) -> tuple[str, ...]:
        """Every option of a choice question, correct first (callers shuffle)."""
        return (self.correct, *self.wrong) if self.type is QuestionType.CHOICE else ()

    @property
    def solution(self) -> str:
        """What to show after grading: the model answer or the explanation."""
        return self.answer if self.is_open else self.explain


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    title: str
    description: str
    questions: tuple[Question, ...]
    source: SourceLocation = field(default=SourceLocation("<memory>", 0), compare=False)


class Bank:
    """A loaded, validated bank: topics in file order, questions addressable by id."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self._topics: dict[str, Topic] = {topic.slug: topic for topic in topics}
        self._questions: dict[str, Question] = {
            question.id: question for topic in self._topics.values() for question in topic.questions
        }

    def __len__(self) -> int:
        return len(self._questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self._questions.values())

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._questions

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(self._topics.values())

    def topic(self, slug: str) -> Topic | None:
        return self._topics.get(slug)

    def topic_title(self, slug: str) -> str:
        """The topic's title, or its slug when the topic is gone: recorded answers and
        schedules may outlive a topic removed from the bank."""
        topic = self._topics.get(slug)
        return topic.title if topic is not None else slug

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def questions(
        self,
        topics: Iterable[str] | None = None,
        difficulty: Difficulty | None = None,
    ) -> list[Question]:
        """Questions of the given topics (all when None) and difficulty (any when None)."""
        wanted = set(topics) if topics is not None else None
        return [
            question
            for question in self._questions.values()
            if (wanted is None or question.topic in wanted)
            and (difficulty is None or question.difficulty is difficulty)
        ]
