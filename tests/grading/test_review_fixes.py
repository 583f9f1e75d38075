"""The rubric defects a blind review found (issue 13): a hint short enough to credit the
opposite claim, or a pitfall narrower than the misconception. Each case failed before
its fix: a wrong answer that passed, or a right one that was flagged."""

from __future__ import annotations

import pytest

from bot.bank import Bank
from bot.grading import Grade, Grader


def _grade(bank: Bank, grader: Grader, question_id: str, answer: str) -> Grade:
    question = bank.question(question_id)
    assert question is not None, question_id
    return grader.grade(question, answer)


# (question, a wrong answer, the start of the pitfall it must name)
WRONG = [
    pytest.param(
        "testing-request-bodies",
        "Form data is a dict passed as data=, and the client sets the form content type itself. For a file, "
        "put an io.BytesIO with the bytes in that dict; a BytesIO works too, and the client uploads it as a "
        "file. json= serialises a body and sets application/json, and response.json reads the reply. "
        "query_string= and headers= set the query and the headers.",
        "Believes a bare BytesIO",
        id="testing-request-bodies: a bare BytesIO is a form field",
    ),
    pytest.param(
        "routing-methods",
        "Only GET by default, with HEAD and OPTIONS added for you. Allow others with methods=['GET', 'POST'] "
        "and check request.method; methods must be a list, a tuple raises a TypeError. A method the route "
        "does not allow gives 405 Method Not Allowed with an Allow header.",
        "Believes methods must be a list",
        id="routing-methods: only a str raises",
    ),
    pytest.param(
        "rest-apis-idempotency",
        "Idempotent means sending the same request several times has the same effect as sending it once. "
        "GET, PUT, DELETE and PATCH are idempotent, only POST isn't. The client sends an Idempotency-Key "
        "header and the server stores the key with the response and replays it on a retry, with a unique "
        "constraint on the key so concurrent retries can't both charge.",
        "Believes PATCH or POST is idempotent",
        id="rest-apis-idempotency: PATCH is not idempotent",
    ),
    pytest.param(
        "databases-loading-strategies",
        "(a) joinedload for the comment's author, one query with a JOIN. (b) selectinload for the books, a "
        "second SELECT with an IN clause. (c) use a write_only relationship and paginate. (d) raiseload so "
        "lazy loads raise. And I set relationship(lazy='joined') on the models so every query eager loads "
        "by default.",
        "Believes eager-loading every relationship",
        id="databases-loading-strategies: a global lazy='joined'",
    ),
    pytest.param(
        "requests-and-responses-api-json-errors",
        "On the API blueprint I register @api_bp.errorhandler(404) and @api_bp.errorhandler(405) returning "
        "jsonify with e.code and e.description, plus an errorhandler(500) for unhandled exceptions using "
        "e.original_exception. That way all 404 and 405 errors are JSON.",
        "Believes error handlers on the API blueprint",
        id="requests-and-responses-api-json-errors: blueprint handlers miss routing errors",
    ),
    pytest.param(
        "extensions-sqlalchemy-app-context",
        "It fails because there is no app context: db = SQLAlchemy() was created without the app and "
        "init_app only registers it later. Pass the app to SQLAlchemy directly, db = SQLAlchemy(app), and "
        "then db.create_all() works in the script. During a request or a CLI command it already works.",
        "Believes passing the app to SQLAlchemy(app)",
        id="extensions-sqlalchemy-app-context: SQLAlchemy(app) does not push a context",
    ),
    pytest.param(
        "extensions-flask-wtf-csrf",
        "FlaskForm renders a hidden csrf_token field and validate_on_submit checks it. The token is signed "
        "with the SECRET_KEY. For AJAX it's easier to set WTF_CSRF_ENABLED = False in production so the "
        "JavaScript calls go through, webhooks get csrf.exempt.",
        "Disables CSRF protection in production",
        id="extensions-flask-wtf-csrf: CSRF off in production",
    ),
    pytest.param(
        "extensions-sqlalchemy-query-style",
        "For the list I'd do users = db.session.execute(db.select(User).order_by(User.username)).scalars(), "
        "and for one user User.query.get_or_404(id) so a missing row gives a 404. Then db.session.add and "
        "db.session.commit() for writes.",
        "Presents Model.query as the modern",
        id="extensions-sqlalchemy-query-style: User.query.get_or_404 is legacy",
    ),
    pytest.param(
        "app-and-request-lifecycle-has-request-context",
        "Outside a request, touching request raises RuntimeError: working outside of request context. So in "
        "the helper I wrap it in try/except RuntimeError and fall back to no IP and URL. has_app_context() "
        "exists too for current_app. In a background thread there is no request, so pass the values "
        "explicitly.",
        "Relies on a blanket try/except",
        id="app-and-request-lifecycle-has-request-context: a blanket try/except",
    ),
    pytest.param(
        "forms-missing-csrf-debug",
        "FlaskForm checks a CSRF token and nothing sends one. The fix is to set WTF_CSRF_ENABLED = False in "
        "the config so the form validates. You can see it by printing form.errors, and show the errors in "
        "the template.",
        "Turns CSRF protection off as the fix",
        id="forms-missing-csrf-debug: turning CSRF off is no fix",
    ),
]


