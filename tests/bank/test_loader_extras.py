"""`probes` and `follow_ups` on open questions: loaded as values, every malformed shape
reported with its file and line, and refused on choice questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank import check_bank
from bot.bank.models import Expectation, FollowUp, ProbeKind
from tests.bank.test_loader import GOOD_OPEN, HEADER, problems_of, write_bank

PROBES = """\
    probes:
      - kind: paraphrase
        expect: pass
        text: "It speaks WSGI and stays small."
      - kind: misconception
        expect: fail
        text: "It is an ASGI server."
"""
FOLLOW_UPS = """\
    follow_ups:
      - ask: "Which server would you run it behind?"
        listen_for: ["a WSGI server such as Gunicorn", "not the dev server"]
      - ask: "What does micro mean here?"
        listen_for: ["a small core"]
"""
CHOICE = """\
  - id: t-choice
    type: choice
    difficulty: easy
    prompt: Pick one
    correct: A
    wrong: [B]
    explain: Because.
"""


def test_probes_and_follow_ups_load_as_values(tmp_path: Path) -> None:
    bank, problems = check_bank(write_bank(tmp_path, {"a.yaml": HEADER + GOOD_OPEN + PROBES + FOLLOW_UPS}))
    assert problems == [] and bank is not None
    question = bank.question("t-open")
    assert question is not None
    assert [(p.kind, p.expect) for p in question.probes] == [
        (ProbeKind.PARAPHRASE, Expectation.PASS),
        (ProbeKind.MISCONCEPTION, Expectation.FAIL),
    ]
    assert question.probes[1].text == "It is an ASGI server."
    assert str(question.probes[0].source) == f"{tmp_path}/a.yaml:15"
    assert question.follow_ups == (
        FollowUp("Which server would you run it behind?", ("a WSGI server such as Gunicorn", "not the dev server")),
        FollowUp("What does micro mean here?", ("a small core",)),
    )


def test_both_keys_are_optional(tmp_path: Path) -> None:
    bank, problems = check_bank(write_bank(tmp_path, {"a.yaml": HEADER + GOOD_OPEN}))
    assert problems == [] and bank is not None
    question = bank.question("t-open")
    assert question is not None and question.probes == () and question.follow_ups == ()


def _follow_up(ask: str = "Why?", listen: str = '["a reason"]') -> str:
    return f"      - ask: {ask}\n        listen_for: {listen}\n"


CASES = [
    pytest.param(
        "    probes: a string\n", ["a.yaml:14: question 't-open': 'probes' must be a list"], id="probes-not-list"
    ),
    pytest.param("    probes: []\n", ["a.yaml:14: question 't-open': 'probes' is empty"], id="probes-empty"),
    pytest.param(
        "    probes:\n      - just text\n",
        ["a.yaml:15: question 't-open': a probe must be a mapping"],
        id="probe-not-mapping",
    ),
    pytest.param(
        PROBES.replace("kind: paraphrase", "kind: rephrase"),
        [
            "a.yaml:15: question 't-open': a probe: 'kind' must be one of paraphrase, one-gap, partial, misconception, neighbour"
        ],
        id="probe-bad-kind",
    ),
    pytest.param(
        PROBES.replace("expect: fail", "expect: maybe"),
        ["a.yaml:19: question 't-open': a probe: 'expect' must be one of pass, fail, found 'maybe'"],
        id="probe-bad-expect",
    ),
    pytest.param(
        PROBES.replace('        text: "It is an ASGI server."\n', ""),
        ["a.yaml:18: question 't-open': a probe: missing required key 'text'"],
        id="probe-missing-text",
    ),
    pytest.param(
        PROBES.replace('text: "It is an ASGI server."', 'text: ""'),
        ["a.yaml:20: question 't-open': a probe: 'text' is empty"],
        id="probe-empty-text",
    ),
    pytest.param(
        PROBES.replace("It is an ASGI server.", "x" * 4001),
        ["a.yaml:20: question 't-open': a probe: 'text' is 4001 characters; at most 4000"],
        id="probe-too-long",
    ),
    pytest.param(
        PROBES.replace("expect: fail", "expect: fail\n        score: 0.2"),
        ["a.yaml:20: question 't-open': a probe: unknown key 'score'"],
        id="probe-unknown-key",
    ),
    pytest.param(
        "    follow_ups: {ask: Why?}\n",
        ["a.yaml:14: question 't-open': 'follow_ups' must be a list"],
        id="follow-ups-not-list",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up(),
        ["a.yaml:15: question 't-open': has 1 follow-ups; write 2 to 3"],
        id="one-follow-up",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up() * 4,
        ["a.yaml:15: question 't-open': has 4 follow-ups; write 2 to 3"],
        id="four-follow-ups",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up(ask="x" * 301) + _follow_up(),
        ["a.yaml:15: question 't-open': a follow-up: 'ask' is 301 characters; at most 300"],
        id="ask-too-long",
    ),
    pytest.param(
        "    follow_ups:\n      - listen_for: [a]\n" + _follow_up(),
        ["a.yaml:15: question 't-open': a follow-up: missing required key 'ask'"],
        id="follow-up-missing-ask",
    ),
    pytest.param(
        "    follow_ups:\n      - ask: Why?\n" + _follow_up(),
        ["a.yaml:15: question 't-open': a follow-up: missing required key 'listen_for'"],
        id="follow-up-missing-listen-for",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up(listen="[]") + _follow_up(),
        ["a.yaml:16: question 't-open': a follow-up has 0 'listen_for' items; write 1 to 4"],
        id="listen-for-empty",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up(listen="[a, b, c, d, e]") + _follow_up(),
        ["a.yaml:16: question 't-open': a follow-up has 5 'listen_for' items; write 1 to 4"],
        id="listen-for-five",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up(listen="[" + "y" * 101 + "]") + _follow_up(),
        ["a.yaml:16: question 't-open': a follow-up: an item of 'listen_for' is 101 characters; at most 100"],
        id="listen-for-item-too-long",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up(listen="a reason") + _follow_up(),
        ["a.yaml:16: question 't-open': a follow-up: 'listen_for' must be a list"],
        id="listen-for-not-list",
    ),
    pytest.param(
        "    follow_ups:\n" + _follow_up().replace("listen_for", "hear") + _follow_up(),
        [
            "a.yaml:16: question 't-open': a follow-up: unknown key 'hear'",
            "a.yaml:15: question 't-open': a follow-up: missing required key 'listen_for'",
        ],
        id="follow-up-unknown-key",
    ),
]


@pytest.mark.parametrize(("extra", "expected"), CASES)
def test_each_malformed_shape_names_file_and_line(tmp_path: Path, extra: str, expected: list[str]) -> None:
    found = problems_of(tmp_path, {"a.yaml": HEADER + GOOD_OPEN + extra})
    assert len(found) == len(expected), found
    for problem, prefix in zip(found, expected, strict=True):
        assert problem.startswith(prefix), problem


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (PROBES, "a.yaml:11: question 't-choice': 'probes' is for open questions only"),
        (FOLLOW_UPS, "a.yaml:11: question 't-choice': 'follow_ups' is for open questions only"),
    ],
    ids=["probes", "follow-ups"],
)
def test_choice_questions_may_not_have_them(tmp_path: Path, extra: str, expected: str) -> None:
    found = problems_of(tmp_path, {"a.yaml": HEADER + CHOICE + extra})
    assert len(found) == 1 and found[0].startswith(expected), found
