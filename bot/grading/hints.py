"""Compiling one hint into patterns the matcher looks up.

A hint ("signed session cookie", "`url_for()`", "doesn't alter") becomes one or more
``Hint`` patterns: blocks of interchangeable keys (a stem plus the thesaurus concepts it
stands for), with the polarity the answer must state them in. Filler words are dropped,
so "query string in the route" is found in "query strings in your routes". Code is kept
whole: ``url_for`` is the block (url, for) and must appear as those words, in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from bot.grading.lexicon import CAUTIONARY, FUNCTION_WORDS, HINT_FILLER, HYPOTHETICAL, NEGATORS, VERBS
from bot.grading.normalise import Text, stem, tokenise
from bot.grading.scope import analyse_scope
from bot.grading.thesaurus import Thesaurus

# Longest part of a two-word phrase also tried as one word ("data base", "set up").
_COMPOUND_PART = 5


class Polarity(Enum):
    """How a hint must be stated: affirmed, denied, or either."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive tokens, each matching any of its keys. ``code_only``: a lone code word
    (``super()``, ``templates/``) only counts where the answer writes it as code."""

    units: tuple[frozenset[str], ...]
    code_only: bool = False


@dataclass(frozen=True, slots=True)
class Hint:
    """One way of finding a hint: its blocks must all occur in one sentence, close by."""

    text: str
    blocks: tuple[Block, ...]
    polarity: Polarity
    window: int
    # The hint states a condition itself ("return False if the username exists"), so a
    # conditional sentence can still state it.
    conditional: bool = False
    # The hint names a warning word itself ("query was removed"), so a sentence with
    # that word can still state it.
    cautionary: bool = False
    # A restatement (see rubric.py): this many blocks anywhere in one sentence.
    quorum: int = 0


def statement_units(
    text: str, prompt_keys: frozenset[str], thesaurus: Thesaurus
) -> tuple[Polarity, tuple[frozenset[str], ...]]:
    """The polarity and content words of a key point's statement.

    Words the prompt already gives away do not count. Unlike a hint, a denial restated
    must be a denial too ("runs as its own process" shares the words of "is not a
    separate app" and means the opposite); a statement that is mostly affirmative is
    described by its affirmed words alone.
    """
    tokens = tokenise(text)
    denied = analyse_scope(tokens).negated
    concepts: dict[int, set[str]] = {}
    for concept, start, end in thesaurus.spans(tokens):
        if start == end:
            concepts.setdefault(start, set()).add(concept)
    affirmed: dict[frozenset[str], None] = {}
    negated: dict[frozenset[str], None] = {}
    for position in range(len(tokens)):
        word, key = tokens.words[position], tokens.keys[position]
        if (
            word in FUNCTION_WORDS
            or word in NEGATORS
            or word in VERBS  # "uses", "sends": too common to tell statements apart
            or key in prompt_keys
            or not key.isalnum()
        ):
            continue
        unit = frozenset({key} | concepts.get(position, set()))
        (negated if position in denied else affirmed).setdefault(unit, None)
    if len(negated) > len(affirmed):
        return Polarity.NEGATIVE, tuple(negated)
    return Polarity.POSITIVE, tuple(affirmed)


def has_negator(tokens: Text) -> bool:
    return any(
        word in NEGATORS and not code and raw != "None"
        for word, code, raw in zip(tokens.words, tokens.code, tokens.raw, strict=True)
    )


def denied_keys(statement: str) -> frozenset[str]:
    """Keys of the words a key point's statement denies ("does not alter existing tables")."""
    tokens = tokenise(statement)
    return frozenset(tokens.keys[p] for p in analyse_scope(tokens).negated)


def compile_hints(hints: Iterable[str], thesaurus: Thesaurus, denied: frozenset[str] = frozenset()) -> tuple[Hint, ...]:
    # Hints that compile to the same pattern ("escaped", "escapes") are looked for once.
    compiled: dict[tuple[tuple[Block, ...], Polarity, bool, bool], Hint] = {}
    for text in hints:
        for hint in compile_hint(text, thesaurus, denied):
            compiled.setdefault((hint.blocks, hint.polarity, hint.conditional, hint.cautionary), hint)
    return tuple(compiled.values())


def compile_hint(text: str, thesaurus: Thesaurus, denied: frozenset[str] = frozenset()) -> list[Hint]:
    """The patterns for one hint: as written, with thesaurus phrases, with joined words.

    ``denied``: words the key point itself denies ("create_all does not alter existing
    tables"). A hint about them without a negation of its own ("existing tables") may be
    stated either way: "it leaves existing tables alone" and "it doesn't touch existing
    tables" are both right.
    """
    tokens = tokenise(text)
    if not tokens.keys:
        return []
    polarity = Polarity.POSITIVE
    if has_negator(tokens):
        polarity = Polarity.NEGATIVE
    elif not denied.isdisjoint(tokens.keys[p] for p in _content_positions(tokens)):
        polarity = Polarity.ANY
    spans = thesaurus.spans(tokens)
    concepts: dict[int, set[str]] = {}
    for concept, start, end in spans:
        if start == end:
            concepts.setdefault(start, set()).add(concept)
    keep = _content_positions(tokens)
    base = _blocks(tokens, keep, concepts)
    variants = [base]
    # A thesaurus phrase ("json web token") as one block matching all its phrasings.
    for concept, start, end in spans:
        if end > start and not any(tokens.code[start : end + 1]):
            inside = range(start, end + 1)
            reduced = [p for p in keep if p not in inside]
            blocks = _blocks(tokens, reduced, concepts, extra=(start, concept))
            variants.append(blocks)
    # Two short prose words that people also write as one ("roll back", "log in").
    for a, b in zip(keep, keep[1:], strict=False):
        if (
            b == a + 1
            and not tokens.code[a]
            and not tokens.code[b]
            and max(len(tokens.words[a]), len(tokens.words[b])) <= _COMPOUND_PART
        ):
            joined = stem(tokens.words[a] + tokens.words[b])
            reduced = [p for p in keep if p != b]
            variants.append(_blocks(tokens, reduced, concepts, extra=(a, joined), drop=a))
    unique: dict[tuple[Block, ...], None] = dict.fromkeys(v for v in variants if v)
    conditional = any(word in HYPOTHETICAL for word in tokens.words)
    cautionary = any(word in CAUTIONARY for word in tokens.words)
    return [Hint(text, blocks, polarity, _window(blocks), conditional, cautionary=cautionary) for blocks in unique]


def _window(blocks: tuple[Block, ...]) -> int:
    # Up to one unrelated word per hint word, plus two, in the hint's order ("signed
    # cookie" in "the cookie is signed" is out of order but close, see matching.find).
    size = sum(len(block.units) for block in blocks)
    return 2 * size + 2


def _content_positions(tokens: Text) -> list[int]:
    """Token positions a hint needs: code, and prose minus filler words and negators.

    A phrase that would shrink to one word keeps its filler ("with lock" is not "lock").
    """
    # Python's None is a value, not a negation ("can return None").
    prose = [
        p for p in range(len(tokens)) if tokens.code[p] or tokens.words[p] not in NEGATORS or tokens.raw[p] == "None"
    ]
    keep = [p for p in prose if tokens.code[p] or tokens.words[p] not in HINT_FILLER]
    if len(keep) < 2 <= len(prose):
        keep = prose
    return keep or list(range(len(tokens)))


def _blocks(
    tokens: Text,
    keep: list[int],
    concepts: Mapping[int, set[str]],
    extra: tuple[int, str] | None = None,
    drop: int = -1,
) -> tuple[Block, ...]:
    """Group kept positions into blocks: one per prose word, one per code chunk."""
    extensions = {p for p, _ in tokens.extra}
    blocks: list[Block] = []
    current: list[frozenset[str]] = []
    current_chunk = -1
    inserted = False

    def flush() -> None:
        if current:
            blocks.append(Block(tuple(current), code_only=len(current) == 1))
            current.clear()

    for position in keep:
        if extra is not None and not inserted and position >= extra[0]:
            flush()
            blocks.append(Block((frozenset({extra[1]}),)))
            inserted = True
            if position == drop:
                continue
        key = tokens.keys[position]
        unit = frozenset({key} | concepts.get(position, set()))
        if not tokens.code[position]:
            flush()
            blocks.append(Block((unit,)))
            continue
        if tokens.chunk[position] != current_chunk:
            flush()
            current_chunk = tokens.chunk[position]
        if position in extensions and (position == 0 or tokens.chunk[position - 1] != current_chunk):
            unit = frozenset({"." + tokens.words[position]})  # a bare ".html"
        current.append(unit)
    flush()
    if extra is not None and not inserted:
        blocks.append(Block((frozenset({extra[1]}),)))
    return tuple(blocks)
