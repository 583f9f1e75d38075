"""What can go wrong in a group session, in words a member understands."""

from __future__ import annotations

from bot.errors import UserFacingError


class SessionOver(UserFacingError):
    def __init__(self) -> None:
        super().__init__("This group session is over. Start a new one with /mock start.")


class OtherKindOfSession(UserFacingError):
    def __init__(self) -> None:
        super().__init__("That button belongs to another kind of session.")


class NotHost(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Only the host (or a member with Manage Threads) can do that.")


class NotInLobby(UserFacingError):
    def __init__(self, what: str = "The session has already started.") -> None:
        super().__init__(what)


class RoundClosed(UserFacingError):
    def __init__(self, number: int) -> None:
        super().__init__(f"Round {number} is closed: your answer came too late and was not recorded.")


class StaleRound(UserFacingError):
    """A button of a round the session has moved past (or a double click of a host control)."""

    def __init__(self, what: str = "The session has moved on since that message.") -> None:
        super().__init__(what)


class AlreadyAnswered(UserFacingError):
    def __init__(self, number: int) -> None:
        super().__init__(f"You already answered round {number}: one answer per round.")


class AlreadyPlaying(UserFacingError):
    def __init__(self, thread_id: int | None) -> None:
        where = f" in <#{thread_id}>" if thread_id else ""
        super().__init__(f"You are already playing in a group session{where}. Finish or leave it first.")


class TooManySessions(UserFacingError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"This server already runs {limit} group sessions, the most at once. Join one, or try again when one ends."
        )


class SessionFull(UserFacingError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"This session is full ({limit} members).")


class NotAnswered(UserFacingError):
    def __init__(self, number: int) -> None:
        super().__init__(f"You did not answer round {number}, so there is no feedback for you.")


class NoRoundsPlayed(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You answered no round of this session, so there is no report for you.")


class NotAllowedHere(UserFacingError):
    pass
