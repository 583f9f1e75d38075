"""Probes are graded against their rubric, and one that does not hold is named with what
the grader saw; `interview-bot validate --probes` exits 1 on it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.bank import load_bank
from bot.bank.models import ProbeKind
from bot.cli import main
from bot.grading import Grader
from bot.grading.probes import ProbeTally, grade_probes

SAMPLE = Path(__file__).parent.parent / "data" / "sample_bank"
PROBES = """\
    probes:
      - kind: paraphrase
        expect: pass
        text: "Write <username> in angle brackets in the rule; Flask passes it to the view function as a keyword argument, and <int:id> converts it."
      - kind: misconception
        expect: fail
        text: "Put the query string in the route, like ?name= in the rule, and read it as a variable part passed to the view as a keyword argument."
      - kind: partial
        expect: fail
        text: "You write <username> with angle brackets in the rule, passed to the view as a keyword argument, and a converter such as <int:id> converts it."
"""


@pytest.fixture
def probed_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    shutil.copytree(SAMPLE, bank)
    routing = bank / "routing.yaml"
    text = routing.read_text()
    anchor = '    refs: ["https://flask.palletsprojects.com/en/stable/quickstart/#variable-rules"]\n'
    routing.write_text(text.replace(anchor, anchor + PROBES, 1))
    return bank


def test_each_probe_is_graded_and_a_wrong_expectation_is_named(probed_bank: Path) -> None:
    bank = load_bank(probed_bank)
    results = grade_probes(Grader(bank), bank)
    assert [(r.probe.kind, r.holds) for r in results] == [
        (ProbeKind.PARAPHRASE, True),
        (ProbeKind.MISCONCEPTION, True),
        (ProbeKind.PARTIAL, False),  # it covers every point: a wrong "partial" is reported
    ]
    assert results[1].names_pitfall
    line = results[2].describe()
    assert line.startswith(f"{probed_bank / 'routing.yaml'}:")
    assert re.search(r"routing-variable-rules: partial probe expected fail, passed with 0\.[6-9]\d \|", line)
    assert "(hint 'converter' in 'converter')" in line and "pitfalls: none" in line
    tally = ProbeTally.of(results)
    assert (tally.held[ProbeKind.PARTIAL], tally.total[ProbeKind.PARTIAL]) == (0, 1)
    assert tally.misconceptions_named == 1


def test_validate_probes_exits_1_naming_the_probe(probed_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(probed_bank)]) == 0  # the shape is fine
    capsys.readouterr()
    assert main(["validate", "--probes", str(probed_bank)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"routing-variable-rules: partial probe expected fail, passed with 0\.[6-9]\d \|", out)
    assert "probes: 2 of 3 hold" in out
    assert "misconception probe" not in out  # only the failing one is listed


def test_validate_probes_exits_0_when_all_hold(probed_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routing = probed_bank / "routing.yaml"
    routing.write_text(
        routing.read_text().replace("kind: partial\n        expect: fail", "kind: partial\n        expect: pass")
    )
    assert main(["validate", "--probes", str(probed_bank)]) == 0
    assert "probes: 3 of 3 hold" in capsys.readouterr().out
