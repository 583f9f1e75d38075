"""performance-fix-thread-app-context: a bare thread has no app context, so current_app fails."""

from __future__ import annotations

from pathlib import Path

from tests.fix_the_code.snippets import run_question

QUESTION = "performance-fix-thread-app-context"

PREAMBLE = """
import threading as _threading
import types
from pathlib import Path
from flask import Flask, current_app, session

app = Flask(__name__)
app.secret_key = "test"
app.config["EXPORT_DIR"] = {folder!r}

STARTED = []
ERRORS = []


class _Thread(_threading.Thread):
    def start(self):
        STARTED.append(self)
        super().start()

    def run(self):
        try:
            super().run()
        except BaseException as exc:  # what threading.excepthook would print
            ERRORS.append(exc)


threading = types.SimpleNamespace(Thread=_Thread)


def fetch_orders(user_id):
    return [(1, 9.5), (2, 12.0)]


def to_csv(rows):
    return "".join(f"{{a}},{{b}}\\n" for a, b in rows)
"""
FIX = (
    """def build_export(user_id):
    folder = Path(current_app.config["EXPORT_DIR"])
    rows = fetch_orders(user_id)
    (folder / f"{user_id}.csv").write_text(to_csv(rows))

@app.post("/exports")
def start_export():
    threading.Thread(target=build_export, args=(session["user_id"],)).start()""",
    """def build_export(app, user_id):
    with app.app_context():
        folder = Path(current_app.config["EXPORT_DIR"])
        rows = fetch_orders(user_id)
        (folder / f"{user_id}.csv").write_text(to_csv(rows))

@app.post("/exports")
def start_export():
    threading.Thread(target=build_export,
        args=(current_app._get_current_object(), session["user_id"])).start()""",
)


def export(module) -> None:
    client = module.app.test_client()
    with client.session_transaction() as sess:
        sess["user_id"] = 7
    response = client.post("/exports")
    assert response.status_code == 202
    for thread in module.STARTED:
        thread.join(timeout=5)
    assert module.STARTED


def test_the_bug_is_real(tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE.format(folder=str(tmp_path)))
    export(module)
    assert len(module.ERRORS) == 1
    assert isinstance(module.ERRORS[0], RuntimeError)
    assert "application context" in str(module.ERRORS[0])
    assert not (tmp_path / "7.csv").exists()


def test_the_fix_works(tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE.format(folder=str(tmp_path)), replace=FIX)
    export(module)
    assert module.ERRORS == []
    assert (tmp_path / "7.csv").read_text() == "1,9.5\n2,12.0\n"
