"""The /stats picture: accuracy per topic and points over the last 30 days, as a PNG.

Drawn with Pillow (see the README): a few rectangles and a line need no plotting library.
Pure and synchronous: the service runs it in a worker thread.

Discord shows an embed image about 400 px wide, so the picture is laid out for 400
logical pixels and drawn at twice that: every text is at least 11 px where it is seen.
Meaning never rests on colour alone: the Okabe-Ito palette reads for colour-blind
members, weak topics are also hatched, and every bar carries its number.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.stats.models import MemberStats, TopicStat

SCALE = 2  # pixels drawn per pixel seen
WIDTH = 400 * SCALE
DISPLAY_WIDTH = 400  # what Discord shows inline (discord-limits.md has no number; measured)
MAX_TOPIC_BARS = 8  # more would make the picture taller than Discord shows whole
PAD = 12 * SCALE
TITLE_SIZE, LABEL_SIZE, SMALL_SIZE = 15 * SCALE, 13 * SCALE, 11 * SCALE
BAR_HEIGHT = 7 * SCALE
ROW_GAP = 8 * SCALE
PLOT_HEIGHT = 110 * SCALE

# Discord's dark theme, so the picture sits in the embed without a white box.
BACKGROUND = (43, 45, 49)
PANEL = (49, 51, 56)
TEXT = (219, 222, 225)
MUTED = (160, 166, 174)
GRID = (70, 73, 80)
# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
SKY_BLUE, ORANGE, VERMILLION = (86, 180, 233), (230, 159, 0), (213, 94, 0)
OKABE_ITO = frozenset({SKY_BLUE, ORANGE, VERMILLION, (0, 158, 115), (240, 228, 66), (0, 114, 178), (204, 121, 167)})
STRONG, FAIR, WEAK = SKY_BLUE, ORANGE, VERMILLION
LINE, AREA = SKY_BLUE, (52, 72, 90)
LEVELS = ((0.75, "75% and up", STRONG, False), (0.5, "50-74%", FAIR, False), (0.0, "under 50% (hatched)", WEAK, True))

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Drawn:
    """One text placed on the picture: what the layout tests check."""

    text: str
    box: Box
    size: int  # font size in drawn pixels


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    # Pillow >= 10.1 ships a scalable default font; without FreeType it falls back to a
    # small bitmap one, which still renders legibly.
    try:
        return ImageFont.load_default(size=size)
    except (AttributeError, OSError, TypeError):
        return ImageFont.load_default()


class _Canvas:
    def __init__(self, height: int) -> None:
        self.image = Image.new("RGB", (WIDTH, height), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self.texts: list[Drawn] = []

    def width_of(self, text: str, size: int) -> float:
        return self.draw.textlength(text, font=_font(size))

    def text(self, xy: tuple[float, float], text: str, size: int, fill: tuple[int, int, int], anchor: str) -> Drawn:
        font = _font(size)
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        left, top, right, bottom = self.draw.textbbox(xy, text, font=font, anchor=anchor)
        drawn = Drawn(text, (int(left), int(top), math.ceil(right), math.ceil(bottom)), size)
        self.texts.append(drawn)
        return drawn

    def fit(self, text: str, size: int, width: float) -> str:
        """``text`` cut with an ellipsis to ``width`` (binary search: measuring is slow)."""
        if self.width_of(text, size) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width_of(text[:middle].rstrip() + "…", size) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def bar(self, box: Box, colour: tuple[int, int, int], *, hatched: bool) -> None:
        left, top, right, bottom = box
        if right <= left:
            return
        if not hatched:
            self.draw.rectangle(box, fill=colour)
            return
        # Diagonal stripes, drawn on a tile the bar's size so that none runs past its end:
        # a weak topic is told apart by texture, not only by hue.
        width, height = right - left + 1, bottom - top + 1
        tile = Image.new("RGB", (width, height), colour)
        stripes = ImageDraw.Draw(tile)
        for x in range(-height, width, 4 * SCALE):
            stripes.line((x, height, x + height, 0), fill=PANEL, width=SCALE)
        stripes.rectangle((0, 0, width - 1, height - 1), outline=colour, width=1)
        self.image.paste(tile, (left, top))


def level(accuracy: float) -> tuple[str, tuple[int, int, int], bool]:
    for floor, name, colour, hatched in LEVELS:
        if accuracy >= floor:
            return name, colour, hatched
    return LEVELS[-1][1:]


def nice_ticks(low: float, high: float, most: int = 5) -> list[int]:
    """At most ``most`` round, evenly spaced values (steps of 1, 2 or 5 x 10^n) covering low..high."""
    if high <= low:  # a flat line: give it a range of ten points to sit in
        high = low + 10
    magnitude = 10 ** math.floor(math.log10(max(1.0, (high - low) / max(1, most - 1))))
    for factor in (1, 2, 5, 10, 20, 50, 100):
        step = max(1, int(factor * magnitude))
        start, end = math.floor(low / step) * step, math.ceil(high / step) * step
        if (end - start) // step + 1 <= most:
            return list(range(start, end + 1, step))
    return [math.floor(low), math.ceil(high)]


def _row_height() -> int:
    return LABEL_SIZE + 4 * SCALE + BAR_HEIGHT + ROW_GAP


def _topics_height(count: int) -> int:
    shown = min(count, MAX_TOPIC_BARS)
    more = SMALL_SIZE + ROW_GAP if count > MAX_TOPIC_BARS else 0
    body = shown * _row_height() + more if count else LABEL_SIZE + ROW_GAP
    return PAD + TITLE_SIZE + ROW_GAP + SMALL_SIZE + 2 * ROW_GAP + body + PAD


def _points_height() -> int:
    return PAD + TITLE_SIZE + ROW_GAP * 2 + PLOT_HEIGHT + SMALL_SIZE + ROW_GAP + PAD


def _legend(canvas: _Canvas, x: int, y: int) -> None:
    swatch = SMALL_SIZE
    for _, name, colour, hatched in LEVELS:
        canvas.bar((x, y, x + swatch, y + swatch), colour, hatched=hatched)
        drawn = canvas.text((x + swatch + 4 * SCALE, y + swatch // 2), name, SMALL_SIZE, MUTED, "lm")
        x = drawn.box[2] + 10 * SCALE


def _topic_row(canvas: _Canvas, topic: TopicStat, left: int, right: int, y: int) -> None:
    value = f"{round(topic.accuracy * 100)}% of {topic.answers:,}"
    value_width = canvas.width_of(value, LABEL_SIZE)
    canvas.text((right, y), value, LABEL_SIZE, MUTED, "ra")
    # The title has the whole row but the number: it is cut only when it truly cannot fit.
    title = canvas.fit(topic.title, LABEL_SIZE, right - left - value_width - 10 * SCALE)
    canvas.text((left, y), title, LABEL_SIZE, TEXT, "la")
    top = y + LABEL_SIZE + 4 * SCALE
    canvas.draw.rectangle((left, top, right, top + BAR_HEIGHT), fill=GRID)
    _, colour, hatched = level(topic.accuracy)
    canvas.bar((left, top, left + round((right - left) * topic.accuracy), top + BAR_HEIGHT), colour, hatched=hatched)


def _topic_panel(canvas: _Canvas, stats: MemberStats, box: Box) -> None:
    left, top, right, bottom = box
    canvas.draw.rounded_rectangle(box, radius=5 * SCALE, fill=PANEL)
    inner_left, inner_right = left + PAD, right - PAD
    canvas.text((inner_left, top + PAD), "Accuracy per topic, weakest first", TITLE_SIZE, TEXT, "la")
    y = top + PAD + TITLE_SIZE + ROW_GAP
    _legend(canvas, inner_left, y)
    y += SMALL_SIZE + 2 * ROW_GAP
    if not stats.topics:
        canvas.text((inner_left, y), "No answers yet", LABEL_SIZE, MUTED, "la")
        return
    for topic in stats.topics[:MAX_TOPIC_BARS]:
        _topic_row(canvas, topic, inner_left, inner_right, y)
        y += _row_height()
    hidden = len(stats.topics) - MAX_TOPIC_BARS
    if hidden > 0:
        canvas.text((inner_left, y), f"+{hidden} more {'topic' if hidden == 1 else 'topics'}", SMALL_SIZE, MUTED, "la")


def _day_label(day: date) -> str:
    return f"{day.strftime('%b')} {day.day}"


def _points_panel(canvas: _Canvas, stats: MemberStats, box: Box) -> None:
    left, top, right, bottom = box
    canvas.draw.rounded_rectangle(box, radius=5 * SCALE, fill=PANEL)
    title = f"Points, last {len(stats.days)} days (+{stats.recent_points:,})"
    canvas.text((left + PAD, top + PAD), title, TITLE_SIZE, TEXT, "la")
    if not stats.days:
        return
    running, values = stats.points_before_days, []
    for day in stats.days:
        running += day.points
        values.append(running)
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    labels = [f"{tick:,}" for tick in ticks]
    label_width = max(canvas.width_of(label, SMALL_SIZE) for label in labels)
    x0 = round(left + PAD + label_width + 6 * SCALE)
    x1 = right - PAD - SCALE * 4
    y0 = top + PAD + TITLE_SIZE + ROW_GAP * 2
    y1 = y0 + PLOT_HEIGHT

    def at(index: int, value: float) -> tuple[float, float]:
        return x0 + (x1 - x0) * index / max(1, len(values) - 1), y1 - (y1 - y0) * (value - low) / (high - low)

    for tick, label in zip(ticks, labels, strict=True):
        _, y = at(0, tick)
        canvas.draw.line((x0, y, x1, y), fill=GRID, width=1)
        canvas.text((x0 - 6 * SCALE, y), label, SMALL_SIZE, MUTED, "rm")
    line = [at(index, value) for index, value in enumerate(values)]
    canvas.draw.polygon([(x0, y1), *line, (line[-1][0], y1)], fill=AREA)
    canvas.draw.line(line, fill=LINE, width=2 * SCALE, joint="curve")
    for (x, y), day in zip(line, stats.days, strict=True):
        if day.answers:  # a dot marks a day with answers; the line alone would hide them
            canvas.draw.ellipse((x - 2 * SCALE, y - 2 * SCALE, x + 2 * SCALE, y + 2 * SCALE), fill=TEXT)
    last = len(values) - 1
    for index, anchor in ((0, "la"), (last // 2, "ma"), (last, "ra")):
        x, _ = at(index, low)
        canvas.text((x, y1 + 4 * SCALE), _day_label(stats.days[index].day), SMALL_SIZE, MUTED, anchor)


def draw_stats_chart(stats: MemberStats) -> tuple[Image.Image, list[Drawn]]:
    """The picture and every text on it; its height follows the number of topics shown."""
    topics_height, points_height = _topics_height(len(stats.topics)), _points_height()
    gap = PAD // 2
    canvas = _Canvas(gap + topics_height + gap + points_height + gap)
    _topic_panel(canvas, stats, (gap, gap, WIDTH - gap, gap + topics_height))
    top = gap + topics_height + gap
    _points_panel(canvas, stats, (gap, top, WIDTH - gap, top + points_height))
    return canvas.image, canvas.texts


def render_stats_chart(stats: MemberStats) -> bytes:
    """A PNG, 800 px wide (shown at 400), of accuracy per topic and points over recent days."""
    image, _ = draw_stats_chart(stats)
    out = io.BytesIO()
    # Level 3 is about twice as fast as the default 6 and the file barely grows.
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
