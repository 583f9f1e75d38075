"""Grading a bank's probes: the answers its authors say each rubric must pass or fail.

A probe that does not hold is reported with what the grader saw (score, the key points it
credited and the words that earned them, the pitfalls it hit), because the fix is always
in the rubric and an author needs to see which hint went wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.bank.models import Expectation, Probe, ProbeKind, Question
from bot.grading.grade import Grader
from bot.grading.result import Grade


@dataclass(frozen=True, slots=True)
class ProbeResult:
    question: Question
    probe: Probe
    grade: Grade

    @property
    def holds(self) -> bool:
        return self.grade.passed is (self.probe.expect is Expectation.PASS)

    @property
    def names_pitfall(self) -> bool:
        return bool(self.grade.pitfalls)

    def describe(self) -> str:
        """One line an author can act on: where, what was expected, what was seen."""
        grade = self.grade
        outcome = "passed" if grade.passed else "failed"
        matched = "; ".join(
            f"{match.text} (hint {match.hint!r} in {' '.join(match.words)!r}{', listed' if match.listed else ''})"
            for match in grade.matched
        )
        pitfalls = "; ".join(f"{hit.text} ({' '.join(hit.words)!r})" for hit in grade.pitfalls)
        parts = [
            f"{self.probe.source}: {self.question.id}: {self.probe.kind.value} probe expected "
            f"{self.probe.expect.value}, {outcome} with {grade.score:.2f}",
            f"matched: {matched or 'nothing'}",
            f"pitfalls: {pitfalls or 'none'}",
        ]
        if grade.contradicted:
            parts.append("contradicted: " + "; ".join(point.text for point in grade.contradicted))
        if grade.refusal is not None:
            parts.append(f"refusal: {grade.refusal.value}")
        return " | ".join(parts)


def grade_probes(grader: Grader, questions: Iterable[Question]) -> list[ProbeResult]:
    """Every probe of ``questions``, graded, in bank order."""
    return [
        ProbeResult(question, probe, grader.grade(question, probe.text))
        for question in questions
        for probe in question.probes
    ]


@dataclass(frozen=True, slots=True)
class ProbeTally:
    """How many probes of each kind hold, and how many misconceptions name a pitfall."""

    held: Counter[ProbeKind]
    total: Counter[ProbeKind]
    misconceptions_named: int

    @classmethod
    def of(cls, results: Iterable[ProbeResult]) -> ProbeTally:
        held: Counter[ProbeKind] = Counter()
        total: Counter[ProbeKind] = Counter()
        named = 0
        for result in results:
            total[result.probe.kind] += 1
            held[result.probe.kind] += result.holds
            named += result.probe.kind is ProbeKind.MISCONCEPTION and result.names_pitfall
        return cls(held, total, named)

    def lines(self) -> list[str]:
        rows = [f"  {kind.value:<14}{self.held[kind]:>5} of {self.total[kind]:<5}hold" for kind in ProbeKind]
        rows.append(
            f"  misconceptions naming a pitfall: {self.misconceptions_named} of {self.total[ProbeKind.MISCONCEPTION]}"
        )
        return rows
