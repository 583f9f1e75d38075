"""Why a flag is refused, in words for the member."""

from __future__ import annotations

from bot.errors import UserFacingError


class NotYourGrade(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You can only flag the grade of your own answer.")


class GradeGone(UserFacingError):
    def __init__(self) -> None:
        super().__init__("There is no stored answer of yours here to flag.")


class AlreadyFlagged(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You already flagged this grade. Thank you: rubric authors will look at it.")


class ConsentMissing(UserFacingError):
    def __init__(self) -> None:
        super().__init__(
            "Nothing was stored: tick 'I agree to store this answer for graders' to send a flag. "
            "Press Flag this grade to try again."
        )


class FlagIncomplete(UserFacingError):
    """The answer or the note is empty or too long; the message says which."""
