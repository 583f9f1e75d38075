"""Every probe of the shipped bank holds: the rubric passes the answers its authors say
are right and fails the half answers, misconceptions and answers to other questions."""

from __future__ import annotations

from bot.bank import Bank
from bot.grading import Grader
from bot.grading.probes import grade_probes


def test_every_probe_holds(shipped_bank: Bank, shipped_grader: Grader) -> None:
    failing = [result.describe() for result in grade_probes(shipped_grader, shipped_bank) if not result.holds]
    assert failing == [], "probes that do not hold:\n" + "\n".join(failing)
