"""Pure time maths for the daily question: when a server's post is due, in its own time zone.

Everything takes and returns aware UTC datetimes (local wall times only inside), so the
callers and the store never see a local time. Daylight saving is handled here and only
here:

- a post time that does not exist on a day (clocks jump forward over it) is posted at
  the first valid instant after it, which is the moment the clocks jump;
- a post time that happens twice (clocks fall back over it) is posted at the first of
  the two; the store's UNIQUE (guild_id, local_date) makes a second post impossible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UserFacingError

_POST_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")


class InvalidPostTime(UserFacingError):
    def __init__(self, text: str) -> None:
        super().__init__(f"'{text[:20]}' is not a time of day. Use 24-hour HH:MM, for example 09:00 or 18:30.")


class UnknownTimeZone(UserFacingError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"'{name[:50]}' is not a time zone I know. Use an IANA name such as Europe/London, "
            "America/New_York or Asia/Kolkata (the option suggests them as you type)."
        )


def parse_post_time(text: str) -> time:
    """'9:05', '09:05' or '09.05' -> 09:05; anything else is an ``InvalidPostTime``."""
    match = _POST_TIME.match(text)
    if match is None:
        raise InvalidPostTime(text)
    return time(int(match.group(1)), int(match.group(2)))


def format_post_time(moment: time) -> str:
    """The stored form, 'HH:MM' (the schema checks it)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows (tzdata ships them), sorted."""
    return tuple(sorted(available_timezones()))


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def canonical_zone_name(name: str) -> str:
    """The IANA spelling of ``name`` ('europe/london' -> 'Europe/London'), or ``UnknownTimeZone``.

    Only names in the IANA list are accepted: ``ZoneInfo`` alone would also take file
    paths such as 'posixrules' or '../zoneinfo/UTC'.
    """
    canonical = _zones_by_folded_name().get(name.strip().casefold())
    if canonical is None:
        raise UnknownTimeZone(name)
    return canonical


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(canonical_zone_name(name))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnknownTimeZone(name) from error


def matching_zones(query: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: prefix matches of the name or its city first, then substrings."""
    folded = query.strip().casefold().replace(" ", "_")
    if not folded:
        popular = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago"]
        popular += ["America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"]
        return popular[:limit]
    prefix, contains = [], []
    for name in zone_names():
        lowered = name.casefold()
        if lowered.startswith(folded) or lowered.rsplit("/", 1)[-1].startswith(folded):
            prefix.append(name)
        elif folded in lowered:
            contains.append(name)
    return (prefix + contains)[:limit]


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date in ``zone`` at ``instant``."""
    return _aware(instant).astimezone(zone).date()


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock in ``zone`` shows ``day`` ``at``.

    Ambiguous wall times (clocks going back) give the first occurrence. Wall times that
    do not exist (clocks going forward) give the first valid instant after them: the
    moment of the jump.
    """
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall_time(first, zone) == wall:
        return first
    # In a gap, fold=0 uses the offset from before the jump and lands after it; fold=1
    # uses the offset from after and lands before it. The jump is between the two.
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = int(min(before, first).timestamp()), int(max(before, first).timestamp())
    # Binary search, to the second, for the first instant whose wall time is not earlier
    # than the wanted one (transitions fall on whole seconds).
    while high - low > 1:
        middle = (low + high) // 2
        if _wall_time(datetime.fromtimestamp(middle, UTC), zone) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def post_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """When the post for local ``day`` is due (see ``local_instant`` for DST)."""
    return local_instant(day, at, zone)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of local ``day`` (midnight, or the jump when midnight is skipped)."""
    return local_instant(day, time(0, 0), zone)


@dataclass(frozen=True, slots=True)
class CatchUpWindow:
    """When the post of one local day may be made: from its post time to the day's end.

    A bot that was down at the post time posts on start-up if the window is still open;
    once the server's local day is over, that day is skipped.
    """

    day: date
    opens: datetime
    closes: datetime

    def contains(self, instant: datetime) -> bool:
        return self.opens <= instant < self.closes


def catch_up_window(day: date, at: time, zone: ZoneInfo) -> CatchUpWindow:
    return CatchUpWindow(day, post_instant(day, at, zone), day_start(day + timedelta(days=1), zone))


def due_post_date(now: datetime, at: time, zone: ZoneInfo, *, schedule_since: datetime) -> date | None:
    """The local date whose post is due at ``now``, or None.

    Due means: the server's post time today has come, the local day is not over, and the
    post time is not earlier than ``schedule_since`` (when the schedule was set up or
    resumed: setting up at 10:00 a schedule for 09:00 starts tomorrow, it does not post a
    "missed" question at once). Whether the post was already made is the store's concern.
    """
    today = local_date(now, zone)
    window = catch_up_window(today, at, zone)
    if window.contains(_aware(now)) and window.opens >= _aware(schedule_since):
        return today
    return None


def next_post_instant(now: datetime, at: time, zone: ZoneInfo, *, posted_today: bool) -> datetime:
    """The next time a post will go out: today's post time if still ahead, else tomorrow's."""
    today = local_date(now, zone)
    candidate = post_instant(today, at, zone)
    if posted_today or candidate < _aware(now):
        return post_instant(today + timedelta(days=1), at, zone)
    return candidate


@dataclass(frozen=True, slots=True)
class StreakRun:
    """``current``: consecutive days ending at the latest day answered; ``best``: the longest run."""

    current: int
    best: int
    last_day: date | None


def streak_run(days: Iterable[date]) -> StreakRun:
    """Runs of consecutive calendar days in a set of answered days (order and repeats ignored)."""
    ordered = sorted(set(days))
    if not ordered:
        return StreakRun(0, 0, None)
    best = run = 1
    for previous, day in zip(ordered, ordered[1:], strict=False):
        run = run + 1 if day - previous == timedelta(days=1) else 1
        best = max(best, run)
    return StreakRun(run, best, ordered[-1])


def streak_alive(last_day: date | None, today: date) -> bool:
    """A streak survives while its last day is today or yesterday; a missed day ends it."""
    return last_day is not None and (today - last_day).days <= 1


def _wall_time(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("scheduling works on aware datetimes; got a naive one")
    return moment
