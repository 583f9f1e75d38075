"""The question bank: models, loading and validation."""

from bot.bank.loader import BankError, BankSummary, check_bank, load_bank
from bot.bank.models import Bank, Difficulty, KeyPoint, Pitfall, Question, QuestionType, Topic
from bot.bank.schema import Problem

__all__ = [
    "Bank",
    "BankError",
    "BankSummary",
    "Difficulty",
    "KeyPoint",
    "Pitfall",
    "Problem",
    "Question",
    "QuestionType",
    "Topic",
    "check_bank",
    "load_bank",
]
