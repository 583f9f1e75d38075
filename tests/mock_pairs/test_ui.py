"""Every pair message at its largest fits discord-limits.md, for every open question of the
bank: the kit (with follow-ups), My feedback with a long note, every page of the Score form."""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from bot.mock.pair_outcomes import Kit, PeerResult, PointMark, ScoreForm, TurnCard
from bot.ui.mock_pair_private import kit_embed, result_embed
from bot.ui.mock_pair_score import Draft, pages, score_form
from bot.ui.mock_pairs import turn_message
from tests.discord_limits import message_violations

BIG_ID = 10**18  # session ids and member ids as long as Discord's


def _payload(content: str | None, embeds: list[discord.Embed], view: discord.ui.View | None) -> dict:
    return {
        "content": content,
        "embeds": [embed.to_dict() for embed in embeds],
        "components": view.to_components() if view else [],
    }


def test_every_pair_message_fits_for_every_open_question(pair_bank):
    problems: list[str] = []
    for question in (q for q in pair_bank if q.is_open):
        where = question.id
        kit = Kit(BIG_ID, 10, BIG_ID, question, pair_bank.topic_title(question.topic))
        problems += message_violations(_payload(None, [kit_embed(kit)], None), f"{where} kit")
        marks = tuple(PointMark(p.text, p.weight, "partly") for p in question.key_points)
        result = PeerResult(BIG_ID, 10, BIG_ID, question, marks, 2, "n" * 500, True, 0.55, False)
        problems += message_violations(_payload(None, [result_embed(result)], None), f"{where} result")
        card = TurnCard(
            BIG_ID, 10, 5, 5, BIG_ID, BIG_ID, question.prompt, "t" * 100, "medium", True, False, False, True
        )
        content, embed, view = turn_message(card)
        problems += message_violations(_payload(content, [embed], view), f"{where} turn")
        form = ScoreForm(BIG_ID, 10, BIG_ID, tuple(p.text for p in question.key_points))
        full = Draft(("covered",) * len(form.key_points), 4)
        for page in range(pages(len(form.key_points))):
            for draft in (Draft.empty(len(form.key_points)), full):
                content, view = score_form(form, draft, page)
                problems += message_violations(_payload(content, [], view), f"{where} form page {page}")
    assert problems == []


def test_the_score_form_pages_hold_every_key_point_and_the_grade_once():
    for points in range(1, 9):
        form = ScoreForm(1, 1, 2, tuple(f"point {i}" for i in range(points)))
        seen: list[str] = []
        for page in range(pages(points)):
            _, view = score_form(form, Draft.empty(points), page)
            items = [getattr(child, "item", child) for child in view.children]  # DynamicItems wrap theirs
            selects = [item for item in items if isinstance(item, discord.ui.Select)]
            assert 1 <= len(selects) <= 4
            seen += [select.placeholder or "" for select in selects]
        assert len(seen) == points + 1 and seen[-1].startswith("Overall grade")


def test_a_draft_round_trips_through_its_custom_id_text():
    draft = Draft(("covered", None, "missed", "partly"), 3)
    assert Draft.decode(draft.encode()) == draft and draft.encode() == "c-mp.3"
    assert Draft.decode("c-mp.-").grade is None and not Draft.decode("c-mp.3").complete
    assert Draft.decode("cpmc.0").complete


def test_timestamps_in_posts_are_discord_relative_times():
    from bot.mock.pair_outcomes import InviteCard
    from bot.mock.pair_state import PairPhase
    from bot.ui.mock_pairs import invite_message

    expires = datetime(2026, 1, 5, 12, 10, tzinfo=UTC)
    card = InviteCard(1, 2, None, None, (), None, 2, PairPhase.INVITED, expires, None, True)
    content, embed, view = invite_message(card)
    assert f"<t:{int(expires.timestamp())}:R>" in str(embed.to_dict())
    assert view is not None
    assert [getattr(c, "item", c).custom_id for c in view.children] == ["mpair:accept:1", "mpair:decline:1"]
