"""Flag this grade: members dispute grades; operators export the flags for rubric authors."""

from bot.disputes.errors import AlreadyFlagged, ConsentMissing, FlagIncomplete, GradeGone, NotYourGrade
from bot.disputes.outcomes import FlagForm, FlagRecorded, FlagTarget
from bot.disputes.service import ANSWER_MAX, REASON_MAX, DisputeService

__all__ = [
    "ANSWER_MAX",
    "REASON_MAX",
    "AlreadyFlagged",
    "ConsentMissing",
    "DisputeService",
    "FlagForm",
    "FlagIncomplete",
    "FlagRecorded",
    "FlagTarget",
    "GradeGone",
    "NotYourGrade",
]
