"""Answers that only look right are refused, and real answers are not caught by mistake."""

from __future__ import annotations

import pytest

from bot.grading import PASS_THRESHOLD, Refusal, grade
from bot.grading.grade import CONTRADICTION_PENALTY, PITFALL_PENALTY
from tests.grading.questions import BLUEPRINTS, GOOD_SESSION_ANSWER, SESSIONS, open_question, single_point


def matched(question, answer) -> set[str]:
    return {match.text for match in grade(question, answer).matched}


# --- keyword salad ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "cookie signed itsdangerous base64 readable rotate the key",
        "Cookie, signed, itsdangerous, base64, readable, invalidates.",
        "- cookie\n- signature\n- itsdangerous\n- base64\n- logs everyone out",
        "session cookie signed secret key base64 not encrypted invalidates",
    ],
)
def test_a_bare_list_of_rubric_terms_does_not_pass(answer):
    result = grade(SESSIONS, answer)
    assert not result.passed
    assert result.score < PASS_THRESHOLD
    assert result.refusal is Refusal.KEYWORD_LIST
    assert all(match.listed for match in result.matched)
    assert "list of terms" in result.feedback


def test_bullets_that_explain_are_not_keyword_salad():
    answer = (
        "- the session lives in a cookie in the browser\n"
        "- it is signed with SECRET_KEY, so edits are detected\n"
        "- anyone can read it (base64), it is not encrypted\n"
        "- changing the key logs everyone out"
    )
    result = grade(SESSIONS, answer)
    assert result.passed
    assert result.refusal is None
    assert not any(match.listed for match in result.matched)


def test_terse_bullets_that_relate_terms_are_not_keyword_salad():
    answer = (
        "- storage: a cookie in the browser\n"
        "- integrity: signed with SECRET_KEY via itsdangerous\n"
        "- privacy: none, base64 -> readable\n"
        "- new key = everyone logged out"
    )
    result = grade(SESSIONS, answer)
    assert result.passed
    assert result.refusal is None


def test_a_list_tacked_onto_an_explanation_earns_only_listed_credit_for_its_terms():
    explained = "Flask keeps the session in a cookie that it signs with the secret key."
    full = grade(SESSIONS, explained + "\nKeywords: base64 readable invalidates")
    listed = {m.text: m.listed for m in full.matched}
    assert listed[SESSIONS.key_points[0].text] is False
    assert listed[SESSIONS.key_points[2].text] is True
    assert full.score < grade(SESSIONS, explained + " Anyone can read it, as it is only base64.").score


# --- negation --------------------------------------------------------------------------


def test_a_negated_statement_does_not_match_the_key_point():
    question = single_point("uses Jinja2", text="Flask renders templates with Jinja2")
    assert question.key_points[0].text not in matched(question, "Flask does not use Jinja2 for templates.")
    assert question.key_points[0].text not in matched(question, "Jinja2 isn't used by Flask.")
    assert question.key_points[0].text in matched(question, "Flask uses Jinja2 for templates.")


def test_a_negated_key_point_is_flagged_as_a_contradiction():
    result = grade(SESSIONS, "The session is never signed, so Flask does not protect it.")
    assert SESSIONS.key_points[1] in result.contradicted
    assert "Check this" in result.feedback


def test_a_negation_can_hit_a_pitfall():
    result = grade(SESSIONS, "You never need a secret key: the session works without one.")
    assert [p.text for p in result.pitfalls] == ["Believes a secret key is optional for sessions"]
    assert result.score == 0.0


def test_a_negation_in_one_clause_does_not_reach_the_next():
    answer = (
        "You don't need a database for sessions, because the cookie is signed with the "
        "secret key and it lives in the browser."
    )
    result = grade(SESSIONS, answer)
    assert {SESSIONS.key_points[0].text, SESSIONS.key_points[1].text} <= {m.text for m in result.matched}
    assert result.contradicted == ()
    assert result.pitfalls == ()


@pytest.mark.parametrize("dash", ["—", "–", " — ", " -- "])
def test_a_dash_between_words_ends_the_negated_clause(dash):
    # Written with or without spaces, a dash starts a new thought: "no database" does not
    # deny the signed cookie after it.
    answer = f"You need no database{dash}the cookie is signed with the secret key and it lives in the browser."
    result = grade(SESSIONS, answer)
    assert {SESSIONS.key_points[0].text, SESSIONS.key_points[1].text} <= {m.text for m in result.matched}
    assert result.contradicted == ()


