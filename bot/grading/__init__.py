"""Answer grading: text normalisation, rubric matching, refusals and choice grading.

No Discord here: the engine, the terminal practice mode and the ``grade`` command all
call ``Grader.grade`` (or the module-level ``grade``) and get a frozen ``Grade`` back.
"""

from bot.grading.grade import PASS_THRESHOLD, Grader, grade, grade_with
from bot.grading.result import Grade, PitfallMatch, PointMatch, Refusal

__all__ = [
    "PASS_THRESHOLD",
    "Grade",
    "Grader",
    "PitfallMatch",
    "PointMatch",
    "Refusal",
    "grade",
    "grade_with",
]
