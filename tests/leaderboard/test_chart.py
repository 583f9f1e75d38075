"""The /stats picture is a real PNG of the expected size, for full and empty profiles."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from bot.stats import DayActivity, MemberStats, StreakView, StudySuggestion, TopicStat
from bot.stats.chart import HEIGHT, WIDTH, render_stats_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def profile(topics: int = 18, answers: bool = True) -> MemberStats:
    first = date(2026, 1, 1)
    days = tuple(
        DayActivity(
            first + timedelta(days=i), i % 3 if answers else 0, i % 2 if answers else 0, (i % 3) * 7 if answers else 0
        )
        for i in range(30)
    )
    return MemberStats(
        guild_id=1,
        user_id=2,
        hidden=False,
        rank=3 if answers else None,
        ranked=40,
        points=500 if answers else 0,
        answers=120 if answers else 0,
        passed=80 if answers else 0,
        last_answered_at=datetime(2026, 1, 30, tzinfo=UTC) if answers else None,
        topics=tuple(
            TopicStat(f"t{i}", f"A rather long topic title number {i} that will not fit", 10 + i, i, i * 3)
            for i in range(topics if answers else 0)
        ),
        modes={"interview": 100, "daily": 20} if answers else {},
        streak=StreakView(2, 9, "2026-01-30") if answers else None,
        days=days,
        points_before_days=200 if answers else 0,
        timezone="UTC",
        study=(
            StudySuggestion("t0", "A rather long topic title number 0 that will not fit", 10, 0.0),
            StudySuggestion("forms", "Forms", 0, 0.0),
        )
        if answers
        else (),
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    (crc,) = struct.unpack(">I", data[29:33])
    assert crc == zlib.crc32(data[12:29])
    return width, height


def test_full_profile_renders_a_png():
    data = render_stats_chart(profile())
    assert png_size(data) == (WIDTH, HEIGHT)
    assert data.endswith(b"IEND\xaeB`\x82")
    assert 5_000 < len(data) < 1_000_000  # a real picture, far below Discord's attachment limit


def test_empty_profile_still_renders():
    data = render_stats_chart(profile(answers=False))
    assert png_size(data) == (WIDTH, HEIGHT)


def test_the_picture_shows_the_data():
    image = Image.open(io.BytesIO(render_stats_chart(profile(topics=1)))).convert("RGB")
    # The one topic has 0 of 10 right (0%): no coloured bar; with 9 of 19 the bar is drawn.
    weak = Image.open(io.BytesIO(render_stats_chart(profile(topics=10)))).convert("RGB")
    assert image.tobytes() != weak.tobytes()
    colours = {weak.getpixel((x, y)) for x in range(0, WIDTH, 3) for y in range(40, 390, 3)}
    assert (237, 66, 69) in colours  # a weak topic's red bar
