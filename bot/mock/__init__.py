"""Group mock interviews: a session core (versioned state, roles, deadlines, idle end) and
live rounds built on it. No Discord here: the /mock cog and the tests drive it."""

from bot.mock.core import Actor, SessionCore, Snapshot
from bot.mock.service import MAX_RUNNING, MockService
from bot.mock.state import CloseReason, Phase, RoundsState

__all__ = ["MAX_RUNNING", "Actor", "CloseReason", "MockService", "Phase", "RoundsState", "SessionCore", "Snapshot"]
