"""The end-of-interview report, computed from the stored state alone."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from bot.bank import Bank, Question
from bot.engine.outcomes import InterviewReport, StudyItem, TopicResult
from bot.engine.scoring import max_points
from bot.engine.state import InterviewState, SlotStatus

STUDY_LIMIT = 5


def build_report(
    session_id: int, state: InterviewState, bank: Bank, next_review_due: datetime | None
) -> InterviewReport:
    per_topic: dict[str, list[tuple[float, bool, int]]] = defaultdict(list)
    study: list[StudyItem] = []
    total_points = possible = answered = passed = skipped = 0
    score_sum = 0.0
    for slot in state.slots:
        question = bank.question(slot.question_id)
        if question is None:  # removed from the bank since; its attempt is still recorded
            continue
        possible += max_points(question.difficulty)
        if slot.status is SlotStatus.ASKED:
            continue  # ended before answering: not counted against the member
        skipped += slot.status is SlotStatus.SKIPPED
        answered += slot.status is SlotStatus.ANSWERED
        passed += slot.passed
        score_sum += slot.score
        total_points += slot.points
        per_topic[question.topic].append((slot.score, slot.passed, slot.points))
        if not slot.passed:
            study.append(_study_item(question, slot.missed, bank))
    topics = tuple(
        TopicResult(
            topic=slug,
            title=bank.topic_title(slug),
            asked=len(rows),
            passed=sum(ok for _, ok, _ in rows),
            average_score=sum(score for score, _, _ in rows) / len(rows),
            points=sum(points for _, _, points in rows),
        )
        for slug, rows in per_topic.items()
    )
    ranked = sorted(topics, key=lambda t: (t.average_score, t.passed))
    counted = answered + skipped
    return InterviewReport(
        session_id=session_id,
        kind=state.kind,
        asked=counted,
        answered=answered,
        passed=passed,
        skipped=skipped,
        score=score_sum / counted if counted else 0.0,
        points=total_points,
        max_points=possible,
        topics=topics,
        strongest=ranked[-1] if len(ranked) > 1 else None,
        weakest=ranked[0]
        if len(ranked) > 1
        else (ranked[0] if ranked and ranked[0].passed < ranked[0].asked else None),
        study=tuple(study[:STUDY_LIMIT]),
        ended_early=state.ended_early,
        next_review_due=next_review_due,
    )


def _study_item(question: Question, missed: list[str], bank: Bank) -> StudyItem:
    points = tuple(missed) if question.is_open else (f"Answer: {question.correct}",)
    return StudyItem(question.id, bank.topic_title(question.topic), question.prompt, points, question.refs)
