"""Opt-in reminders by direct message (due reviews, streaks at risk) and streak roles.

No Discord here (``cogs/remind.py`` and ``bot/ui/remind.py`` are the Discord side); the
time rules are in ``bot.remind.timing`` and the SQL in ``bot/store/reminders.py``.
"""
