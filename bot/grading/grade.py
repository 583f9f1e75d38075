"""Scoring an answer against its rubric, and the ``Grader`` that holds compiled rubrics.

Score of an open answer = the weighted share of key points covered, where a point counts
in full when the answer also says part of its statement, ``NAMED_CREDIT`` and up when
it only names it, and ``LISTED_CREDIT`` when it only appears in a list of terms; minus
``PITFALL_PENALTY`` for each misconception stated and ``CONTRADICTION_PENALTY`` for each
key point stated the other way round; clamped to 0..1. An answer that seems to answer
another question is scaled down by its relevance; an empty answer, "I don't know" or the
prompt said back scores 0. It passes at ``PASS_THRESHOLD``.
"""

from __future__ import annotations

import logging
from collections.abc import KeysView
from functools import lru_cache

from bot.bank.models import Bank, KeyPoint, Question, QuestionType
from bot.grading.choice import grade_choice
from bot.grading.evidence import hinted_positions, pitfall_evidence, point_evidence, words_of
from bot.grading.feedback import open_feedback
from bot.grading.matching import analyse
from bot.grading.refusals import copies_prompt, listed_sentences, refuse_outright, relevance
from bot.grading.result import Grade, PitfallMatch, PointMatch, Refusal
from bot.grading.rubric import Rubric, compile_rubric, known_words, question_words
from bot.grading.thesaurus import Thesaurus, default_thesaurus

log = logging.getLogger(__name__)

# A pass means the answer covers the main ideas: most of the weight of the key points
# (two of three equal points, three of four) with no misconception stated.
PASS_THRESHOLD = 0.6
# Naming a key point in a bare list of terms shows recognition, not understanding.
LISTED_CREDIT = 0.2
# A key point named but hardly explained: this much credit when none of the other words
# of its statement appear, rising to full credit at DEPTH_SHARE of them.
NAMED_CREDIT = 0.45
DEPTH_SHARE = 0.5
DEPTH_MIN_WORDS = 3
# A stated misconception costs more than a missed point: with one, even an answer
# covering everything falls just short of a pass.
PITFALL_PENALTY = 0.45
# Saying the opposite of a key point ("Flask does not use Jinja") is a smaller slip.
CONTRADICTION_PENALTY = 0.2
# Below this share of the answer's words belonging to the question it is off topic,
# and the score is scaled down in proportion.
OFF_TOPIC_RELEVANCE = 0.25
# When most of the credit comes from listed terms the answer is flagged as a list.
_LISTED_MAJORITY = 0.5


class Grader:
    """Grades answers against a bank whose rubrics it compiles once, up front."""

    __slots__ = ("_known", "_rubrics", "_thesaurus")

    def __init__(self, bank: Bank, thesaurus: Thesaurus | None = None) -> None:
        self._thesaurus = thesaurus or default_thesaurus()
        # Every word of the bank is a real word, never mistaken for a typo of a hint.
        self._known = known_words((text for question in bank for text in question_words(question)), self._thesaurus)
        self._rubrics: dict[str, Rubric] = {
            question.id: compile_rubric(question, self._known, self._thesaurus) for question in bank
        }
        log.debug("Compiled %d rubrics", len(self._rubrics))

    @classmethod
    def for_bank(cls, bank: Bank) -> Grader:
        return cls(bank)

    def rubric(self, question: Question) -> Rubric:
        """The compiled rubric; a question not in the bank (or edited since) is compiled now."""
        rubric = self._rubrics.get(question.id)
        # Identity first: comparing two equal questions field by field costs more than
        # grading a short answer.
        if rubric is not None and (rubric.question is question or rubric.question == question):
            return rubric
        return compile_rubric(question, self._known, self._thesaurus)

    def grade(self, question: Question, answer: str) -> Grade:
        return grade_with(self.rubric(question), answer, self._thesaurus)


@lru_cache(maxsize=1024)
def _cached_rubric(question: Question) -> Rubric:
    return compile_rubric(question)


def grade(question: Question, answer: str) -> Grade:
    """Grade one answer; rubrics are compiled on first use and cached."""
    return grade_with(_cached_rubric(question), answer, default_thesaurus())


