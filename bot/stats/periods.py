"""Board periods in a server's time zone: pure time maths, no I/O.

A week starts on Monday 00:00 local time and a month on the 1st 00:00 local time, in the
server's ``guild_settings.timezone`` (UTC when unset or unknown). The start is turned into
a UTC instant, so a board is a plain ``answered_at >= start`` filter. Daylight saving is
handled by zoneinfo: on a day whose midnight is skipped (clocks jump from 00:00 to 01:00)
the period starts at the first instant that exists, 01:00.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``tz``, as an aware UTC datetime.

    fold=0 on a skipped midnight takes the offset before the jump, which lands on the
    first local time that exists; on a repeated midnight it takes the first occurrence.
    """
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def period_start(period: Period, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When ``period`` began, as seen at ``now`` in ``tz``; None for all time."""
    if now.tzinfo is None:
        raise ValueError("period_start needs an aware datetime")
    today = now.astimezone(tz).date()
    if period is Period.WEEK:
        return local_midnight(today - timedelta(days=today.weekday()), tz)
    if period is Period.MONTH:
        return local_midnight(today.replace(day=1), tz)
    return None


def recent_days(now: datetime, tz: ZoneInfo, count: int) -> list[date]:
    """The last ``count`` local dates up to and including today, oldest first."""
    today = now.astimezone(tz).date()
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()
