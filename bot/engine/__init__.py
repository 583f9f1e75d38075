"""Interview sessions as plain state machines and a service over them: no Discord here."""

from bot.engine.outcomes import AnswerGraded, ChoiceOption, InterviewReport, QuestionAsked, StudyItem, TopicResult
from bot.engine.service import ANSWER_MAX_CHARS, MAX_QUESTIONS, MIN_QUESTIONS, InterviewService
from bot.engine.state import SessionKind

__all__ = [
    "ANSWER_MAX_CHARS",
    "MAX_QUESTIONS",
    "MIN_QUESTIONS",
    "AnswerGraded",
    "ChoiceOption",
    "InterviewReport",
    "InterviewService",
    "QuestionAsked",
    "SessionKind",
    "StudyItem",
    "TopicResult",
]
