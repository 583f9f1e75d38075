"""Loading a bank folder: every topic file parsed, validated and cross-checked.

A bank with any problem is not loaded; the error lists every problem with its file
and line so an author can fix them all in one pass.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.bank.models import Bank, Difficulty, QuestionType, Topic
from bot.bank.schema import Problem, TopicReader
from bot.errors import InterviewBotError

log = logging.getLogger(__name__)

# libyaml's C parser is an order of magnitude faster; the pure-Python one is the fallback
# for platforms whose PyYAML wheel was built without it.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BankError(InterviewBotError):
    """The bank folder has problems; ``problems`` lists each with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"the question bank has {len(problems)} {noun}:\n" + "\n".join(map(str, problems)))


@dataclass(frozen=True, slots=True)
class BankSummary:
    """Counts an author (and the validate command) wants to see."""

    topics: tuple[tuple[str, int], ...]
    by_type: dict[QuestionType, int]
    by_difficulty: dict[Difficulty, int]
    total: int

    @classmethod
    def of(cls, bank: Bank) -> BankSummary:
        return cls(
            topics=tuple((topic.slug, len(topic.questions)) for topic in bank.topics),
            by_type=dict(Counter(question.type for question in bank)),
            by_difficulty=dict(Counter(question.difficulty for question in bank)),
            total=len(bank),
        )


def topic_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _read_file(path: Path, shown_as: str) -> tuple[Topic | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(shown_as, 1, f"cannot read the file: {error}")]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        return None, [Problem(shown_as, line, f"invalid YAML: {error.problem or error.context}")]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, f"invalid YAML: {error}")]
    if root is None:
        return None, [Problem(shown_as, 1, "the file is empty; a topic file needs 'topic', 'title' and 'questions'")]
    reader = TopicReader(shown_as)
    topic = reader.read_topic(root)
    return topic, reader.problems


def check_bank(directory: str | Path) -> tuple[Bank | None, list[Problem]]:
    """Load and validate ``directory``; the bank is None whenever there is any problem."""
    folder = Path(directory)
    if not folder.is_dir():
        return None, [Problem(str(folder), 0, "no such folder: point CONTENT_DIR (or the command) at a bank folder")]
    files = topic_files(folder)
    if not files:
        return None, [Problem(str(folder), 0, "the folder holds no .yaml topic files")]
    problems: list[Problem] = []
    topics: list[Topic] = []
    topic_seen: dict[str, str] = {}
    question_seen: dict[str, str] = {}
    for path in files:
        topic, found = _read_file(path, str(path))
        problems.extend(found)
        if topic is None:
            continue
        if topic.slug and topic.slug in topic_seen:
            problems.append(
                Problem(
                    str(path), topic.source.line, f"topic '{topic.slug}' is already defined in {topic_seen[topic.slug]}"
                )
            )
        topic_seen.setdefault(topic.slug, str(path))
        for question in topic.questions:
            if question.id in question_seen:
                problems.append(
                    Problem(
                        str(path),
                        question.source.line,
                        f"question id '{question.id}' is already used at {question_seen[question.id]}",
                    )
                )
            question_seen.setdefault(question.id, str(question.source))
        topics.append(topic)
    if problems:
        return None, problems
    return Bank(topics), []


def load_bank(directory: str | Path) -> Bank:
    """Load a bank or raise ``BankError`` listing every problem."""
    bank, problems = check_bank(directory)
    if bank is None:
        raise BankError(problems)
    log.info("Loaded %d questions in %d topics from %s", len(bank), len(bank.topics), directory)
    return bank
