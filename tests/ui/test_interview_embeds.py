"""Embeds stay within Discord's limits whatever the content, and trims stay readable."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.bank import Bank, Difficulty, KeyPoint, Pitfall, Question, QuestionType, Topic
from bot.engine.outcomes import AnswerGraded, ChoiceOption, InterviewReport, QuestionAsked, StudyItem, TopicResult
from bot.engine.state import SessionKind
from bot.grading import Grader
from bot.ui.interview import feedback_embed, question_embed, report_embed
from bot.ui.interview_views import question_view
from bot.ui.text import bullets, chunks, trim
from tests.discord_limits import component_violations, embed_violations

LONG_CODE = "```python\n" + "\n".join(f"value_{n} = compute({n})  # step {n}" for n in range(60)) + "\n```"


def huge_question() -> Question:
    return Question(
        id="huge",
        topic="t",
        type=QuestionType.OPEN,
        difficulty=Difficulty.HARD,
        prompt=("Explain this code. " * 20 + "\n" + LONG_CODE)[:1000],
        answer=("A strong answer walks through it. " * 20 + "\n\n" + LONG_CODE)[:1800],
        key_points=tuple(KeyPoint(f"Point {n}: " + "x" * 140, (f"hint{n}",)) for n in range(8)),
        pitfalls=tuple(Pitfall(f"Pitfall {n}: " + "y" * 138, (f"trap{n}",)) for n in range(4)),
        refs=tuple(f"https://flask.palletsprojects.com/en/stable/page{n}/" for n in range(6)),
    )


def test_trim_cuts_at_a_boundary_and_closes_code_fences():
    text = "First paragraph is short.\n\nSecond one " + "word " * 100
    cut = trim(text, 60)
    assert len(cut) <= 60 and cut.endswith("word…")  # a whole word, then the ellipsis
    assert trim("A sentence here. " * 10, 100).endswith("here.…")
    cut = trim(LONG_CODE, 200)
    assert len(cut) <= 200 and cut.count("```") == 2
    assert trim("short", 10) == "short"


def test_chunks_never_split_inside_a_code_block_and_fit_fields():
    parts = chunks("intro " * 50 + "\n" + LONG_CODE, 1024, max_chunks=2)
    assert 1 <= len(parts) <= 2 and all(len(part) <= 1024 for part in parts)
    assert all(part.count("```") % 2 == 0 for part in parts)


def test_bullets_count_what_does_not_fit():
    text = bullets(["z" * 290] * 10, limit=1024)
    assert len(text) <= 1024 and text.endswith("more")


def test_feedback_for_the_largest_possible_question_fits():
    question = huge_question()
    bank = Bank([Topic("t", "T", "", (question,))])
    grade = Grader(bank).grade(question, "hint0 hint1 trap0 and some explanation of why it works the way it does")
    outcome = AnswerGraded(
        session_id=1,
        kind=SessionKind.INTERVIEW,
        index=19,
        total=20,
        question=question,
        topic_title="T" * 80,
        grade=grade,
        points=0,
        max_points=30,
        hinted=True,
        late=True,
        is_last=True,
    )
    embed = feedback_embed(outcome).to_dict()
    problems, total = embed_violations(embed, "feedback")
    assert problems == [] and total <= 6000
    assert any(field["name"] == "Model answer" for field in embed["fields"])


def test_question_and_report_embeds_fit():
    question = huge_question()
    view = QuestionAsked(
        1,
        SessionKind.REVIEW,
        2,
        20,
        question,
        "T" * 80,
        datetime(2026, 1, 1, tzinfo=UTC),
        (),
        tuple(point.text for point in question.key_points),
    )
    assert embed_violations(question_embed(view).to_dict(), "question")[0] == []
    assert component_violations(question_view(view).to_components(), "question") == []
    topics = tuple(TopicResult(f"t{n}", "Topic " * 12, 5, 2, 0.4, 20) for n in range(18))
    study = tuple(
        StudyItem(f"q{n}", "Topic " * 12, question.prompt, tuple(p.text for p in question.key_points), question.refs)
        for n in range(5)
    )
    report = InterviewReport(
        1,
        SessionKind.INTERVIEW,
        20,
        18,
        5,
        2,
        0.4,
        100,
        600,
        topics,
        topics[0],
        topics[1],
        study,
        True,
        datetime(2026, 1, 2, tzinfo=UTC),
    )
    problems, total = embed_violations(report_embed(report).to_dict(), "report")
    assert problems == [] and total <= 6000


def test_choice_buttons_fit_with_five_long_options():
    question = Question(
        id="c",
        topic="t",
        type=QuestionType.CHOICE,
        difficulty=Difficulty.EASY,
        prompt="Pick",
        correct="a" * 80,
        wrong=tuple(str(n) * 80 for n in range(4)),
        explain="Because.",
    )
    options = tuple(ChoiceOption(position, text) for position, text in enumerate(question.options))
    view = QuestionAsked(
        123456789, SessionKind.INTERVIEW, 19, 20, question, "T", datetime(2026, 1, 1, tzinfo=UTC), options, ()
    )
    rows = question_view(view).to_components()
    assert component_violations(rows, "choice") == []
    assert len(rows) == 2 and len(rows[0]["components"]) == 5


def test_the_question_footer_has_no_markdown():
    """Discord shows a footer as plain text: '**Answer**' would appear with its asterisks."""
    question = huge_question()
    view = QuestionAsked(1, SessionKind.INTERVIEW, 0, 5, question, "T", datetime(2026, 1, 1, tzinfo=UTC), (), ())
    footer = question_embed(view).to_dict()["footer"]["text"]
    assert 'Press "Answer"' in footer
    assert not any(mark in footer for mark in ("**", "__", "`"))
