"""What can go wrong with the daily question, in words a member or admin understands."""

from __future__ import annotations

from bot.errors import UserFacingError


class DailyNotConfigured(UserFacingError):
    def __init__(self) -> None:
        super().__init__("This server has no daily question yet. An admin can set one up with /daily setup.")


class AlreadyAnsweredDaily(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You already answered this question; one answer each. See you at the next one!")


class DailyClosed(UserFacingError):
    def __init__(self) -> None:
        super().__init__(
            "Answers to this question are closed: the answer is shown in the post now. Catch the next one!"
        )


class DailyPostGone(UserFacingError):
    def __init__(self) -> None:
        super().__init__("I can't find that daily question any more; it may have been removed.")


class AlreadyPostedToday(UserFacingError):
    def __init__(self) -> None:
        super().__init__(
            "Today's question is already posted in this server (one a day). The next one comes at the usual time."
        )


class UnknownDailyTopic(UserFacingError):
    def __init__(self, topic: str, known: list[str]) -> None:
        super().__init__(f"There is no topic '{topic[:50]}'. Topics: {', '.join(known)}.")


class NoDailyQuestions(UserFacingError):
    def __init__(self, what: str) -> None:
        super().__init__(f"The bank has no {what} questions, so there would be nothing to post. Pick another filter.")


class InvalidRevealDelay(UserFacingError):
    def __init__(self, low: int, high: int) -> None:
        super().__init__(f"reveal_after must be between {low} and {high} hours.")


class DailyAnswerTooLong(UserFacingError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"That answer is longer than {limit} characters; please shorten it.")


class NotAnOption(UserFacingError):
    def __init__(self) -> None:
        super().__init__("That option is not part of this question.")


class QuestionMissing(UserFacingError):
    def __init__(self, question_id: str) -> None:
        super().__init__("This question is no longer in the bank, so it can't be answered or shown.")
        self.question_id = question_id
