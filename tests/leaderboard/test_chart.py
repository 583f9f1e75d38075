"""The /stats picture is a real PNG of the expected size, for full and empty profiles."""

from __future__ import annotations

import dataclasses
import io
import struct
import subprocess
import sys
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.stats import DayActivity, MemberStats, StreakView, StudySuggestion, TopicStat
from bot.stats.chart import (
    DISPLAY_WIDTH,
    FAIR,
    MAX_TOPIC_BARS,
    OKABE_ITO,
    PANEL,
    STRONG,
    WEAK,
    WIDTH,
    draw_stats_chart,
    nice_ticks,
    render_stats_chart,
)

ROOT = Path(__file__).parent.parent.parent
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
    width, height = png_size(data)
    assert width == WIDTH and height < 2 * WIDTH  # never a long strip Discord would shrink
    assert data.endswith(b"IEND\xaeB`\x82")
    assert 5_000 < len(data) < 1_000_000  # a real picture, far below Discord's attachment limit


def test_empty_profile_still_renders():
    image, texts = draw_stats_chart(profile(answers=False))
    assert image.width == WIDTH
    assert "No answers yet" in {text.text for text in texts}


def test_the_picture_shows_the_data():
    one = Image.open(io.BytesIO(render_stats_chart(profile(topics=1)))).convert("RGB")
    many = Image.open(io.BytesIO(render_stats_chart(profile(topics=10)))).convert("RGB")
    assert one.tobytes() != many.tobytes()
    colours = {many.getpixel((x, y)) for x in range(0, WIDTH, 2) for y in range(0, many.height, 2)}
    assert WEAK in colours  # a weak topic's bar


# -- layout at the size Discord shows it ------------------------------------------------------


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("topics", [0, 1, 3, 8, 18])
def test_texts_stay_inside_and_apart_and_legible_at_400_px(topics):
    image, texts = draw_stats_chart(profile(topics=topics, answers=topics > 0))
    for text in texts:
        left, top, right, bottom = text.box
        assert left >= 0 and right <= image.width and top >= 0 and bottom <= image.height, text
        # Shown about 400 px wide in Discord: every text is at least 11 px there.
        assert text.size * DISPLAY_WIDTH / image.width >= 11, text
    for index, first in enumerate(texts):
        for second in texts[index + 1 :]:
            assert not overlaps(first.box, second.box), (first, second)


def test_titles_are_whole_when_the_row_has_room_and_cut_only_when_it_has_not():
    titles = ("Blueprints and application structure", "Sessions and cookies", "Long " * 30)
    stats = dataclasses.replace(
        profile(), topics=tuple(TopicStat(f"t{i}", title, 10, 4, 8) for i, title in enumerate(titles))
    )
    _, texts = draw_stats_chart(stats)
    drawn = {text.text for text in texts}
    assert titles[0] in drawn and titles[1] in drawn
    cut = next(text.text for text in texts if text.text.startswith("Long Long"))
    assert cut.endswith("…") and len(cut) < len(titles[2])


def test_the_picture_grows_with_the_topics_instead_of_leaving_half_empty():
    one, three, eight, eighteen = (draw_stats_chart(profile(topics=n))[0].height for n in (1, 3, 8, 18))
    per_row = (three - one) // 2
    assert per_row > 0 and eight == one + 7 * per_row  # each topic adds one row, nothing more
    assert 0 < eighteen - eight < per_row  # past the bars, only the "+N more" line


def test_topics_past_the_bars_are_counted():
    _, texts = draw_stats_chart(profile(topics=18))
    assert f"+{18 - MAX_TOPIC_BARS} more topics" in {text.text for text in texts}
    _, few = draw_stats_chart(profile(topics=MAX_TOPIC_BARS))
    assert not any(text.text.startswith("+") for text in few)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (200, 338, [200, 250, 300, 350]),
        (0, 97, [0, 20, 40, 60, 80, 100]),
        (0, 0, [0, 2, 4, 6, 8, 10]),  # a flat line gets ten points of room
        (1234, 1240, [1234, 1235, 1236, 1237, 1238, 1239, 1240]),
    ],
)
def test_nice_ticks(low, high, expected):
    assert nice_ticks(low, high, most=7) == expected


def test_the_y_axis_starts_on_a_round_tick():
    _, texts = draw_stats_chart(profile())
    labels = [int(text.text.replace(",", "")) for text in texts if text.text.replace(",", "").isdigit()]
    steps = {b - a for a, b in zip(labels, labels[1:], strict=False)}
    assert len(steps) == 1  # evenly spaced
    (step,) = steps
    assert str(step).rstrip("0") in {"1", "2", "5"} and labels[0] % step == 0
    assert labels[0] <= 200  # the lowest value drawn (points before the 30 days)


def test_the_palette_reads_without_colour_vision():
    assert {STRONG, FAIR, WEAK} <= OKABE_ITO
    stats = dataclasses.replace(profile(), topics=(TopicStat("t", "Weak", 10, 2, 2),))
    image, texts = draw_stats_chart(stats)
    title = next(text for text in texts if text.text == "Weak")
    left = title.box[0]
    bar_y = next(y for y in range(title.box[3], title.box[3] + 60) if image.getpixel((left + 20, y)) == WEAK)
    row = [image.getpixel((x, bar_y + 4)) for x in range(left + 4, left + 120)]
    # Hatched: stripes of the panel colour cross the bar, so weak is a texture, not only a hue.
    assert WEAK in row and PANEL in row and row.index(PANEL) < 20


def test_the_readme_picture_is_drawn_by_the_script_from_sample_data(tmp_path):
    script = ROOT / "scripts" / "stats_chart.py"
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "chart.png")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    drawn = Image.open(tmp_path / "chart.png")
    committed = Image.open(ROOT / "docs" / "stats-chart.png")
    # Same layout as the committed picture (rerun the script after changing the chart), and small.
    assert drawn.size == committed.size and drawn.width == WIDTH
    assert (ROOT / "docs" / "stats-chart.png").stat().st_size < 100_000
