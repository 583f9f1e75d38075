"""Board periods in a server's time zone: pure time maths, no I/O.

A week starts on Monday 00:00 local time and a month on the 1st 00:00 local time, in the
server's ``guild_settings.timezone`` (UTC when unset or unknown). The start is turned into
a UTC instant, so a board is a plain ``answered_at >= start`` filter. The local-date maths
is bot.scheduling's, shared with the daily question: on a day whose midnight is skipped
(clocks jump from 00:00 to 01:00) the period starts at the first instant that exists.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.scheduling import day_start

log = logging.getLogger(__name__)


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"week": "This week", "month": "This month", "all": "All time"}[self.value]


def zone(name: str | None) -> ZoneInfo:
    """The named IANA zone; UTC (and a log line) for an empty or unknown name."""
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("Unknown time zone %r in the server settings; using UTC", name)
        return ZoneInfo("UTC")


def period_start(period: Period, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When ``period`` began, as seen at ``now`` in ``tz``; None for all time."""
    if now.tzinfo is None:
        raise ValueError("period_start needs an aware datetime")
    today = now.astimezone(tz).date()
    if period is Period.WEEK:
        return day_start(today - timedelta(days=today.weekday()), tz)
    if period is Period.MONTH:
        return day_start(today.replace(day=1), tz)
    return None


def recent_days(now: datetime, tz: ZoneInfo, count: int) -> list[date]:
    """The last ``count`` local dates up to and including today, oldest first."""
    today = now.astimezone(tz).date()
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]