@pytest.mark.parametrize(("question_id", "answer", "pitfall"), WRONG)
def test_the_misconception_fails_and_is_named(
    shipped_bank: Bank, shipped_grader: Grader, question_id: str, answer: str, pitfall: str
) -> None:
    grade = _grade(shipped_bank, shipped_grader, question_id, answer)
    assert not grade.passed, grade.score
    assert any(hit.text.startswith(pitfall) for hit in grade.pitfalls), [hit.text for hit in grade.pitfalls]


NOT_CREDITED = [
    pytest.param(
        "deployment-gunicorn-workers",
        "sync: one request per worker process at a time, so you add processes. gthread: a thread pool in "
        "each process, threads share memory, and it supports keep-alive connections. Threads don't speed up "
        "CPU-bound code because of the GIL. I'd pick sync or gthread.",
        "The sync worker needs a buffering reverse proxy",
        id="deployment-gunicorn-workers: keep-alive is not the buffering proxy",
    ),
    pytest.param(
        "blueprints-and-structure-instance-folder",
        "The instance folder holds deployment-specific files like the real config, secrets and the SQLite "
        "file, and it is not committed. It is at app.instance_path, instance/ next to the package. You read "
        "the config with app.config.from_pyfile('config.py'), which loads it from the folder app.py is in.",
        "instance_relative_config=True makes from_pyfile",
        id="blueprints-and-structure-instance-folder: from_pyfile alone names no folder",
    ),
]


@pytest.mark.parametrize(("question_id", "answer", "point"), NOT_CREDITED)
def test_a_word_that_belongs_to_another_point_earns_nothing(
    shipped_bank: Bank, shipped_grader: Grader, question_id: str, answer: str, point: str
) -> None:
    grade = _grade(shipped_bank, shipped_grader, question_id, answer)
    assert not any(match.text.startswith(point) for match in grade.matched), [m.text for m in grade.matched]


RIGHT = [
    pytest.param(
        "testing-request-bodies",
        "A dict in data= is sent as form fields, the content type is set for you. Files go in the same dict "
        "as an open(path, 'rb') object or as a tuple (io.BytesIO(b'png bytes'), 'avatar.png'); a BytesIO on "
        "its own, without the name, would only arrive as a form field. json= sends a JSON body with "
        "application/json and response.json parses what comes back. query_string= sets ?page=2 and "
        "headers= the headers.",
        id="testing-request-bodies: the tuple form",
    ),
    pytest.param(
        "routing-methods",
        "By default just GET, plus HEAD and OPTIONS that Flask adds. To allow more, pass "
        "methods=('GET', 'POST') to the route, any list or tuple of names works, only a single string like "
        "methods='POST' is refused with a TypeError, then branch on request.method. If the URL matches but "
        "the verb is not allowed the client gets a 405 Method Not Allowed and an Allow header.",
        id="routing-methods: a tuple works",
    ),
    pytest.param(
        "rest-apis-idempotency",
        "Idempotent: sending it several times has the same effect as sending it once. GET, PUT and DELETE "
        "are idempotent, POST is not and PATCH is not necessarily. The client sends an Idempotency-Key "
        "header and the server stores the key with the response and replays it on a retry, with a unique "
        "constraint on the key so concurrent retries can't both charge.",
        id="rest-apis-idempotency: PATCH not guaranteed",
    ),
    pytest.param(
        "databases-loading-strategies",
        "(a) joinedload for each comment's author: many-to-one, one query with a JOIN. (b) selectinload for "
        "authors with books, a second SELECT ... IN, no duplicated rows. (c) 50,000 rows: a write_only "
        "relationship, filtered and paginated. (d) raiseload('*') so an accidental lazy load fails loudly. "
        "I pick these in each query with .options(), not lazy='joined' on the relationship.",
        id="databases-loading-strategies: per query, not on the relationship",
    ),
    pytest.param(
        "app-and-request-lifecycle-has-request-context",
        "request outside a request context raises RuntimeError, so check has_request_context() first and "
        "only then read request.remote_addr and request.url. has_app_context() does the same for current_app "
        "and g. Unbound proxies are also falsy. I'd avoid a blanket try/except RuntimeError, it hides real "
        "bugs. In a background thread pass the values in explicitly.",
        id="app-and-request-lifecycle-has-request-context: warning against try/except",
    ),
    pytest.param(
        "forms-missing-csrf-debug",
        "The template never renders the CSRF token, so the csrf_token field fails and validate_on_submit is "
        "False. Add {{ form.csrf_token }} or form.hidden_tag() inside the form. To find it, print "
        "form.errors: it says the CSRF token is missing. Show field.errors in the template too. In tests "
        "you can set WTF_CSRF_ENABLED = False, but here the token has to be rendered.",
        id="forms-missing-csrf-debug: CSRF off in tests is no pitfall",
    ),
]


@pytest.mark.parametrize(("question_id", "answer"), RIGHT)
def test_the_correct_answer_passes_clean(
    shipped_bank: Bank, shipped_grader: Grader, question_id: str, answer: str
) -> None:
    grade = _grade(shipped_bank, shipped_grader, question_id, answer)
    assert grade.passed and grade.pitfalls == (), (grade.score, [hit.text for hit in grade.pitfalls])
