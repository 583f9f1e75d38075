"""Schedule maths with an injected instant: zones, DST days, catch-up and streak runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.scheduling import (
    InvalidPostTime,
    UnknownTimeZone,
    canonical_zone_name,
    catch_up_window,
    day_start,
    due_post_date,
    local_date,
    matching_zones,
    next_post_instant,
    parse_post_time,
    post_instant,
    streak_alive,
    streak_run,
)

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")
CHATHAM = ZoneInfo("Pacific/Chatham")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [("09:00", time(9)), ("9:05", time(9, 5)), ("23:59", time(23, 59))])
def test_post_times_parse(text, expected):
    assert parse_post_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "9", "noon", "", "12:5", "-1:00", "09:00pm"])
def test_bad_post_times_are_refused_with_the_format(text):
    with pytest.raises(InvalidPostTime, match="HH:MM"):
        parse_post_time(text)


def test_zone_names_are_checked_and_canonicalised():
    assert canonical_zone_name("europe/london") == "Europe/London"
    assert canonical_zone_name(" Asia/Kolkata ") == "Asia/Kolkata"
    for bad in ["Mars/Olympus_Mons", "../../etc/passwd", "", "GMT+25"]:
        with pytest.raises(UnknownTimeZone, match="IANA"):
            canonical_zone_name(bad)


def test_zone_autocomplete_prefers_prefixes_and_stays_within_25():
    assert matching_zones("lond")[0] == "Europe/London"
    assert "America/New_York" in matching_zones("new york")
    assert matching_zones("kolkata") == ["Asia/Kolkata"]
    assert len(matching_zones("a")) == 25
    assert 0 < len(matching_zones("")) <= 25


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # New York, spring forward 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        (NEW_YORK, date(2026, 3, 8), time(1, 30), utc(2026, 3, 8, 6, 30)),  # still EST
        (NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),  # missing: posted at 03:00 EDT
        (NEW_YORK, date(2026, 3, 8), time(2, 0), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, date(2026, 3, 8), time(3, 0), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, date(2026, 3, 8), time(9, 0), utc(2026, 3, 8, 13, 0)),  # EDT
        # New York, fall back 2026-11-01: 01:00-02:00 happens twice; the first one counts.
        (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        (NEW_YORK, date(2026, 11, 1), time(9, 0), utc(2026, 11, 1, 14, 0)),  # EST
        # London: 01:00 GMT -> 02:00 BST on 2026-03-29, back on 2026-10-25.
        (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 0)),
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        (LONDON, date(2026, 7, 1), time(9, 0), utc(2026, 7, 1, 8, 0)),
        # Kolkata: +05:30 all year.
        (KOLKATA, date(2026, 1, 5), time(9, 0), utc(2026, 1, 5, 3, 30)),
        (KOLKATA, date(2026, 1, 6), time(0, 15), utc(2026, 1, 5, 18, 45)),
        # Chatham: +12:45 / +13:45, switching at 02:45 standard time.
        (CHATHAM, date(2026, 9, 27), time(3, 0), utc(2026, 9, 26, 14, 0)),  # missing: 03:45 CHADT
        (CHATHAM, date(2026, 4, 5), time(3, 0), utc(2026, 4, 4, 13, 15)),  # twice: the +13:45 one
        (CHATHAM, date(2026, 1, 5), time(9, 0), utc(2026, 1, 4, 19, 15)),
    ],
)
def test_post_instants(zone, day, at, expected):
    assert post_instant(day, at, zone) == expected


def test_local_dates_follow_the_zone_not_utc():
    moment = utc(2026, 1, 5, 20, 0)
    assert local_date(moment, KOLKATA) == date(2026, 1, 6)
    assert local_date(moment, NEW_YORK) == date(2026, 1, 5)
    assert local_date(utc(2026, 1, 5, 11, 0), CHATHAM) == date(2026, 1, 6)
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 1, 5), KOLKATA)  # noqa: DTZ001 - the point of the test


def simulate(zone: ZoneInfo, at: time, start: datetime, hours: int, step: timedelta) -> list[tuple[date, datetime]]:
    """Tick every ``step`` like the scheduler; a day posts once (the store's unique row)."""
    posted: dict[date, datetime] = {}
    now = start
    while now < start + timedelta(hours=hours):
        day = due_post_date(now, at, zone, schedule_since=LONG_AGO)
        if day is not None and day not in posted:
            posted[day] = now
        now += step
    return sorted(posted.items())


@pytest.mark.parametrize(
    ("zone", "at", "start", "expected"),
    [
        (
            NEW_YORK,
            time(2, 30),
            utc(2026, 3, 7, 5),  # 00:00 EST
            [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)],
        ),
        (
            NEW_YORK,
            time(1, 30),
            utc(2026, 10, 31, 4),  # 00:00 EDT
            [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
        ),
        (
            LONDON,
            time(1, 30),
            utc(2026, 10, 24, 0),
            [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
        ),
        (
            CHATHAM,
            time(3, 0),
            utc(2026, 9, 25, 12),
            [utc(2026, 9, 25, 14, 15), utc(2026, 9, 26, 14, 0), utc(2026, 9, 27, 13, 15)],
        ),
    ],
)
def test_ticking_across_dst_posts_once_a_day_at_the_right_instant(zone, at, start, expected):
    posts = simulate(zone, at, start, hours=72, step=timedelta(seconds=30))
    assert [instant for _, instant in posts] == expected
    assert len({day for day, _ in posts}) == len(posts) == 3


def test_fall_back_does_not_make_the_repeated_hour_due_again():
    # After 01:30 EDT has posted, 01:30 EST (an hour later) is the same local day.
    first = due_post_date(utc(2026, 11, 1, 5, 30), time(1, 30), NEW_YORK, schedule_since=LONG_AGO)
    second = due_post_date(utc(2026, 11, 1, 6, 30), time(1, 30), NEW_YORK, schedule_since=LONG_AGO)
    assert first == second == date(2026, 11, 1)


def test_catch_up_after_downtime_only_while_the_local_day_lasts():
    at = time(9, 0)
    # Down from 08:00 to 15:00 New York time: the post is made on start-up.
    assert due_post_date(utc(2026, 1, 5, 20), at, NEW_YORK, schedule_since=LONG_AGO) == date(2026, 1, 5)
    # 23:59 local is still the same day.
    assert due_post_date(utc(2026, 1, 6, 4, 59), at, NEW_YORK, schedule_since=LONG_AGO) == date(2026, 1, 5)
    # After local midnight the missed day is over; the new day's time has not come yet.
    assert due_post_date(utc(2026, 1, 6, 5, 1), at, NEW_YORK, schedule_since=LONG_AGO) is None
    window = catch_up_window(date(2026, 1, 5), at, NEW_YORK)
    assert (window.opens, window.closes) == (utc(2026, 1, 5, 14), utc(2026, 1, 6, 5))


def test_a_schedule_set_up_after_todays_time_starts_tomorrow():
    at = time(9, 0)
    set_up = utc(2026, 1, 5, 10)  # 10:00 in London
    assert due_post_date(utc(2026, 1, 5, 10, 1), at, LONDON, schedule_since=set_up) is None
    assert due_post_date(utc(2026, 1, 6, 9, 0), at, LONDON, schedule_since=set_up) == date(2026, 1, 6)
    # Set up before the time: today counts.
    assert due_post_date(utc(2026, 1, 5, 9, 0), at, LONDON, schedule_since=utc(2026, 1, 5, 8)) == date(2026, 1, 5)


def test_next_post_instant():
    now = utc(2026, 3, 7, 12)  # 07:00 EST
    assert next_post_instant(now, time(9), NEW_YORK, posted_today=False) == utc(2026, 3, 7, 14)
    assert next_post_instant(now, time(9), NEW_YORK, posted_today=True) == utc(2026, 3, 8, 13)  # now EDT
    assert next_post_instant(now, time(6), NEW_YORK, posted_today=False) == utc(2026, 3, 8, 10)


def test_day_start_when_midnight_is_skipped():
    # Santiago skipped 00:00-01:00 on 2026-09-06 (clocks -04 -> -03 at midnight).
    santiago = ZoneInfo("America/Santiago")
    start = day_start(date(2026, 9, 6), santiago)
    assert start.astimezone(santiago).hour == 1
    assert local_date(start - timedelta(seconds=1), santiago) == date(2026, 9, 5)


def test_streak_runs():
    d = date(2026, 1, 5)
    assert streak_run([]) == streak_run(()) and streak_run([]).current == 0
    run = streak_run([d, d + timedelta(days=1), d + timedelta(days=2)])
    assert (run.current, run.best, run.last_day) == (3, 3, d + timedelta(days=2))
    gap = streak_run([d, d + timedelta(days=1), d + timedelta(days=3)])
    assert (gap.current, gap.best) == (1, 2)
    # Order and repeats do not matter.
    assert streak_run([d + timedelta(days=1), d, d]).current == 2
    assert streak_alive(d, d + timedelta(days=1)) and not streak_alive(d, d + timedelta(days=2))
    assert not streak_alive(None, d)
