"""Questions built in code for the grading tests, so they stay valid whatever the shipped
bank says. Each test names the rubric it grades against."""

from __future__ import annotations

from bot.bank.models import Difficulty, KeyPoint, Pitfall, Question, QuestionType


def open_question(
    *points: tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], float],
    pitfalls: tuple[tuple[str, tuple[str, ...]], ...] = (),
    prompt: str = "Explain it.",
    question_id: str = "test-question",
) -> Question:
    """An open question whose key points are (text, hints[, weight]) tuples."""
    return Question(
        id=question_id,
        topic="testing",
        type=QuestionType.OPEN,
        difficulty=Difficulty.MEDIUM,
        prompt=prompt,
        answer="The model answer.",
        key_points=tuple(KeyPoint(point[0], point[1], point[2] if len(point) > 2 else 1.0) for point in points),
        pitfalls=tuple(Pitfall(text, hints) for text, hints in pitfalls),
    )


def single_point(*hints: str, text: str = "The point under test") -> Question:
    """One key point to find, plus an unrelated one so a miss cannot look like a pass."""
    return open_question(
        (text, hints),
        ("An unrelated point", ("zebra crossing",)),
        prompt="Say something about the point under test.",
    )


# A realistic rubric: Flask's cookie session.
SESSIONS = open_question(
    (
        "The session is kept client-side in a cookie",
        ("cookie", "client side", "in the browser"),
        2.0,
    ),
    (
        "The cookie is signed with SECRET_KEY so it cannot be tampered with",
        ("signed", "signature", "tamper", "itsdangerous"),
        2.0,
    ),
    (
        "The contents are readable by the client: signed, not encrypted",
        ("not encrypted", "readable", "base64", "can read"),
    ),
    (
        "Rotating SECRET_KEY invalidates every existing session",
        ("rotate the key", "change the secret key", "invalidates", "logs everyone out"),
    ),
    pitfalls=(
        (
            "Believes Flask encrypts the session data",
            ("session is encrypted", "encrypts the session", "encrypted cookie"),
        ),
        (
            "Believes a secret key is optional for sessions",
            ("secret key is optional", "don't need a secret key", "no secret key needed"),
        ),
    ),
    prompt="How does Flask's default session work, and what is SECRET_KEY used for?",
    question_id="sessions-default",
)

GOOD_SESSION_ANSWER = (
    "Flask keeps the whole session in a cookie on the client. Before sending it, Flask "
    "signs the cookie with SECRET_KEY using itsdangerous, so if anyone edits it the "
    "signature no longer matches and Flask drops it. The contents are only base64-encoded, "
    "not encrypted, so the client can read them: never put secrets in it. If you change the "
    "secret key, every existing session becomes invalid and everyone is logged out."
)

BLUEPRINTS = open_question(
    ("A blueprint groups related views", ("group related views", "modular", "organise routes")),
    ("It is registered on the app", ("register_blueprint", "registered on the app")),
    ("It can have a url_prefix", ("url_prefix", "url prefix")),
    prompt="What is a Flask blueprint for?",
    question_id="blueprints-basics",
)

CHOICE = Question(
    id="routing-default-methods",
    topic="routing",
    type=QuestionType.CHOICE,
    difficulty=Difficulty.EASY,
    prompt="Which HTTP methods does a route accept when `methods` is not given?",
    correct="GET (Flask adds HEAD and OPTIONS automatically)",
    wrong=("GET and POST", "Every HTTP method"),
    explain="A rule without methods answers GET; Flask adds HEAD and OPTIONS.",
)
