"""What can go wrong in an interview, in words a member understands."""

from __future__ import annotations

from bot.errors import UserFacingError


class NoActiveInterview(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You have no interview running. Start one with /interview start.")


class InterviewNotFound(UserFacingError):
    def __init__(self) -> None:
        super().__init__("That interview is over. Start a new one with /interview start.")


class NotYourInterview(UserFacingError):
    def __init__(self) -> None:
        super().__init__("This is not your interview. Start your own with /interview start.")


class ActiveInterviewExists(UserFacingError):
    """Raised on start while another interview is running; carries its id to offer resume."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        super().__init__("You already have an interview running. Resume it, or abandon it to start a new one.")


class StaleAction(UserFacingError):
    """A button of an earlier question (or a double click) arrived after the state moved on."""

    def __init__(self, what: str = "That question has already been answered.") -> None:
        super().__init__(what)


class NoQuestionsAvailable(UserFacingError):
    def __init__(self, what: str) -> None:
        super().__init__(f"There are no questions for {what}. Try another topic or difficulty.")


class NothingToReview(UserFacingError):
    def __init__(self, next_due: str | None) -> None:
        when = f" The next one is due {next_due}." if next_due else ""
        super().__init__(f"Nothing is due for review right now.{when} Missed questions come back here.")


class UnknownTopic(UserFacingError):
    def __init__(self, topic: str, known: list[str]) -> None:
        # Echo at most 50 characters of what was typed: an option may hold thousands, and the
        # reply must stay within Discord's 2000 (discord-limits.md).
        shown = topic if len(topic) <= 50 else topic[:49] + "…"
        super().__init__(f"There is no topic '{shown}'. Topics: {', '.join(known)}.")


class AnswerTooLong(UserFacingError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"That answer is longer than {limit} characters; please shorten it.")
