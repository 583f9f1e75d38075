"""Grading a multiple-choice answer: the answer is the text of the chosen option.

Buttons send the option text exactly; the terminal and the JSON Lines command may not,
so the comparison is on normalised words, and a near copy of one option (a typo, a
missing word) still counts as choosing it when no other option is as close.
"""

from __future__ import annotations

from bot.bank.models import KeyPoint
from bot.grading.feedback import choice_feedback
from bot.grading.normalise import tokenise
from bot.grading.result import Grade, PointMatch, Refusal
from bot.grading.rubric import Rubric

# Word overlap (Jaccard) needed to take an answer for an option it does not equal.
_SAME_OPTION = 0.75


def chosen_option(rubric: Rubric, answer: str) -> int | None:
    """Index of the chosen option (0 is the correct one), or None when none fits."""
    keys = tokenise(answer).keys
    if not keys:
        return None
    for index, option in enumerate(rubric.options):
        if keys == option:
            return index
    given = set(keys)
    scores = [len(given & set(option)) / len(given | set(option)) for option in rubric.options]
    best = max(range(len(scores)), key=scores.__getitem__)
    runner_up = max((s for i, s in enumerate(scores) if i != best), default=0.0)
    if scores[best] >= _SAME_OPTION and scores[best] > runner_up:
        return best
    return None


def grade_choice(rubric: Rubric, answer: str) -> Grade:
    """1.0 for the correct option, 0.0 for anything else."""
    question = rubric.question
    point = KeyPoint(text=question.correct, hints=(question.correct,))
    chosen = chosen_option(rubric, answer)
    if chosen == 0:
        return Grade(
            question_id=question.id,
            score=1.0,
            passed=True,
            matched=(PointMatch(point, question.correct, (answer.strip(),)),),
            missed=(),
            pitfalls=(),
            feedback=choice_feedback(True, question.correct),
        )
    return Grade(
        question_id=question.id,
        score=0.0,
        passed=False,
        matched=(),
        missed=(point,),
        pitfalls=(),
        feedback=choice_feedback(False, question.correct),
        refusal=Refusal.EMPTY if not answer.strip() else None,
    )
