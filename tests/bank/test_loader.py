"""Every kind of bank error is reported with its file and line, all of them at once."""

import textwrap
from pathlib import Path

import pytest

from bot.bank import BankError, Difficulty, QuestionType, check_bank, load_bank

SAMPLE = Path(__file__).parent.parent / "data" / "sample_bank"

GOOD_OPEN = """\
  - id: t-open
    type: open
    difficulty: easy
    prompt: What is Flask?
    answer: A WSGI micro-framework.
    key_points:
      - text: It is a WSGI framework
        any: ["wsgi"]
      - text: It is small and extensible
        any: ["micro", "extensions"]
"""


def write_bank(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    bank, problems = check_bank(write_bank(tmp_path, files))
    assert bank is None
    return [str(problem).replace(str(tmp_path) + "/", "") for problem in problems]


def test_sample_bank_loads():
    bank = load_bank(SAMPLE)
    assert len(bank) == 4
    assert [topic.slug for topic in bank.topics] == ["routing", "templates"]
    question = bank.question("routing-variable-rules")
    assert question is not None and question.type is QuestionType.OPEN
    assert question.key_points[0].weight == 2 and question.key_points[1].weight == 1
    assert str(question.source) == f"{SAMPLE}/routing.yaml:5"
    assert bank.question("routing-default-methods").options[0].startswith("GET (Flask")
    assert len(bank.questions(difficulty=Difficulty.EASY)) == 2
    assert len(bank.questions(topics=["templates"])) == 2


HEADER = "topic: t\ntitle: T\nquestions:\n"

CASES = [
    pytest.param({"a.yaml": "topic: t\ntitle: [unclosed\n"}, ["a.yaml:3: invalid YAML:"], id="yaml-syntax"),
    pytest.param({"a.yaml": ""}, ["a.yaml:1: the file is empty"], id="empty-file"),
    pytest.param({"a.yaml": "- just\n- a list\n"}, ["a.yaml:1: topic file must be a mapping"], id="not-a-mapping"),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN + "    colour: red\n"},
        ["a.yaml:14: question: unknown key 'colour'"],
        id="unknown-key",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.replace("type: open", "type: essay")},
        ["a.yaml:5: question 't-open': 'type' must be one of open, choice, found 'essay'"],
        id="bad-type",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.replace("difficulty: easy", "difficulty: 3")},
        ["a.yaml:6: question 't-open': 'difficulty' must be one of easy, medium, hard, found '3'"],
        id="bad-difficulty",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.replace("prompt: What is Flask?", "prompt: 42")},
        ["a.yaml:7: question 't-open': 'prompt' must be text, found '42'"],
        id="wrong-value-type",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.split("      - text: It is small")[0]},
        ["a.yaml:10: question 't-open': has 1 key points; write 2 to 8"],
        id="one-key-point",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.replace('any: ["wsgi"]', "any: []")},
        ["a.yaml:11: question 't-open': key point 'It is a WSGI framework': 'any' needs at least one hint"],
        id="no-hints",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN, "b.yaml": "topic: u\ntitle: U\nquestions:\n" + GOOD_OPEN},
        ["b.yaml:4: question id 't-open' is already used at a.yaml:4"],
        id="duplicate-id-across-files",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN, "b.yaml": HEADER + GOOD_OPEN.replace("t-open", "t-other")},
        ["b.yaml:1: topic 't' is already defined in a.yaml"],
        id="duplicate-topic",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.replace("prompt: What is Flask?", "prompt: " + "x" * 1001)},
        ["a.yaml:7: question 't-open': 'prompt' is 1001 characters; at most 1000 fit in Discord"],
        id="too-long-for-discord",
    ),
    pytest.param(
        {
            "a.yaml": HEADER
            + """\
  - id: t-choice
    type: choice
    difficulty: easy
    prompt: Pick one
    correct: A
    wrong: [B, C, D, E, F]
    explain: Because.
"""
        },
        ["a.yaml:9: question 't-choice': has 5 distractors; write 1 to 4"],
        id="too-many-distractors",
    ),
    pytest.param(
        {
            "a.yaml": HEADER
            + """\
  - id: t-choice
    type: choice
    difficulty: easy
    prompt: Pick one
    correct: GET
    wrong: [get]
    explain: Because.
"""
        },
        ["a.yaml:9: question 't-choice': a distractor is the same as the correct option"],
        id="distractor-equals-correct",
    ),
    pytest.param(
        {
            "a.yaml": HEADER
            + """\
  - id: t-choice
    type: choice
    difficulty: easy
    prompt: Pick one
    correct: A
    wrong: [B]
    explain: Because.
    key_points: []
"""
        },
        ["a.yaml:11: question: unknown key 'key_points'"],
        id="open-key-on-choice",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN.replace("id: t-open", "id: T Open")},
        ["a.yaml:4: question: 'id' 'T Open' is not valid: use lowercase letters, digits and hyphens"],
        id="bad-id",
    ),
    pytest.param(
        {"a.yaml": HEADER + GOOD_OPEN + "    refs: [flask docs]\n"},
        [
            "a.yaml:14: question 't-open': an item of 'refs' 'flask docs' is not valid: a reference must be an http(s) URL"
        ],
        id="bad-ref",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_each_kind_of_error_names_file_and_line(tmp_path, files, expected):
    found = problems_of(tmp_path, files)
    assert len(found) == len(expected), found
    for problem, prefix in zip(found, expected, strict=True):
        assert problem.startswith(prefix), problem


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    broken = HEADER + GOOD_OPEN.replace("type: open", "type: essay").replace("difficulty: easy", "difficulty: insane")
    found = problems_of(tmp_path, {"a.yaml": broken, "b.yaml": "topic: [\n"})
    assert any(p.startswith("a.yaml:5:") for p in found)
    assert any(p.startswith("a.yaml:6:") for p in found)
    assert any(p.startswith("b.yaml:2: invalid YAML") for p in found)  # the line of the fault, not a fixed one


def test_load_bank_raises_with_all_problems(tmp_path):
    write_bank(tmp_path, {"a.yaml": HEADER + GOOD_OPEN.replace("type: open", "type: essay")})
    with pytest.raises(BankError) as raised:
        load_bank(tmp_path)
    assert len(raised.value.problems) == 1
    assert "a.yaml:5:" in str(raised.value)


def test_missing_folder_and_empty_folder(tmp_path):
    assert "no such folder" in str(check_bank(tmp_path / "nope")[1][0])
    assert "holds no .yaml topic files" in str(check_bank(tmp_path)[1][0])
