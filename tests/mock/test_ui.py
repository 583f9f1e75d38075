"""Every group-session message within discord-limits.md, at its largest."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.engine.outcomes import ChoiceOption, StudyItem, TopicResult
from bot.mock.outcomes import (
    FinalCard,
    Gain,
    LobbyCard,
    MyFeedback,
    MyReport,
    Named,
    OptionCount,
    Ranked,
    RevealCard,
    RoundCard,
    SessionPlan,
)
from bot.mock.rounds import FINAL_PAGE_SIZE, MAX_PLAYERS
from bot.mock.scoring import Standing
from bot.mock.state import Phase
from bot.ui.mock import feedback_embed, final_message, lobby_message, report_embed, reveal_message, round_message
from tests.discord_limits import message_violations

BIG = 10**18  # the longest ids Discord hands out, in every custom_id and mention
PLAN = SessionPlan(tuple(f"topic-{i}" for i in range(18)), tuple("T" * 80 for _ in range(18)), "hard", 20, 600, True)


def ranked(count: int) -> tuple[Ranked, ...]:
    return tuple(
        Ranked(Named(BIG + i, i % 7 == 0), Standing(i + 1, BIG + i, 99999, 20, 20, 20, 12_000_000))
        for i in range(count)
    )


def check(message: tuple, where: str) -> list[str]:
    embed, view = message
    payload = {"embeds": [embed.to_dict()], "components": view.to_components() if view else []}
    return message_violations(payload, where)


def test_every_bank_question_fits_its_round_reveal_and_feedback(shipped_bank, shipped_grader):
    problems = []
    for question in shipped_bank:
        options = tuple(ChoiceOption(i, text) for i, text in enumerate(question.options))
        for is_open in (True, False):
            card = RoundCard(
                BIG, 20, 20, question, "T" * 80, options, datetime(2026, 1, 5, tzinfo=UTC), 200, is_open, None
            )
            problems += check(round_message(card), f"round {question.id}")
        reveal = RevealCard(
            session_id=BIG,
            number=20,
            total=20,
            question=question,
            topic_title="T" * 80,
            answered=200,
            passes=150,
            options=tuple(OptionCount(text, 40, 0.2, i == 0) for i, text in enumerate(question.options)),
            spread=(("0–39%", 50), ("40–59%", 50), ("60–79%", 50), ("80–100%", 50)),
            missed_most=tuple((p.text, 120) for p in question.key_points[:3]),
            gains=tuple(Gain(Named(BIG + i, False), 99, 599.9, True) for i in range(5)),
            standings=ranked(10),
            players=200,
            host_controls=True,
        )
        problems += check(reveal_message(reveal), f"reveal {question.id}")
        grade = shipped_grader.grade(question, question.answer if question.is_open else question.correct)
        feedback = MyFeedback(20, question, "T" * 80, grade, question.correct, 99, 30, 0.5, 9, 0.5, 599.9)
        problems += message_violations({"embeds": [feedback_embed(feedback).to_dict()]}, f"feedback {question.id}")
    assert problems == []


def test_the_largest_lobby_final_pages_and_report_fit():
    everyone = tuple(Named(BIG + i, False) for i in range(MAX_PLAYERS))
    problems = check(lobby_message(LobbyCard(BIG, BIG, PLAN, Phase.LOBBY, "", everyone, MAX_PLAYERS)), "lobby")
    board = ranked(MAX_PLAYERS)
    for page in range(1, MAX_PLAYERS // FINAL_PAGE_SIZE + 1):
        rows = board[(page - 1) * FINAL_PAGE_SIZE : page * FINAL_PAGE_SIZE]
        card = FinalCard(BIG, page, 5, 20, "idle", board[:3] if page == 1 else (), rows)
        embed, view = final_message(card)
        problems += check((embed, view), f"final {page}")
        assert all(f"<@{r.member.user_id}>" in embed.description for r in rows if not r.member.hidden)
    topics = tuple(TopicResult(f"t{i}", "T" * 80, 2, 1, 0.5, 40) for i in range(18))
    study = tuple(StudyItem(f"q{i}", "T" * 80, "P" * 1000, ("M" * 150,) * 8, ("https://x" * 30,)) for i in range(5))
    report = MyReport(20, 20, 10, 999, 1, 200, topics, topics[0], study)
    problems += message_violations({"embeds": [report_embed(report).to_dict()]}, "report")
    assert problems == []
