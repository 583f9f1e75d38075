"""Embeds built from extreme values stay within discord-limits.md."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bot.stats import BoardView, Period, TopicStat
from bot.store import BoardEntry, Mode
from bot.ui.help import SECTIONS
from bot.ui.leaderboard import board_embed, board_view
from bot.ui.stats import STUDY_FIELD, stats_embed
from tests.discord_limits import message_violations
from tests.leaderboard.test_chart import profile


def payload(embed, view=None) -> dict:
    body = {"embeds": [embed.to_dict()]}
    if view is not None:
        body["components"] = view.to_components()
    return body


def test_stats_embed_with_long_topic_titles_fits():
    stats = dataclasses.replace(
        profile(),
        topics=tuple(TopicStat(f"t{i}", "Very long topic title " * 5, 10**6, i, 10**7) for i in range(18)),
        points=10**9,
    )
    embed = stats_embed(stats, with_chart=True)
    assert message_violations(payload(embed), "stats") == []
    topics = next(field for field in embed.to_dict()["fields"] if field["name"].startswith("Accuracy per topic"))
    assert topics["value"].endswith("more") and len(topics["value"]) <= 1024


def test_board_embed_with_huge_numbers_and_a_long_topic_fits():
    entries = tuple(
        BoardEntry(
            rank=999_990 + i,
            user_id=10**19 + i,
            points=10**12,
            answers=10**9,
            passed=10**8,
            last_answered_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        for i in range(10)
    )
    view = BoardView(
        guild_id=1,
        period=Period.MONTH,
        topic="a" * 50,
        topic_title="Very long topic title " * 10,
        mode=Mode.MOCK,
        page=99_998,
        pages=99_999,
        ranked=999_999,
        entries=entries,
        member_id=10**19,
        member=entries[0],
        member_hidden=False,
        since=datetime(2026, 1, 1, tzinfo=UTC),
        timezone="America/Argentina/ComodRivadavia",
    )
    body = payload(board_embed(view), board_view(view, 10**18))
    assert message_violations(body, "board") == []
    assert all(len(button["custom_id"]) <= 100 for row in body["components"] for button in row["components"])


def test_stats_shows_what_to_study_next_as_help_promises():
    stats = profile(topics=3)
    embed = stats_embed(stats, with_chart=True).to_dict()
    study = next(field for field in embed["fields"] if field["name"] == STUDY_FIELD)
    weakest = stats.study[0]
    assert f"**{weakest.title}** (0% of 10): `/interview start topic:{weakest.slug}`" in study["value"]
    assert "not tried yet" in study["value"]
    promise = " ".join(value for _, value in SECTIONS)
    assert STUDY_FIELD.lower() in promise and "/stats" in promise


def test_stats_with_nothing_to_study_says_so():
    stats = dataclasses.replace(profile(topics=2), study=())
    study = next(f for f in stats_embed(stats, with_chart=False).to_dict()["fields"] if f["name"] == STUDY_FIELD)
    assert study["value"].startswith("Nothing weak so far.")
