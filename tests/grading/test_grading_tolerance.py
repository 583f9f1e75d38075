"""What candidates really write still matches: case, inflection, typos, gaps, synonyms, code."""

from __future__ import annotations

import pytest

from bot.bank.models import Question
from bot.grading import grade
from bot.grading.thesaurus import Thesaurus, default_thesaurus, parse_groups
from tests.grading.questions import single_point


def covers(question: Question, answer: str) -> bool:
    """Whether the answer covers the question's first key point (the one under test)."""
    target = question.key_points[0].text
    return any(match.text == target for match in grade(question, answer).matched)


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("secret key", "Flask reads the SECRET KEY from the config."),
        ("secret key", "It is signed with the Secret-Key, always."),
        ("query string", "Arguments come from the QUERY STRING!"),
    ],
)
def test_case_and_punctuation_do_not_matter(hint, answer):
    assert covers(single_point(hint), answer)


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("sign the cookie", "The cookies are signed by Flask."),
        ("cache the result", "Flask-Caching caches results per view."),
        ("register a blueprint", "Blueprints get registered on the app."),
    ],
)
def test_inflections_match_through_stemming(hint, answer):
    assert covers(single_point(hint), answer)


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("session", "The sesion is kept in a cookie."),  # one letter dropped, 7 letters
        ("token", "Send the tokne in a header."),  # a swap counts as one edit
        ("authentication", "Flask-Login handles authentification for you."),  # 2 edits, 14 letters
        ("database", "Each request opens a databse connection."),
    ],
)
def test_small_typos_are_tolerated(hint, answer):
    assert covers(single_point(hint), answer)


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("hash", "We store the hsah of it."),  # 4 letters: too short for typos
        ("route", "Add a raote for it."),  # 5 letters allow 1 edit; "raote" is 2
        ("session", "The sessssion is kept in a cookie."),  # three edits
        ("url_for", "Call url_fro with the endpoint."),  # code is never corrected
    ],
)
def test_typo_tolerance_has_limits(hint, answer):
    assert not covers(single_point(hint), answer)


def test_a_real_word_of_the_question_is_not_taken_for_a_typo():
    # "flash" is one letter from "flask", but it is a word of this very question.
    question = single_point("flask", text="Flask's message flashing uses the session")
    assert covers(question, "Flask stores messages for the next request.")
    assert not covers(question, "You flash a message and read it later.")


def test_other_words_may_sit_between_the_words_of_a_hint():
    question = single_point("secret key")
    assert covers(question, "Use a long, random secret signing key.")
    assert covers(question, "The key stays secret.")  # reordered, but adjacent


def test_words_too_far_apart_do_not_make_a_hint():
    question = single_point("secret key")
    assert not covers(question, "Keep it secret, store it in a vault and load it at start-up, then key rotation.")
    # ...and never across sentences.
    assert not covers(question, "It must stay secret. The key is loaded from the environment.")


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("database", "Open a db connection per request."),
        ("db", "Open a database connection per request."),
        ("JWT", "Issue a JSON Web Token at login."),
        ("json web token", "Issue a JWT at login."),
        ("environment variable", "Read it from an env var."),
        ("CSRF", "Forms carry an XSRF token."),
        ("CSRF token", "Forms carry a cross-site request forgery token."),
        ("XSS", "Autoescaping stops cross-site scripting."),
        ("SQL injection", "Bound parameters prevent SQLi."),
        ("ORM", "SQLAlchemy is an object relational mapper."),
        ("configuration", "Put it in the app config."),
        ("application", "Create the app in a factory."),
        ("request", "Read the req body."),
        ("response", "Set the header on the resp object."),
        ("authentication", "Flask-Login does auth."),
        ("authorization", "Check auth before the view runs."),
    ],
)
def test_abbreviations_and_synonyms_of_the_field(hint, answer):
    assert covers(single_point(hint), answer)


def test_ambiguous_abbreviation_does_not_merge_distinct_ideas():
    assert not covers(single_point("authorization"), "Flask-Login does authentication.")
    assert not covers(single_point("authentication"), "Roles decide authorization.")


def test_thesaurus_is_data_and_its_shape_is_checked():
    groups = parse_groups({"groups": {"database": ["database", "db", "data store"]}})
    thesaurus = Thesaurus.from_groups(groups)
    assert "db" in thesaurus.by_first
    assert default_thesaurus().by_first  # the shipped YAML loads
    with pytest.raises(ValueError, match="groups"):
        parse_groups({"synonyms": []})
    with pytest.raises(ValueError, match="list of strings"):
        parse_groups({"groups": {"database": "db"}})


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("url_for", "Build links with url for and the endpoint name."),
        ("url_for", "Build links with `url_for()` and the endpoint name."),
        ("url for", "Build links with url_for('index')."),
        ("request.args", "Read ?q= from request args."),
        ("request.args", "Read ?q= from `request.args.get('q')`."),
        ("<int:id>", "Use a rule like `/user/<int:id>` for it."),
        ("<int:id>", "Use a rule like /user/<int:id> for it."),
        ("@app.route", "Decorate the view with app.route."),
        ('app.config["SECRET_KEY"]', "Set app.config['SECRET_KEY'] from the environment."),
        ('app.config["SECRET_KEY"]', "Set the app config secret key from the environment."),
        ("SECRET_KEY", "Flask needs a secret key for sessions."),
    ],
)
def test_code_matches_with_or_without_its_punctuation(hint, answer):
    assert covers(single_point(hint), answer)


def test_code_keeps_its_word_order():
    assert not covers(single_point("url_for"), "For the url, hard-code it.")


def test_a_lone_identifier_written_as_code_must_be_code_in_the_answer():
    # "super()" is specific; the bare word "super" in prose is not.
    question = single_point("super()")
    assert covers(question, "Call super() inside the block.")
    assert covers(question, "Call `super` inside the block.")
    assert not covers(question, "That is a super idea.")


def test_file_extension_hints_need_the_extension():
    question = single_point(".html")
    assert covers(question, "Templates ending in .html are escaped.")
    assert covers(question, "render_template('index.html') escapes values.")
    assert not covers(question, "HTML is escaped.")


def test_words_people_split_or_join_match_both_ways():
    assert covers(single_point("rollback"), "Then roll back the session.")
    assert covers(single_point("roll back"), "Then call rollback on the session.")


def test_a_key_point_restated_in_prose_counts_but_its_words_inside_code_do_not():
    question = single_point("zzz never written", text="The mapper keeps a foreign column index per parent table")
    assert covers(question, "Each parent table gets its own index on the foreign column.")
    # The same words as identifiers in code name things; they say nothing about them.
    assert not covers(question, "`parent_table = Table('x', Column('foreign_index'))`")
