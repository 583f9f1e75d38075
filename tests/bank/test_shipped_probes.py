"""Every probe of the shipped bank holds: the rubric passes the answers its authors say
are right and fails the half answers, misconceptions and answers to other questions."""

from __future__ import annotations

from collections import Counter

from bot.bank import Bank
from bot.bank.models import Expectation, ProbeKind
from bot.grading import Grader
from bot.grading.probes import grade_probes


def test_every_probe_holds(shipped_bank: Bank, shipped_grader: Grader) -> None:
    failing = [result.describe() for result in grade_probes(shipped_grader, shipped_bank) if not result.holds]
    assert failing == [], "probes that do not hold:\n" + "\n".join(failing)


def test_every_open_question_has_the_full_set_of_probes_and_follow_ups(shipped_bank: Bank) -> None:
    # Issue 13: two paraphrases, a half answer, two misconceptions and a neighbour's
    # answer, and since its last round a correct answer with one gap that must pass;
    # issue 12: two or three follow-ups for the peer interviewer's kit.
    wanted = {
        ProbeKind.PARAPHRASE: 2,
        ProbeKind.ONE_GAP: 1,
        ProbeKind.PARTIAL: 1,
        ProbeKind.MISCONCEPTION: 2,
        ProbeKind.NEIGHBOUR: 1,
    }
    short = []
    for question in shipped_bank:
        if not question.is_open:
            continue
        kinds = Counter(probe.kind for probe in question.probes)
        missing = {kind.value: count for kind, count in wanted.items() if kinds[kind] < count}
        if missing or not 2 <= len(question.follow_ups) <= 3:
            short.append((question.id, missing, len(question.follow_ups)))
    assert short == []


def test_probe_kinds_carry_their_expected_outcome(shipped_bank: Bank) -> None:
    # A paraphrase and a correct answer with one gap must pass; everything else must not.
    passing = {ProbeKind.PARAPHRASE, ProbeKind.ONE_GAP}
    wrong = [
        (question.id, probe.kind.value, probe.expect.value)
        for question in shipped_bank
        for probe in question.probes
        if (probe.kind in passing) != (probe.expect is Expectation.PASS)
    ]
    assert wrong == []


def test_every_misconception_probe_fails_for_the_right_reason(shipped_bank: Bank, shipped_grader: Grader) -> None:
    # A misconception that only misses points gets feedback about what is missing,
    # not about the wrong belief; each one must hit a pitfall the member is told about.
    unnamed = [
        result.describe()
        for result in grade_probes(shipped_grader, shipped_bank)
        if result.probe.kind is ProbeKind.MISCONCEPTION and not result.names_pitfall
    ]
    assert unnamed == [], "misconceptions that name no pitfall:\n" + "\n".join(unnamed)
