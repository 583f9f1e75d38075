"""Draw the README's picture of the /stats chart from made-up sample data.

    .venv/bin/python scripts/stats_chart.py [OUTPUT]   (default: docs/stats-chart.png)

The member, the topics and the numbers below are invented but shaped like a real month
of practice; the drawing is the bot's own (bot.stats.chart), so the picture in the
README is what /stats sends. Rerun this after changing the chart.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import Image

from bot.stats import DayActivity, MemberStats, StreakView, TopicStat
from bot.stats.chart import render_stats_chart

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "stats-chart.png"
# (title, answers, passed): eleven topics, so the picture also shows "+N more".
TOPICS = (
    ("Sessions and cookies", 9, 3),
    ("Security", 12, 5),
    ("Blueprints and application structure", 7, 4),
    ("Databases", 10, 6),
    ("Testing", 8, 5),
    ("Application and request lifecycle", 11, 8),
    ("Templates with Jinja", 9, 7),
    ("Routing and URL building", 14, 12),
    ("Forms", 4, 4),
    ("Deployment", 3, 3),
    ("REST APIs", 2, 2),
)
# Answers per day over the 30 days, oldest first: a few quiet days, a busy weekend.
ANSWERS = (2, 0, 3, 4, 0, 0, 5, 2, 1, 0, 3, 6, 7, 0, 2, 2, 0, 1, 4, 3, 0, 0, 6, 8, 2, 1, 0, 3, 2, 4)


def sample_stats() -> MemberStats:
    first = date(2026, 3, 3)
    days = tuple(
        DayActivity(first + timedelta(days=i), answers, (answers * 2) // 3, answers * 9)
        for i, answers in enumerate(ANSWERS)
    )
    topics = tuple(
        TopicStat(title.lower().replace(" ", "-"), title, answers, passed, passed * 14)
        for title, answers, passed in TOPICS
    )
    ordered = tuple(sorted(topics, key=lambda t: (t.accuracy, -t.answers, t.title)))
    answers = sum(t.answers for t in topics)
    recent = sum(day.points for day in days)
    return MemberStats(
        guild_id=1,
        user_id=2,
        hidden=False,
        rank=4,
        ranked=57,
        points=1480,
        answers=answers,
        passed=sum(t.passed for t in topics),
        last_answered_at=datetime(2026, 4, 1, 18, 0, tzinfo=UTC),
        topics=ordered,
        modes={"interview": answers - 20, "daily": 20},
        streak=StreakView(4, 11, "2026-04-01"),
        days=days,
        points_before_days=1480 - recent,
        timezone="Europe/London",
    )


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    picture = Image.open(io.BytesIO(render_stats_chart(sample_stats())))
    # A 64-colour palette keeps the committed file small; the chart uses few colours.
    picture.convert("RGB").quantize(colors=64).save(output, optimize=True)
    print(f"wrote {output} ({picture.width}x{picture.height})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