def grade_with(rubric: Rubric, answer: str, thesaurus: Thesaurus | None = None) -> Grade:
    """Grade ``answer`` against a compiled ``rubric``."""
    if rubric.question.type is QuestionType.CHOICE:
        return grade_choice(rubric, answer)
    return _grade_open(rubric, answer, thesaurus)


def _depth(statement: tuple[frozenset[str], ...], named: set[str], present: KeysView[str]) -> float:
    """Credit for a key point the answer covers: full when it also says a good part of
    the rest of the statement, less when it only names the point ("write a user_loader")."""
    rest = [unit for unit in statement if unit.isdisjoint(named)]
    if len(rest) < DEPTH_MIN_WORDS:
        return 1.0
    said = sum(1 for unit in rest if not present.isdisjoint(unit))
    return NAMED_CREDIT + (1 - NAMED_CREDIT) * min(1.0, said / (DEPTH_SHARE * len(rest)))


def _refused(rubric: Rubric, refusal: Refusal) -> Grade:
    missed = rubric.question.key_points
    return Grade(
        question_id=rubric.question.id,
        score=0.0,
        passed=False,
        matched=(),
        missed=missed,
        pitfalls=(),
        feedback=open_feedback(passed=False, matched=(), missed=missed, pitfalls=(), contradicted=(), refusal=refusal),
        refusal=refusal,
    )


def _grade_open(rubric: Rubric, answer_text: str, thesaurus: Thesaurus | None) -> Grade:
    answer = analyse(answer_text, rubric, thesaurus)
    text = answer.text
    refusal = refuse_outright(text)
    if refusal is None and copies_prompt(text, rubric):
        refusal = Refusal.COPIED_PROMPT
    if refusal is not None:
        return _refused(rubric, refusal)

    # Sentences that only list rubric terms; a key point found only there earns less.
    listed_only = listed_sentences(text, hinted_positions(answer))
    matched: list[PointMatch] = []
    missed: list[KeyPoint] = []
    contradicted: list[KeyPoint] = []
    covered = total = listed = 0.0
    present = answer.index.keys()
    for compiled in rubric.points:
        point = compiled.point
        total += point.weight
        evidence = point_evidence(compiled, answer, listed_only)
        best = evidence.best
        if best is None:
            missed.append(point)
            if evidence.contradicted:
                contradicted.append(point)
            continue
        is_listed = best.sentence in listed_only
        named = {text.keys[position] for position in best.positions}
        credit = LISTED_CREDIT if is_listed else _depth(compiled.statement, named, present)
        covered += credit * point.weight
        listed += point.weight if is_listed else 0.0
        matched.append(PointMatch(point, best.hint.text, words_of(best, text), is_listed))
    pitfalls = []
    for compiled_pitfall in rubric.pitfalls:
        hit = pitfall_evidence(compiled_pitfall, answer)
        if hit is not None:
            pitfalls.append(PitfallMatch(compiled_pitfall.pitfall, hit.hint.text, words_of(hit, text)))

    score = covered / total if total else 0.0
    score -= PITFALL_PENALTY * len(pitfalls) + CONTRADICTION_PENALTY * len(contradicted)
    share = relevance(text, answer.aliases, rubric)
    if share < OFF_TOPIC_RELEVANCE:
        score *= share / OFF_TOPIC_RELEVANCE
        refusal = Refusal.OFF_TOPIC
    elif matched and listed / sum(m.point.weight for m in matched) > _LISTED_MAJORITY:
        refusal = Refusal.KEYWORD_LIST
    score = round(min(1.0, max(0.0, score)), 3)
    passed = score >= PASS_THRESHOLD
    return Grade(
        question_id=rubric.question.id,
        score=score,
        passed=passed,
        matched=tuple(matched),
        missed=tuple(missed),
        pitfalls=tuple(pitfalls),
        feedback=open_feedback(
            passed=passed,
            matched=matched,
            missed=missed,
            pitfalls=pitfalls,
            contradicted=contradicted,
            refusal=refusal,
        ),
        refusal=refusal,
        contradicted=tuple(contradicted),
    )
