"""Deciding what an answer's occurrences of hints count as.

A key point is judged generously (it counts unless its words are all denied) and a
pitfall strictly (it counts only when asserted: no word denied, not supposed, not
warned against, in the hint's word order), so that a doubt always goes the candidate's
way.
"""

from __future__ import annotations

from collections.abc import KeysView, Set
from dataclasses import dataclass

from bot.grading.hints import Hint, Polarity
from bot.grading.matching import Answer, Occurrence, find
from bot.grading.normalise import Text
from bot.grading.rubric import CompiledPitfall, CompiledPoint


@dataclass(frozen=True, slots=True)
class Evidence:
    """For one key point: the occurrence that counts, or whether it was stated the other
    way round (every word of a positive hint denied, in an assertion)."""

    best: Occurrence | None
    contradicted: bool


def _may_occur(hint: Hint, keys: KeysView[str]) -> bool:
    """Cheap test before ``find``: the hint's first word is somewhere in the answer."""
    return hint.quorum > 0 or not keys.isdisjoint(hint.blocks[0].units[0])


def point_evidence(point: CompiledPoint, answer: Answer, listed: Set[int] = frozenset()) -> Evidence:
    """The best occurrence of a key point stated its way, and whether it is contradicted.

    Generous: a positive hint counts unless every word of it is denied, a negative hint
    ("doesn't alter") counts when any of it is. A hypothetical counts either way. The
    best occurrence is the first one outside the ``listed`` sentences (bare lists of
    terms), else the first one; the search stops as soon as it is found.
    """
    keys = answer.index.keys()
    fallback: Occurrence | None = None
    denied = False
    for hint in point.hints:
        if not _may_occur(hint, keys):
            continue
        for occurrence in find(hint, answer):
            if _affirms(hint, occurrence):
                if occurrence.sentence not in listed:
                    return Evidence(occurrence, False)
                fallback = fallback or occurrence
            elif not occurrence.hypothetical and hint.polarity is Polarity.POSITIVE:
                # Only a fully denied positive hint contradicts: not saying "not in
                # version control" is no denial ("kept out of version control").
                denied = True
    return Evidence(fallback, denied and fallback is None)


def _affirms(hint: Hint, occurrence: Occurrence) -> bool:
    if hint.polarity is Polarity.ANY or occurrence.hypothetical:
        return True
    if hint.polarity is Polarity.NEGATIVE:
        return occurrence.any_negated
    return not occurrence.all_negated


def pitfall_evidence(pitfall: CompiledPitfall, answer: Answer) -> Occurrence | None:
    """Where the answer asserts the misconception (not supposes or warns), if anywhere.

    Strict, the other way round from key points: hints are matched in their word order,
    a positive hint counts only when no word of it is denied, a negative one only when
    all of it is.
    """
    keys = answer.index.keys()
    for hint in pitfall.hints:
        if not _may_occur(hint, keys):
            continue
        for occurrence in find(hint, answer, ordered=True):
            if (occurrence.cautionary and not hint.cautionary) or (occurrence.hypothetical and not hint.conditional):
                continue
            if occurrence.all_negated if hint.polarity is Polarity.NEGATIVE else not occurrence.any_negated:
                return occurrence
    return None


def words_of(occurrence: Occurrence, text: Text) -> tuple[str, ...]:
    """The answer's words behind an occurrence, as written (a contraction once)."""
    words: list[str] = []
    for position in occurrence.positions:
        word = text.raw[position]
        if not words or words[-1] != word:
            words.append(word)
    return tuple(words)


def hinted_positions(answer: Answer) -> set[int]:
    """Positions of every answer word that is a word of some hint of the rubric."""
    return {p for spans in answer.index.values() for start, end in spans for p in range(start, end + 1)}
