"""The shipped Flask bank holds the numbers issues 3 and 16 ask for, per topic, type and difficulty."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from bot.bank import Bank, Difficulty, QuestionType

TOPICS = {
    "basics",
    "app-and-request-lifecycle",
    "routing",
    "requests-and-responses",
    "templates",
    "forms",
    "sessions-and-cookies",
    "blueprints-and-structure",
    "extensions",
    "databases",
    "rest-apis",
    "auth",
    "hooks-and-middleware",
    "testing",
    "deployment",
    "performance",
    "security",
    "scenarios",
}
# Issue 16: the topics interviews dig into get at least 30 questions each.
DEEP_TOPICS = {"databases", "testing", "security", "rest-apis", "auth", "app-and-request-lifecycle"}
# Issue 16's gaps, each covered by at least two questions carrying its tag.
GAP_TAGS = {
    "cli",
    "class-based-views",
    "async",
    "test-isolation",
    "flask-3.1-settings",
    "websockets",
    "i18n",
    "observability",
    "htmx",
    "multi-tenant",
}
# Claims removed from Flask that outdated tutorials still teach; a prompt, answer or option
# presenting them as current would teach something false.
OUTDATED = [
    r"from flask import Markup",
    r"from flask import escape",
    r"flask\.ext\.",
    r"FLASK_ENV=development",
    r"_app_ctx_stack",
    r"_request_ctx_stack",
    r"attachment_filename=",
]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]{3,}", text.lower()))


def test_every_topic_of_the_issue_is_there(shipped_bank: Bank):
    assert {topic.slug for topic in shipped_bank.topics} == TOPICS


def test_overall_numbers(shipped_bank: Bank):
    types = Counter(question.type for question in shipped_bank)
    assert len(shipped_bank) >= 400
    assert types[QuestionType.OPEN] >= 150 and types[QuestionType.CHOICE] >= 80
    with_code = [q for q in shipped_bank if "```" in q.prompt]
    assert len(with_code) >= 30


@pytest.mark.parametrize("slug", sorted(TOPICS))
def test_each_topic_is_deep_enough_at_every_difficulty(shipped_bank: Bank, slug: str):
    topic = shipped_bank.topic(slug)
    assert topic is not None
    assert len(topic.questions) >= (30 if slug in DEEP_TOPICS else 12)
    assert {q.difficulty for q in topic.questions} == set(Difficulty)


def test_every_gap_of_the_review_has_two_questions(shipped_bank: Bank):
    covered = Counter(tag for question in shipped_bank for tag in question.tags if tag in GAP_TAGS)
    assert {tag: covered[tag] for tag in GAP_TAGS if covered[tag] < 2} == {}


def test_open_questions_meet_the_rubric_rules(shipped_bank: Bank):
    problems = []
    for question in shipped_bank:
        if not question.is_open:
            continue
        count = len(question.answer.split())
        if not 3 <= len(question.key_points) <= 5:
            problems.append(f"{question.id}: {len(question.key_points)} key points")
        if not 60 <= count <= 200:
            problems.append(f"{question.id}: model answer of {count} words")
        if not question.refs:
            problems.append(f"{question.id}: no refs")
        if any(len(point.hints) < 2 for point in question.key_points):
            problems.append(f"{question.id}: a key point with fewer than 2 hints")
    assert problems == []


def test_choice_questions_have_real_distractors(shipped_bank: Bank):
    for question in shipped_bank:
        if question.type is QuestionType.CHOICE:
            assert question.correct.casefold() not in {wrong.casefold() for wrong in question.wrong}, question.id
            assert len(set(question.options)) == len(question.options), question.id
            assert question.explain, question.id


def test_no_two_prompts_are_near_duplicates(shipped_bank: Bank):
    close = []
    for first, second in itertools.combinations(list(shipped_bank), 2):
        a, b = words(first.prompt), words(second.prompt)
        if a and b and len(a & b) / len(a | b) > 0.7:
            close.append((first.id, second.id))
    assert close == []


def test_no_outdated_api_is_taught_as_current(shipped_bank: Bank):
    # Outdated names may appear in a prompt ("what is wrong here") or in a distractor,
    # never in the correct option of a choice question.
    found = [
        q.id
        for q in shipped_bank
        if q.type is QuestionType.CHOICE
        for pattern in OUTDATED
        if re.search(pattern, q.correct)
    ]
    assert found == []


def test_every_model_answer_passes_its_own_rubric(shipped_bank: Bank):
    from bot.grading import Grader

    grader = Grader(shipped_bank)
    failing = []
    for question in shipped_bank:
        solution = question.answer if question.is_open else question.correct
        grade = grader.grade(question, solution)
        if not grade.passed or grade.pitfalls:
            failing.append((question.id, grade.score, [p.text for p in grade.pitfalls]))
    assert failing == []
