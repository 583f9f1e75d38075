"""The Grade values, the Grader over a bank, scoring rules, feedback and choice questions."""

from __future__ import annotations

import dataclasses

import pytest

from bot.bank.models import Bank, KeyPoint, Topic
from bot.grading import PASS_THRESHOLD, Grade, Grader, PitfallMatch, PointMatch, grade
from bot.grading.feedback import MAX_FEEDBACK
from bot.grading.grade import LISTED_CREDIT, NAMED_CREDIT
from tests.grading.questions import BLUEPRINTS, CHOICE, GOOD_SESSION_ANSWER, SESSIONS, open_question


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(Bank([Topic("testing", "Testing", "", (SESSIONS, BLUEPRINTS, CHOICE))]))


def test_values_are_frozen_slotted_dataclasses():
    result = grade(SESSIONS, GOOD_SESSION_ANSWER + " Flask encrypts the session, too.")
    for value in (result, result.matched[0], result.pitfalls[0]):
        assert dataclasses.is_dataclass(value)
        assert type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
        assert "__slots__" in type(value).__dict__ and not hasattr(value, "__dict__")
        # 3.11 raises TypeError instead of FrozenInstanceError for slotted frozen classes.
        with pytest.raises((dataclasses.FrozenInstanceError, TypeError)):
            value.score = 0.5  # type: ignore[misc]
    assert isinstance(result.matched[0], PointMatch)
    assert isinstance(result.pitfalls[0], PitfallMatch)


def test_a_grade_reports_matches_with_their_words_and_what_was_missed():
    answer = "Flask keeps the session in a signed cookie in the browser."
    result = grade(SESSIONS, answer)
    assert isinstance(result, Grade)
    assert result.question_id == SESSIONS.id
    by_text = {match.text: match for match in result.matched}
    assert set(by_text) == {SESSIONS.key_points[0].text, SESSIONS.key_points[1].text}
    assert by_text[SESSIONS.key_points[1].text].words == ("signed",)
    assert all(word.lower() in answer.lower() for m in result.matched for word in m.words)
    assert result.missed == SESSIONS.key_points[2:]
    # Weighted: the two covered points weigh 2 + 2 of 6; one is only named ("in a
    # cookie": nothing about client-side), which may cost part of its credit.
    assert 4 / 6 * NAMED_CREDIT <= result.score <= round(4 / 6, 3)
    assert result.passed is (result.score >= PASS_THRESHOLD)


def test_score_is_the_weighted_share_of_key_points():
    question = open_question(("Heavy", ("alpha",), 3.0), ("Light", ("bravo",), 1.0))
    assert grade(question, "It uses alpha for that.").score == pytest.approx(0.75)
    assert grade(question, "It uses bravo for that.").score == pytest.approx(0.25)
    assert grade(question, "It uses alpha and then bravo for that.").score == 1.0


def test_the_pass_threshold_is_a_documented_constant():
    assert PASS_THRESHOLD == 0.6  # the README documents "passes at 0.6"
    question = open_question(
        *[(f"Point {n}", (word,)) for n, word in enumerate(("alpha", "bravo", "charlie", "delta", "echo"))]
    )
    three = grade(question, "It uses alpha, then bravo and also charlie for that.")
    two = grade(question, "It uses alpha and then bravo for that.")
    assert three.score == pytest.approx(0.6) and three.passed
    assert two.score == pytest.approx(0.4) and not two.passed


def test_a_point_only_named_earns_less_than_one_explained():
    question = open_question(
        ("A user_loader callback reloads the user from the id stored in the session", ("user_loader",)),
        ("Other", ("zebra",)),
        prompt="How do you set up Flask-Login?",
    )
    named = grade(question, "You write a user_loader for it.")
    explained = grade(question, "The user_loader callback reloads the user from the id kept in the session.")
    assert named.matched and explained.matched
    assert named.score == pytest.approx(NAMED_CREDIT / 2)
    assert explained.score == pytest.approx(0.5)


def test_listed_key_points_earn_reduced_credit():
    question = open_question(("A", ("alpha",)), ("B", ("bravo",)))
    result = grade(question, "alpha bravo")
    assert result.score == pytest.approx(LISTED_CREDIT)


def test_feedback_is_short_plain_text():
    long_point = "x " * 400
    question = open_question((long_point.strip(), ("alpha",)), ("Other", ("bravo",)))
    for answer in ("", "It uses bravo here.", GOOD_SESSION_ANSWER, "alpha bravo"):
        for result in (grade(question, answer), grade(SESSIONS, answer)):
            assert 0 < len(result.feedback) <= MAX_FEEDBACK
            assert not any(mark in result.feedback for mark in ("**", "`", "#", "\n"))


def test_feedback_names_the_next_point_to_learn():
    result = grade(SESSIONS, "Flask keeps the session in a signed cookie in the browser.")
    assert "readable by the client" in result.feedback


def test_grader_compiles_the_bank_once_and_grades_like_grade(grader):
    assert grader.rubric(SESSIONS) is grader.rubric(SESSIONS)  # compiled up front, reused
    for answer in (GOOD_SESSION_ANSWER, "cookie signed", "idk"):
        assert grader.grade(SESSIONS, answer).score == grade(SESSIONS, answer).score
    assert Grader.for_bank(Bank([])).grade(SESSIONS, GOOD_SESSION_ANSWER).score == 1.0


def test_grader_recompiles_a_question_edited_since_the_bank_loaded(grader):
    edited = dataclasses.replace(SESSIONS, key_points=(KeyPoint("Only this", ("zebra",)),))
    assert grader.grade(edited, "A zebra is here.").score == 1.0


@pytest.mark.parametrize(
    "answer",
    [
        "GET (Flask adds HEAD and OPTIONS automatically)",
        "get (flask adds head and options automatically)",
        "  GET  (Flask adds HEAD and OPTIONS automatically).",
        "GET, Flask adds HEAD and OPTIONS",  # a near copy still picks that option
    ],
)
def test_choosing_the_correct_option_scores_one(answer):
    result = grade(CHOICE, answer)
    assert result.score == 1.0 and result.passed
    assert [m.text for m in result.matched] == [CHOICE.correct]
    assert result.missed == ()


@pytest.mark.parametrize("answer", ["GET and POST", "every http method", "", "A", "POST"])
def test_anything_else_scores_zero(answer):
    result = grade(CHOICE, answer)
    assert result.score == 0.0 and not result.passed
    assert [point.text for point in result.missed] == [CHOICE.correct]
    assert CHOICE.correct in result.feedback