def test_double_negation_and_dont_forget_affirm():
    question = single_point("set the secret key")
    assert question.key_points[0].text in matched(question, "Don't forget to set the secret key.")
    assert question.key_points[0].text in matched(question, "Sessions can't work without setting the secret key.")


def test_a_key_point_that_is_itself_a_denial_matches_either_wording():
    question = open_question(
        ("create_all does not alter existing tables", ("existing tables",)),
        ("Migrations are versioned scripts", ("versioned",)),
    )
    assert question.key_points[0].text in matched(question, "create_all leaves existing tables alone.")
    assert question.key_points[0].text in matched(question, "create_all doesn't touch existing tables.")


def test_correcting_a_misconception_is_not_holding_it():
    for answer in (
        "The session is not encrypted; it is a signed cookie anyone can read.",
        "It's a common misconception that the session is encrypted: it is only signed.",
        "If the session were encrypted you could hide data in it, but it is only signed.",
    ):
        assert grade(SESSIONS, answer).pitfalls == (), answer


def test_a_sentence_that_forbids_a_misconception_does_not_hold_it():
    # The misconception sits in a clause of its own, which no negation reaches.
    assert grade(SESSIONS, "Write it like this: the session is encrypted.").pitfalls != ()
    for answer in (
        "Don't write it like this: the session is encrypted.",
        "Never say it this way: the session is encrypted.",
    ):
        assert grade(SESSIONS, answer).pitfalls == (), answer
    # Saying you need not do something is a statement, not a prohibition.
    assert grade(SESSIONS, "Don't need to worry: the session is encrypted.").pitfalls != ()


def test_an_ellipsis_standing_for_code_does_not_end_the_sentence():
    # "... except" continues the sentence that opened with the prohibition.
    answer = "Don't write try: ... except around it, the session is encrypted anyway"
    plain = "The session is encrypted anyway"
    assert grade(SESSIONS, plain).pitfalls != ()
    assert grade(SESSIONS, answer).pitfalls == ()


def test_python_none_is_a_value_not_a_negation():
    question = open_question(
        ("It must return the response", ("return the response",)),
        ("An unrelated point", ("zebra crossing",)),
        pitfalls=(("Believes it may return nothing", ("can return None",)),),
    )
    assert grade(question, "It can return None, that is fine.").pitfalls != ()
    # "None" in the hint is a word to find, so "can return" alone is not the pitfall...
    assert grade(question, "You can return a new one instead.").pitfalls == ()
    # ...and "None" opening a clause is the value, so "isn't" still negates it.
    assert grade(question, "Forget the return and it fails (None isn't a response).").pitfalls == ()


def test_a_condition_is_supposed_but_its_consequence_is_said():
    # The misconception as the condition: supposed, not held.
    assert grade(SESSIONS, "If the session is encrypted, you could hide data in it.").pitfalls == ()
    # The misconception as what follows from a condition: held.
    assert grade(SESSIONS, "If you set a secret key, the session is encrypted.").pitfalls != ()
    # A condition after the claim still covers the rest of the sentence.
    assert grade(SESSIONS, "You could hide data, unless the session is encrypted.").pitfalls == ()


def test_anything_else_is_no_condition():
    assert grade(SESSIONS, "Anything else is fine: the session is encrypted.").pitfalls != ()
    assert grade(SESSIONS, "Sign it, or else the session is encrypted.").pitfalls == ()


def test_naming_a_removed_api_as_removed_is_not_using_it():
    question = open_question(
        ("Use the JSON provider", ("app.json",)),
        ("An unrelated point", ("zebra crossing",)),
        pitfalls=(
            ("Customises JSON with the removed json_encoder", ("app.json_encoder",)),
            ("Believes Model.query was removed", ("query was removed",)),
        ),
    )
    assert grade(question, "Set app.json_encoder to your own encoder class.").pitfalls != ()
    assert grade(question, "The old app.json_encoder was removed, so set app.json.").pitfalls == ()
    assert grade(question, "Legacy code set app.json_encoder; use app.json now.").pitfalls == ()
    # A misconception that is itself about a removal is still held where it is said.
    assert [hit.text for hit in grade(question, "Model.query was removed in version 3.").pitfalls] == [
        "Believes Model.query was removed"
    ]


