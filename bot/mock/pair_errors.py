"""What can go wrong in a peer (pair) interview, in words a member understands."""

from __future__ import annotations

from bot.errors import UserFacingError


class PairOver(UserFacingError):
    def __init__(self) -> None:
        super().__init__("This peer interview is over. Start a new one with /mock pair.")


class NotForYou(UserFacingError):
    """A member outside the pair (or the wrong one of the two) pressed a button."""

    def __init__(self, what: str = "This peer interview is between two other members.") -> None:
        super().__init__(what)


class InvitationClosed(UserFacingError):
    def __init__(self, what: str = "This invitation is no longer open.") -> None:
        super().__init__(what)


class CannotPairWithYourself(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You can't interview yourself: invite another member, or leave partner empty.")


class InterviewerOnly(NotForYou):
    def __init__(self, what: str = "Only the interviewer of this question can do that.") -> None:
        super().__init__(what)


class CandidateOnly(NotForYou):
    def __init__(self, what: str = "Only the candidate of this question can do that.") -> None:
        super().__init__(what)


class TurnMovedOn(UserFacingError):
    """A button of a question the session has moved past, or a double click."""

    def __init__(self, what: str = "The interview has moved on since that message.") -> None:
        super().__init__(what)


class ScoreIncomplete(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Mark every key point (covered, partly or missed) and choose an overall grade first.")


class NotScoredYet(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Your interviewer has not scored this question yet. Try again once they have.")


class AlreadyWritten(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You already sent a written answer to this question.")


class FeedbackClosed(UserFacingError):
    def __init__(self, what: str = "Feedback for this interview is closed: it has been shared already.") -> None:
        super().__init__(what)


class FeedbackNotYet(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Feedback opens when the interview ends: press End when you are done.")


class AlreadySentFeedback(UserFacingError):
    def __init__(self) -> None:
        super().__init__("You already sent your feedback for this interview.")


class NoQuestionsLeft(UserFacingError):
    def __init__(self) -> None:
        super().__init__("The bank has no open question left for this topic that neither of you was asked.")


class BadRating(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Each rating is a whole number from 1 to 5: please send your feedback again.")
