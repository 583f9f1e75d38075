"""Compiling a question's rubric once, so grading an answer only looks things up.

A rubric holds each key point's and pitfall's hints compiled (hints.py), the statement
of each key point as a bag of words, the deletion neighbourhoods of hint words for typo
tolerance, the question's vocabulary and the prompt's word runs. Everything here is
computed when the bank loads; nothing per answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.bank.models import KeyPoint, Pitfall, Question
from bot.grading.hints import Block, Hint, compile_hint, compile_hints, denied_keys, statement_units
from bot.grading.lexicon import FUNCTION_WORDS, VERBS
from bot.grading.normalise import tokenise
from bot.grading.thesaurus import Thesaurus, default_thesaurus
from bot.grading.typos import allowed_edits, rubric_deletions

# A key point restated in the answer's own words: at least this share of the words of
# its statement (beyond the prompt's) in one sentence, and the statement needs this many.
RESTATEMENT_SHARE = 0.5
RESTATEMENT_MIN_WORDS = 4
RESTATEMENT_QUORUM = 3
# Length of the word runs shared with the prompt that count as copying it.
PROMPT_GRAM = 4


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    point: KeyPoint
    hints: tuple[Hint, ...]
    # The content words of the key point's statement (beyond the prompt's), each a set
    # of interchangeable keys: how much of the statement an answer says, not just names.
    statement: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledPitfall:
    pitfall: Pitfall
    hints: tuple[Hint, ...]


@dataclass(frozen=True, slots=True)
class Rubric:
    """Everything the grader needs about one question, computed when the bank loads."""

    question: Question
    points: tuple[CompiledPoint, ...]
    pitfalls: tuple[CompiledPitfall, ...]
    hint_keys: frozenset[str]
    # A deletion of a hint word -> (the word, its key, the edits it tolerates).
    typos: Mapping[str, tuple[tuple[str, str, int], ...]]
    # (first letter, length) of an answer word -> how many edits may make it a hint
    # word: most made-up words start or measure unlike every hint word and are skipped.
    typo_reach: Mapping[tuple[str, int], int]
    # Words that are real words here, never "corrected" into a hint word.
    known: frozenset[str]
    # Single-word hint keys by spelling, for answers that split them ("roll back").
    compounds: Mapping[str, str]
    compound_heads: frozenset[str]  # first halves a compound can be split into
    vocabulary: frozenset[str]
    prompt_grams: frozenset[tuple[str, ...]]
    prompt_keys: frozenset[str]
    options: tuple[tuple[str, ...], ...]  # choice questions: keys of each option, correct first


def question_words(question: Question) -> Iterable[str]:
    """Every piece of text that belongs to a question."""
    yield question.prompt
    yield question.answer
    yield question.correct
    yield question.explain
    yield from question.wrong
    yield from question.tags
    for point in question.key_points:
        yield point.text
        yield from point.hints
    for pitfall in question.pitfalls:
        yield pitfall.text
        yield from pitfall.hints


def known_words(texts: Iterable[str], thesaurus: Thesaurus | None = None) -> frozenset[str]:
    """Stems and spellings of a body of text plus the closed word classes."""
    words: set[str] = set(FUNCTION_WORDS) | set(VERBS)
    for text in texts:
        tokens = tokenise(text)
        words.update(tokens.keys)
        words.update(tokens.words)
    for first, phrases in (thesaurus or default_thesaurus()).by_first.items():
        words.add(first)
        for keys, _ in phrases:
            words.update(keys)
    return frozenset(words)


def unmatchable_hints(question: Question, thesaurus: Thesaurus | None = None) -> list[str]:
    """The question's hints that compile to no pattern and so can never match: punctuation
    alone ("../", "_(") is not a word the grader reads."""
    thesaurus = thesaurus or default_thesaurus()
    hints = [hint for point in question.key_points for hint in point.hints]
    hints += [hint for pitfall in question.pitfalls for hint in pitfall.hints]
    return [hint for hint in hints if not compile_hint(hint, thesaurus)]


def compile_rubric(
    question: Question,
    known: frozenset[str] | None = None,
    thesaurus: Thesaurus | None = None,
) -> Rubric:
    """Compile ``question``; ``known`` is the bank's vocabulary (this question's if None)."""
    thesaurus = thesaurus or default_thesaurus()
    own_text = list(question_words(question))
    if known is None:
        known = known_words(own_text, thesaurus)
    prompt_keys = frozenset(tokenise(question.prompt).keys)
    points = tuple(_compile_point(point, prompt_keys, thesaurus) for point in question.key_points)
    pitfalls = tuple(CompiledPitfall(pitfall, compile_hints(pitfall.hints, thesaurus)) for pitfall in question.pitfalls)
    hints = [hint for p in points for hint in p.hints] + [h for p in pitfalls for h in p.hints]
    vocabulary: set[str] = set()
    for text in own_text:
        tokens = tokenise(text)
        vocabulary.update(tokens.keys)
        vocabulary.update(concept for concept, _, _ in thesaurus.spans(tokens))
    prompt = tokenise(question.prompt).keys
    compounds = _compounds(question)
    typos = _typo_index(question)
    return Rubric(
        question=question,
        points=points,
        pitfalls=pitfalls,
        hint_keys=frozenset(key for hint in hints for b in hint.blocks for u in b.units for key in u)
        | frozenset(key for point in points for unit in point.statement for key in unit),
        typos=typos,
        typo_reach=_typo_reach(typos),
        known=known,
        compounds=compounds,
        compound_heads=frozenset(word[:cut] for word in compounds for cut in range(2, len(word) - 1)),
        vocabulary=frozenset(vocabulary - FUNCTION_WORDS),
        prompt_keys=frozenset(prompt),
        prompt_grams=frozenset(prompt[i : i + PROMPT_GRAM] for i in range(len(prompt) - PROMPT_GRAM + 1)),
        options=tuple(tokenise(option).keys for option in question.options),
    )


def _compile_point(point: KeyPoint, prompt_keys: frozenset[str], thesaurus: Thesaurus) -> CompiledPoint:
    polarity, units = statement_units(point.text, prompt_keys, thesaurus)
    hints = compile_hints(point.hints, thesaurus, denied=denied_keys(point.text))
    if len(units) >= RESTATEMENT_MIN_WORDS:
        # The statement itself, as a last-resort hint matched as a bag of words: an
        # answer that says the point in its own words rarely uses a hint verbatim, but
        # it does use most of the statement's content words in one sentence.
        blocks = tuple(Block((unit,)) for unit in units)
        quorum = max(RESTATEMENT_QUORUM, math.ceil(RESTATEMENT_SHARE * len(blocks)))
        hints += (Hint(point.text, blocks, polarity, window=0, quorum=quorum),)
    return CompiledPoint(point, hints, units)


def _typo_index(question: Question) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Deletion neighbourhoods of the prose words of every hint (never code)."""
    index: dict[str, set[tuple[str, str, int]]] = {}
    for hint in [h for p in question.key_points for h in p.hints] + [h for p in question.pitfalls for h in p.hints]:
        tokens = tokenise(hint)
        for word, key, code in zip(tokens.words, tokens.keys, tokens.code, strict=True):
            if code or word in FUNCTION_WORDS or not word.isalpha():
                continue
            for form in {word, key}:
                edits = allowed_edits(form)
                if edits:
                    for variant in rubric_deletions(form, edits):
                        index.setdefault(variant, set()).add((form, key, edits))
    return {variant: tuple(entries) for variant, entries in index.items()}


def _typo_reach(typos: Mapping[str, tuple[tuple[str, str, int], ...]]) -> dict[tuple[str, int], int]:
    reach: dict[tuple[str, int], int] = {}
    for form, _, edits in {entry for entries in typos.values() for entry in entries}:
        for length in range(len(form) - edits, len(form) + edits + 1):
            reach[(form[0], length)] = max(edits, reach.get((form[0], length), 0))
    return reach


def _compounds(question: Question) -> dict[str, str]:
    found: dict[str, str] = {}
    for hint in [h for p in question.key_points for h in p.hints] + [h for p in question.pitfalls for h in p.hints]:
        tokens = tokenise(hint)
        for word, key, code in zip(tokens.words, tokens.keys, tokens.code, strict=True):
            if not code and len(word) >= 6 and word.isalpha():
                found[word] = key
    return found
