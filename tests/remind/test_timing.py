"""When reminders go out, across time zones and daylight saving (pure functions, no store)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.remind.timing import STREAK_LEAD, first_slot, slot_after, slot_on, streak_window

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
KOLKATA, ST_JOHNS = ZoneInfo("Asia/Kolkata"), ZoneInfo("America/St_Johns")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "hour", "zone", "opens", "closes"),
    [
        # New York springs forward at 02:00 on 8 March 2026: 02:00 does not exist that day.
        (date(2026, 3, 7), 2, NEW_YORK, utc(2026, 3, 7, 7), utc(2026, 3, 8, 5)),
        (date(2026, 3, 8), 2, NEW_YORK, utc(2026, 3, 8, 7), utc(2026, 3, 9, 4)),  # 03:00 EDT, the jump
        (date(2026, 3, 8), 18, NEW_YORK, utc(2026, 3, 8, 22), utc(2026, 3, 9, 4)),
        # It falls back at 02:00 on 1 November 2026: 01:00 happens twice, the first counts.
        (date(2026, 11, 1), 1, NEW_YORK, utc(2026, 11, 1, 5), utc(2026, 11, 2, 5)),
        (date(2026, 11, 1), 18, NEW_YORK, utc(2026, 11, 1, 23), utc(2026, 11, 2, 5)),
        # London springs forward at 01:00 GMT on 29 March 2026.
        (date(2026, 3, 29), 1, LONDON, utc(2026, 3, 29, 1), utc(2026, 3, 29, 23)),
        (date(2026, 3, 29), 18, LONDON, utc(2026, 3, 29, 17), utc(2026, 3, 29, 23)),
        # Half-hour zones, one of them with daylight saving.
        (date(2026, 3, 8), 18, KOLKATA, utc(2026, 3, 8, 12, 30), utc(2026, 3, 8, 18, 30)),
        (date(2026, 1, 10), 9, ST_JOHNS, utc(2026, 1, 10, 12, 30), utc(2026, 1, 11, 3, 30)),
        (date(2026, 7, 10), 9, ST_JOHNS, utc(2026, 7, 10, 11, 30), utc(2026, 7, 11, 2, 30)),
    ],
)
def test_a_slot_is_the_members_hour_on_that_local_day(day, hour, zone, opens, closes):
    slot = slot_on(day, hour, zone)
    assert (slot.day, slot.opens, slot.closes) == (day, opens, closes)


def test_opting_in_after_the_hour_starts_tomorrow_and_before_it_today():
    assert first_slot(utc(2026, 1, 5, 17, 59), 18, LONDON).day == date(2026, 1, 5)
    assert first_slot(utc(2026, 1, 5, 18, 0), 18, LONDON).day == date(2026, 1, 5)
    assert first_slot(utc(2026, 1, 5, 18, 1), 18, LONDON).day == date(2026, 1, 6)
    # 23:30 UTC on 7 March is already 8 March in Kolkata: "today" is the server's day.
    assert first_slot(utc(2026, 3, 7, 23, 30), 9, KOLKATA) == slot_on(date(2026, 3, 8), 9, KOLKATA)


def test_the_next_slot_is_the_next_local_day_across_both_transitions():
    days = [date(2026, 3, 7)]
    opens = [slot_on(days[0], 9, NEW_YORK).opens]
    for _ in range(2):
        slot = slot_after(days[-1], opens[-1], 9, NEW_YORK)
        days.append(slot.day)
        opens.append(slot.opens)
    assert opens == [utc(2026, 3, 7, 14), utc(2026, 3, 8, 13), utc(2026, 3, 9, 13)]
    autumn = slot_after(date(2026, 10, 31), utc(2026, 10, 31, 13), 9, NEW_YORK)
    assert autumn.opens == utc(2026, 11, 1, 14) and autumn.opens - utc(2026, 10, 31, 13) == timedelta(hours=25)


def test_after_days_down_the_next_slot_is_todays_not_a_past_one():
    slot = slot_after(date(2026, 1, 1), utc(2026, 1, 5, 20), 18, LONDON)
    assert slot.day == date(2026, 1, 5) and slot.opens < utc(2026, 1, 5, 20) < slot.closes


def test_the_streak_warning_comes_before_the_day_ends_or_before_the_reveal():
    posted = utc(2026, 1, 5, 9)
    late_reveal = streak_window(date(2026, 1, 5), posted, posted + timedelta(hours=20), LONDON)
    assert late_reveal.deadline == utc(2026, 1, 6, 0) and late_reveal.warn_at == utc(2026, 1, 5, 21)
    early_reveal = streak_window(date(2026, 1, 5), posted, posted + timedelta(hours=6), LONDON)
    assert early_reveal.deadline == utc(2026, 1, 5, 15) and early_reveal.warn_at == utc(2026, 1, 5, 12)
    quick = streak_window(date(2026, 1, 5), posted, posted + timedelta(hours=1), LONDON)
    assert quick.warn_at == posted and quick.deadline == posted + timedelta(hours=1)
    # 8 March in New York is 23 hours long: the day ends at 04:00 UTC, warned 3 hours before.
    spring = streak_window(date(2026, 3, 8), utc(2026, 3, 8, 13), utc(2026, 3, 9, 9), NEW_YORK)
    assert spring.deadline == utc(2026, 3, 9, 4) and spring.warn_at == spring.deadline - STREAK_LEAD
    assert spring.contains(utc(2026, 3, 9, 1)) and not spring.contains(utc(2026, 3, 9, 4))
