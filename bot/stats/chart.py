"""The /stats picture: accuracy per topic and points over the last 30 days, as a PNG.

Drawn with Pillow (see the README): a few rectangles and a line need no plotting
library. Pure and synchronous: the service runs it in a worker thread.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.stats.models import MemberStats

WIDTH, HEIGHT = 900, 620
MAX_TOPIC_BARS = 12
# Discord's dark theme, so the picture sits in the embed without a white box.
BACKGROUND = (43, 45, 49)
PANEL = (49, 51, 56)
TEXT = (219, 222, 225)
MUTED = (148, 155, 164)
GRID = (67, 70, 77)
LINE = (88, 101, 242)
GOOD, FAIR, WEAK = (87, 242, 135), (254, 231, 92), (237, 66, 69)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=4)
def _font(size: int) -> Font:
    # Pillow >= 10.1 ships a scalable default font; without FreeType it falls back to a
    # small bitmap one, which still renders legibly.
    try:
        return ImageFont.load_default(size=size)
    except (AttributeError, OSError, TypeError):
        return ImageFont.load_default()


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` pixels (binary search: measuring is slow)."""
    if draw.textlength(text, font=font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle].rstrip() + "…", font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _accuracy_colour(accuracy: float) -> tuple[int, int, int]:
    return GOOD if accuracy >= 0.75 else FAIR if accuracy >= 0.5 else WEAK


def _topic_panel(draw: ImageDraw.ImageDraw, stats: MemberStats, box: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=10, fill=PANEL)
    draw.text((left + 16, top + 10), "Accuracy per topic (weakest first)", font=_font(20), fill=TEXT)
    topics = stats.topics[:MAX_TOPIC_BARS]
    if not topics:
        draw.text((left + 16, top + 50), "No answers yet", font=_font(16), fill=MUTED)
        return
    label_font, value_font = _font(15), _font(14)
    label_width, value_width = 250, 90
    bar_left, bar_right = left + 16 + label_width, right - 16 - value_width
    first = top + 44
    row = min(28, (bottom - 12 - first) // len(topics))
    for index, topic in enumerate(topics):
        y = first + index * row
        middle = y + row // 2
        name = _fit(draw, topic.title, label_font, label_width - 10)
        draw.text((left + 16, middle), name, font=label_font, fill=TEXT, anchor="lm")
        draw.rectangle((bar_left, y + 4, bar_right, y + row - 4), fill=GRID)
        filled = bar_left + round((bar_right - bar_left) * topic.accuracy)
        if filled > bar_left:
            draw.rectangle((bar_left, y + 4, filled, y + row - 4), fill=_accuracy_colour(topic.accuracy))
        value = f"{round(topic.accuracy * 100)}% of {topic.answers}"
        draw.text((right - 16, middle), value, font=value_font, fill=MUTED, anchor="rm")


def _day_label(day: date) -> str:
    return f"{day.strftime('%b')} {day.day}"


def _points_panel(draw: ImageDraw.ImageDraw, stats: MemberStats, box: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=10, fill=PANEL)
    title = f"Points, last {len(stats.days)} days (+{stats.recent_points})"
    draw.text((left + 16, top + 10), title, font=_font(20), fill=TEXT)
    if not stats.days:
        return
    running, values = stats.points_before_days, []
    for day in stats.days:
        running += day.points
        values.append(running)
    low, high = min(values), max(values)
    if high == low:
        high = low + 10
    axis_font = _font(13)
    plot = (left + 70, top + 50, right - 24, bottom - 34)
    x0, y0, x1, y1 = plot
    for step in range(3):
        value = low + (high - low) * step / 2
        y = y1 - (y1 - y0) * step / 2
        draw.line((x0, y, x1, y), fill=GRID, width=1)
        draw.text((x0 - 8, y), f"{round(value):,}", font=axis_font, fill=MUTED, anchor="rm")
    span = max(1, len(values) - 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return x0 + (x1 - x0) * index / span, y1 - (y1 - y0) * (value - low) / (high - low)

    line = [point(index, value) for index, value in enumerate(values)]
    draw.polygon([(x0, y1), *line, (line[-1][0], y1)], fill=(58, 64, 110))
    draw.line(line, fill=LINE, width=3, joint="curve")
    for (x, y), day in zip(line, stats.days, strict=True):
        if day.answers:
            draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=TEXT)
    for index in (0, len(values) // 2, len(values) - 1):
        x, _ = point(index, low)
        anchor = "lt" if index == 0 else "rt" if index == len(values) - 1 else "mt"
        draw.text((x, y1 + 8), _day_label(stats.days[index].day), font=axis_font, fill=MUTED, anchor=anchor)


def render_stats_chart(stats: MemberStats) -> bytes:
    """A PNG (900 x 620) of the member's accuracy per topic and points over recent days."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _topic_panel(draw, stats, (12, 12, WIDTH - 12, 392))
    _points_panel(draw, stats, (12, 404, WIDTH - 12, HEIGHT - 12))
    out = io.BytesIO()
    # Level 3 is about twice as fast as the default 6 and the file barely grows.
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