def test_a_pitfall_is_read_in_its_word_order_even_when_a_word_repeats():
    question = open_question(
        ("Per request", ("one request",)),
        ("An unrelated point", ("zebra crossing",)),
        pitfalls=(("Believes g is global to the app", ("g is the app-wide global",)),),
    )
    # The nearest "g" to "global" comes after it, but the one the statement uses is before.
    answer = "Use flask.g since g is the app-wide global: do g.cache = {} once at startup."
    assert [hit.text for hit in grade(question, answer).pitfalls] == ["Believes g is global to the app"]
    assert grade(question, "The app-wide global is not g, which lasts one request.").pitfalls == ()


# --- prompt copied, off topic, no answer ------------------------------------------------


def test_the_prompt_copied_back_scores_zero():
    for answer in (SESSIONS.prompt, SESSIONS.prompt + " idk", SESSIONS.prompt.upper() + "\n\n?"):
        result = grade(SESSIONS, answer)
        assert result.score == 0.0
        assert result.refusal is Refusal.COPIED_PROMPT


def test_restating_the_prompt_before_answering_is_fine():
    result = grade(SESSIONS, SESSIONS.prompt + " " + GOOD_SESSION_ANSWER)
    assert result.passed
    assert result.refusal is None


def test_an_answer_to_another_question_scores_near_zero():
    answer = (
        "A blueprint groups related views so a big app stays modular. You create it with "
        "a name, add routes to it, and register it on the app with register_blueprint, "
        "usually with a url_prefix such as /admin."
    )
    assert grade(BLUEPRINTS, answer).passed  # a good answer, to its own question
    result = grade(SESSIONS, answer)
    assert not result.passed
    assert result.score <= 0.1


@pytest.mark.parametrize(
    ("answer", "kind"),
    [("", Refusal.EMPTY), ("   \n ", Refusal.EMPTY), ("?", Refusal.EMPTY)]
    + [
        (text, Refusal.DONT_KNOW)
        for text in ("idk", "IDK.", "I don't know", "no idea, sorry", "not sure tbh", "pass", "dunno lol")
    ],
)
def test_no_attempt_scores_zero(answer, kind):
    result = grade(SESSIONS, answer)
    assert result.score == 0.0
    assert result.refusal is kind  # each kind gets its own feedback
    assert result.matched == ()
    assert len(result.missed) == len(SESSIONS.key_points)


def test_a_hedge_before_a_real_answer_is_graded_on_the_answer():
    result = grade(SESSIONS, "Not sure, but I think the session is a signed cookie kept in the browser.")
    assert result.refusal is None
    assert result.score > 0.5


def test_a_short_answer_using_a_refusal_word_is_not_a_refusal():
    question = single_point("keyword arguments")
    result = grade(question, "You pass keyword arguments.")
    assert result.refusal is None
    assert question.key_points[0].text in {m.text for m in result.matched}


# --- pitfalls --------------------------------------------------------------------------


def test_a_pitfall_costs_credit_and_is_named_in_the_feedback():
    clean = grade(SESSIONS, GOOD_SESSION_ANSWER)
    wrong = grade(SESSIONS, GOOD_SESSION_ANSWER + " Also, Flask encrypts the session so nobody can read it.")
    assert clean.score == 1.0 and clean.pitfalls == ()
    assert [p.text for p in wrong.pitfalls] == ["Believes Flask encrypts the session data"]
    assert wrong.pitfalls[0].words  # the evidence: the answer's own words
    assert wrong.score == pytest.approx(clean.score - PITFALL_PENALTY)
    assert not wrong.passed
    assert "Flask encrypts the session data" in wrong.feedback


def test_an_off_topic_answer_that_brushes_the_rubric_is_refused_as_off_topic():
    # It shares a few words with the session rubric ("signed", "cookie") but answers
    # another question: without the off-topic rule it would pass.
    answer = (
        "Use Celery workers with a Redis broker to run background jobs, retry failed tasks and "
        "schedule periodic ones with beat; the results are signed and kept in a cookie."
    )
    result = grade(SESSIONS, answer)
    assert result.refusal is Refusal.OFF_TOPIC and not result.passed
    assert "doesn't seem to answer this question" in result.feedback


def test_a_contradicted_key_point_costs_the_contradiction_penalty():
    base = grade(SESSIONS, "The session lives in a cookie in the browser, so nobody checks it.")
    contradicted = grade(
        SESSIONS, "The session lives in a cookie in the browser, but it is never signed, so nobody checks it."
    )
    assert contradicted.contradicted == (SESSIONS.key_points[1],)
    assert contradicted.score == pytest.approx(base.score - CONTRADICTION_PENALTY)
