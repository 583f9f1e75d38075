"""bench/grading_eval.py runs end to end, and its statistics are right."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = ROOT / "tests" / "data" / "graded_answers.jsonl"
SHIPPED_BANK = ROOT / "content" / "flask"

TINY_BANK = """\
topic: sessions
title: Sessions
questions:
  - id: sessions-cookie
    type: open
    difficulty: easy
    prompt: How does Flask store the session by default?
    answer: In a cookie signed with the secret key; the user can read it but not change it.
    key_points:
      - text: The session is a cookie in the browser
        any: ["cookie", "in the browser"]
        weight: 2
      - text: The cookie is signed with SECRET_KEY
        any: ["signed", "signature"]
    pitfalls:
      - text: Believes the session is encrypted
        any: ["session is encrypted"]
  - id: sessions-choice
    type: choice
    difficulty: easy
    prompt: What signs the session cookie?
    correct: "SECRET_KEY"
    wrong: ["The user's password", "Nothing"]
    explain: The app's secret key signs it.
"""

TINY_DATA = [
    {
        "question": "sessions-cookie",
        "answer": "It is a cookie that Flask signs with the secret key.",
        "grade": 4,
        "kind": "good",
    },
    {"question": "sessions-cookie", "answer": "The browser keeps it as a cookie.", "grade": 2, "kind": "partial"},
    {"question": "sessions-cookie", "answer": "cookie signed", "grade": 1, "kind": "salad"},
    {
        "question": "sessions-cookie",
        "answer": "The session is encrypted in a cookie.",
        "grade": 1,
        "kind": "misconception",
    },
    {"question": "sessions-cookie", "answer": "idk", "grade": 0, "kind": "idk"},
    {"question": "sessions-choice", "answer": "SECRET_KEY", "grade": 4, "kind": "good"},
    {"question": "sessions-choice", "answer": "Nothing", "grade": 0, "kind": "wrong"},
    {"question": "no-such-question", "answer": "x", "grade": 0, "kind": "idk"},
]


@pytest.fixture(scope="module")
def grading_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("grading_eval", ROOT / "bench" / "grading_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["grading_eval"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_ranks_average_ties(grading_eval):
    assert grading_eval.ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert grading_eval.ranks([3, 1, 2]) == [3.0, 1.0, 2.0]


def test_spearman(grading_eval):
    assert grading_eval.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert grading_eval.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    # Monotonic but not linear, with ties: still ranks, not values.
    assert grading_eval.spearman([0.1, 0.5, 0.5, 0.9], [0, 2, 2, 4]) == pytest.approx(1.0)
    assert grading_eval.spearman([0.1, 0.9, 0.5], [0, 1, 4]) == pytest.approx(0.5)
    assert math.isnan(grading_eval.spearman([1, 1, 1], [1, 2, 3]))


def test_naive_baseline_counts_substrings(grading_eval, tmp_path):
    from bot.bank.loader import load_bank

    (tmp_path / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    question = load_bank(tmp_path).question("sessions-cookie")
    assert grading_eval.naive_scorer(question, "A COOKIE, SIGNED.") == (1.0, True)
    assert grading_eval.naive_scorer(question, "It's a cookie.") == (pytest.approx(2 / 3), True)
    # The baseline cannot see negation: that is the point of comparing with it.
    assert grading_eval.naive_scorer(question, "It is not signed.")[0] == pytest.approx(1 / 3)


def test_main_runs_on_a_tiny_bank_and_dataset(grading_eval, tmp_path, capsys):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    data = tmp_path / "graded.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in TINY_DATA) + "\n\n", encoding="utf-8")

    assert grading_eval.main(["--data", str(data), "--bank", str(bank), "--show-errors"]) == 0

    captured = capsys.readouterr()
    assert "7 graded answers" in captured.out
    for label in ("Spearman rho", "pass accuracy", "pass precision", "pass recall", "false-pass rate, adversarial"):
        assert label in captured.out
    assert "ours" in captured.out and "naive" in captured.out
    for kind in ("good", "partial", "salad", "misconception", "idk", "wrong"):
        assert kind in captured.out
    # Ours refuses the salad and the misconception; the substring baseline passes them.
    assert "false passes, adversarial" in captured.out
    row = next(line for line in captured.out.splitlines() if line.startswith("false passes"))
    assert row.split()[-2:] == ["0/4", "2/4"]
    assert "unknown question 'no-such-question'" in captured.err


def test_main_reports_a_missing_file_or_a_broken_bank(grading_eval, tmp_path, capsys):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    assert grading_eval.main(["--data", str(tmp_path / "missing.jsonl"), "--bank", str(bank)]) == 2
    (bank / "broken.yaml").write_text("topic: [\n", encoding="utf-8")
    assert grading_eval.main(["--data", str(tmp_path / "missing.jsonl"), "--bank", str(bank)]) == 2
    assert "broken.yaml" in capsys.readouterr().err


@pytest.mark.skipif(not SHIPPED_DATA.exists(), reason="the graded answers are not written yet")
def test_main_runs_on_the_shipped_dataset(grading_eval, capsys):
    assert grading_eval.main(["--data", str(SHIPPED_DATA), "--bank", str(SHIPPED_BANK)]) == 0
    assert "Spearman rho" in capsys.readouterr().out


def test_group_report_sets_pass_rates_against_the_aims(grading_eval, tmp_path):
    from bot.bank.loader import load_bank

    (tmp_path / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    bank = load_bank(tmp_path)
    samples, _ = grading_eval.load_samples(_write(tmp_path, TINY_DATA), bank)
    # Pretend every answer passed: the misconceptions and refusals then miss their aims.
    lines = grading_eval.group_report(samples, [(1.0, True)] * len(samples)).splitlines()
    correct = next(line for line in lines if line.startswith("correct (good"))
    assert "2/2" in correct and "100.0%" in correct and correct.endswith(">= 85% ok")
    wrong = next(line for line in lines if line.startswith("misconceptions"))
    assert "2/2" in wrong and wrong.endswith("<= 5% MISSED")
    never = next(line for line in lines if line.startswith("salad, negation"))
    assert "2/2" in never and never.endswith("<= 0% MISSED")
    # Groups with no sample are left out rather than shown as 0/0.
    assert not any(line.startswith("correct with one gap") for line in lines)


def _write(folder: Path, rows: list[dict[str, object]]) -> Path:
    path = folder / "graded.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def test_main_without_data_reports_both_shipped_sets(grading_eval, capsys):
    assert grading_eval.main(["--bank", str(SHIPPED_BANK)]) == 0
    out = capsys.readouterr().out
    assert "graded_answers.jsonl" in out and "graded_answers_blind.jsonl" in out
    assert out.count("Spearman rho") == 2 and out.count("half answers") == 2


def test_own_words_counts_correct_answers_that_state_a_point_in_none_of_its_hints(grading_eval, tmp_path):
    from bot.bank.loader import load_bank

    (tmp_path / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    bank = load_bank(tmp_path)
    rows = [
        # Quotes a hint for both points: it does not test plain words.
        {"question": "sessions-cookie", "answer": "A cookie, signed.", "grade": 4, "kind": "paraphrase"},
        # "tamper-evident" says the second point in none of its hints' words.
        {"question": "sessions-cookie", "answer": "A tamper-evident cookie.", "grade": 4, "kind": "paraphrase"},
        # A grade 3 may leave its one gap unsaid, so it needs two such points.
        {"question": "sessions-cookie", "answer": "A tamper-evident cookie.", "grade": 3, "kind": "one-gap"},
        {"question": "sessions-cookie", "answer": "Kept client side, tamper-evident.", "grade": 3, "kind": "one-gap"},
        # Wrong answers never count, whatever their words.
        {"question": "sessions-cookie", "answer": "It lives on the server.", "grade": 1, "kind": "misconception"},
    ]
    samples, _ = grading_eval.load_samples(_write(tmp_path, rows), bank)
    assert [grading_eval.in_own_words(sample) for sample in samples] == [False, True, False, True, False]
    line = grading_eval.own_words_report(samples, [(1.0, True), (0.2, False), (1.0, True), (1.0, True), (0, False)])
    assert "2 of 5 (40.0% of the set)" in line and "ours passes 1/2 (50.0%)" in line


def test_a_hint_phrase_is_two_words_or_more_compared_by_stem(grading_eval, tmp_path):
    from bot.bank.loader import load_bank

    (tmp_path / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    question = load_bank(tmp_path).question("sessions-cookie")
    # "in the browser" is the rubric's one hint of several words; stems match "browsers".
    assert grading_eval.shares_a_hint_phrase(question, "It is kept IN THE BROWSERS, signed.")
    # One-word hints ("cookie", "signed") are the subject's vocabulary and never count.
    assert not grading_eval.shares_a_hint_phrase(question, "A signed cookie the browser keeps.")


def test_hint_phrases_names_lines_but_never_the_phrase(grading_eval, tmp_path, capsys):
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "sessions.yaml").write_text(TINY_BANK, encoding="utf-8")
    rows = [
        {"question": "sessions-cookie", "answer": "Stored in the browser as a cookie."},
        {"question": "sessions-cookie", "answer": "A signed cookie on the client."},
        {"question": "nope", "answer": "x"},
    ]
    spec = importlib.util.spec_from_file_location("hint_phrases", ROOT / "bench" / "hint_phrases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(_write(tmp_path, rows)), "--bank", str(tmp_path / "bank")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "line 1 (sessions-cookie): shares a hint phrase",
        "line 3: unknown question 'nope'",
        "1 of 2 answers share no hint phrase",
    ]
    assert "in the browser" not in out
