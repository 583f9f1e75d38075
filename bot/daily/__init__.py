"""The question of the day: schedules, posts, private answers, reveals and streaks.

No Discord here (``cogs/daily.py`` and ``bot/ui/daily.py`` are the Discord side); the
time maths lives in ``bot/scheduling.py`` and the SQL in ``bot/store/daily.py``.
"""

from bot.daily.outcomes import (
    ChoiceOption,
    DailyAnswerGraded,
    DailyStatus,
    DueServer,
    PostCard,
    Reveal,
    Schedule,
)
from bot.daily.rules import (
    ERROR_BACKOFF,
    REVEAL_AFTER_DEFAULT,
    REVEAL_AFTER_MAX,
    REVEAL_AFTER_MIN,
    STREAK_BONUS_CAP,
    option_order,
    pick_question,
    streak_bonus,
)
from bot.daily.service import DailyService, ScheduleRequest

__all__ = [
    "ERROR_BACKOFF",
    "REVEAL_AFTER_DEFAULT",
    "REVEAL_AFTER_MAX",
    "REVEAL_AFTER_MIN",
    "STREAK_BONUS_CAP",
    "ChoiceOption",
    "DailyAnswerGraded",
    "DailyService",
    "DailyStatus",
    "DueServer",
    "PostCard",
    "Reveal",
    "Schedule",
    "ScheduleRequest",
    "option_order",
    "pick_question",
    "streak_bonus",
]
