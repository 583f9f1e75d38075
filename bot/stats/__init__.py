"""Leaderboards and member stats: period maths, chart, services. No Discord here."""

from bot.stats.models import (
    PAGE_SIZE,
    BoardView,
    DayActivity,
    MemberStats,
    StreakView,
    StudySuggestion,
    TopicStat,
)
from bot.stats.periods import Period
from bot.stats.service import LeaderboardService, StatsHidden, UnknownTopic

__all__ = [
    "PAGE_SIZE",
    "BoardView",
    "DayActivity",
    "LeaderboardService",
    "MemberStats",
    "Period",
    "StatsHidden",
    "StreakView",
    "StudySuggestion",
    "TopicStat",
    "UnknownTopic",
]
