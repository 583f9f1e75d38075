"""What each token of an answer is asserted as: affirmed, denied, or only supposed.

Negation is scoped to a clause: "Sessions aren't stored on the server, they live in a
signed cookie" denies the server storage and affirms the cookie. Clauses end at
punctuation and at words that start a new clause ("but", "because", "which", "and it").
A negated verb ("is not", "doesn't", "never") denies its whole clause; a bare "not",
"no" or "without" denies what follows it. Two negations in one clause cancel ("it can't
work without a key" affirms the key).

A sentence with "if"/"unless"/"otherwise" is a hypothetical: it may name a mistake to
explain its consequence, so it never counts as holding a misconception. A sentence with
a warning word ("avoid", "insecure", "mistake") names a pitfall to reject it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from bot.grading.lexicon import (
    AUXILIARIES,
    CAUTIONARY,
    CLAUSE_BREAKERS,
    CLAUSE_NEGATORS,
    HYPOTHETICAL,
    NEGATION_CANCELLERS,
    NEGATION_FLIPPERS,
    NEGATORS,
    SUBJECTS,
)
from bot.grading.normalise import Text

# How far after a negator a flipper ("don't forget", "never fail to") may sit.
_FLIPPER_REACH = 3
_TRIGGERS = NEGATORS | {"instead", "rather"}
_SENTENCE_MARKERS = HYPOTHETICAL | CAUTIONARY | {"without"}
_ANY_MARKER = _TRIGGERS | _SENTENCE_MARKERS
# "Don't need to commit", "Never have to": statements about the work, not prohibitions.
_NOT_PROHIBITIONS = frozenset("need needs have has bother worry".split())
# Markers that open the other case of a condition ("Otherwise, ..."): their whole
# sentence describes what would happen, not what does.
_CONSEQUENCES = frozenset(("otherwise", "else"))


@dataclass(frozen=True, slots=True)
class Scope:
    """Denied token positions; supposed token positions; sentences that warn."""

    negated: frozenset[int]
    hypothetical: frozenset[int]
    cautionary: frozenset[int]


def analyse_scope(text: Text) -> Scope:
    """Work out negation, hypothetical and warning flags for ``text``.

    Linear in the length of the answer: clause boundaries are found once, and each
    clause is walked once however many negations or conditions it holds (4,000
    characters of "no no no" used to rescan their clause for every "no").
    """
    words, code = text.words, text.code
    # Most sentences have no negation or condition at all: find the few words that
    # matter in one pass before doing anything else.
    found = [p for p, w in enumerate(words) if w in _ANY_MARKER and not code[p]]
    if not found:
        return _NOTHING
    starts = _clause_starts(text)
    triggers = [p for p in found if words[p] in _TRIGGERS]
    negated = _negated_positions(text, triggers, starts) if triggers else frozenset()
    # Per sentence, the earliest clause start of a condition that runs to its end.
    supposed_from: dict[int, int] = {}
    supposed: set[int] = set()
    cautionary: set[int] = set()
    for position in found:
        word = words[position]
        if _forbids(text, position):
            cautionary.add(text.sentence[position])
        elif word in _SENTENCE_MARKERS and not _plain_else(text, position):
            sentence = text.sentence[position]
            if word in CAUTIONARY:
                cautionary.add(sentence)
            elif _starts_sentence(text, position) and word not in _CONSEQUENCES:
                # "If you skip it, the key is missing": only the condition is supposed;
                # what follows the comma is what the answer says happens.
                supposed.update(range(position, _clause_end(starts, position, len(text))))
            elif word in HYPOTHETICAL:
                # "..., unless you use |safe": the condition and all after it.
                start = _clause_start(starts, position)
                supposed_from[sentence] = min(start, supposed_from.get(sentence, start))
    for sentence, start in supposed_from.items():
        supposed.update(range(start, bisect_right(text.sentence, sentence, start)))
    return Scope(negated, frozenset(supposed), frozenset(cautionary))


_NOTHING = Scope(frozenset(), frozenset(), frozenset())


def _forbids(text: Text, position: int) -> bool:
    """A sentence that opens with a prohibition ("Don't catch RuntimeError there", "Never
    turn CSRF off") warns against what it names, like "avoid"; "don't need to" does not."""
    word = text.words[position]
    if word == "never":
        opener = position
    elif word == "not" and _word_at(text, position - 1) == "do":
        opener = position - 1
    else:
        return False
    return _starts_sentence(text, opener) and _word_at(text, position + 1) not in _NOT_PROHIBITIONS


def _plain_else(text: Text, position: int) -> bool:
    """ "anything else", "everything else": no condition, unlike "or else" and "Else, ..."."""
    return (
        text.words[position] == "else" and not _starts_sentence(text, position) and _word_at(text, position - 1) != "or"
    )


def _starts_sentence(text: Text, position: int) -> bool:
    return position == 0 or text.sentence[position - 1] != text.sentence[position]


def _clause_starts(text: Text) -> list[int]:
    """The first position of every clause, ascending: where the clause number changes
    or a word opens a new clause ("but", "because", "and it")."""
    clause = text.clause
    return [p for p in range(len(text)) if p == 0 or clause[p - 1] != clause[p] or _starts_clause(text, p)]


def _clause_start(starts: list[int], position: int) -> int:
    return starts[bisect_right(starts, position) - 1]


def _clause_end(starts: list[int], position: int, length: int) -> int:
    after = bisect_right(starts, position)
    return starts[after] if after < len(starts) else length


def _negated_positions(text: Text, triggers: list[int], starts: list[int]) -> frozenset[int]:
    """Positions denied an odd number of times (two negations in a clause cancel).

    A clause-wide negator flips the whole clause, a forward one everything after it in
    the clause; so one walk per clause with a running parity does it.
    """
    by_clause: dict[int, list[int]] = {}
    for position in triggers:
        by_clause.setdefault(_clause_start(starts, position), []).append(position)
    negated: list[int] = []
    for start, positions in by_clause.items():
        end = _clause_end(starts, start, len(text))
        whole = 0
        forward: set[int] = set()
        for position in positions:
            reach = _negation_reach(text, position, start, end)
            if reach == "clause":
                whole ^= 1
            elif reach == "forward":
                forward.add(position)
        parity = whole
        for target in range(start, end):
            if parity:
                negated.append(target)
            if target in forward:
                parity ^= 1  # what follows a forward negator is flipped, not the word itself
    return frozenset(negated)


def _starts_clause(text: Text, position: int) -> bool:
    """A word that opens a new clause within a sentence: "but", "because", "and it"."""
    if text.code[position]:
        return False
    word = text.words[position]
    if word in CLAUSE_BREAKERS:
        # "instead of" negates what follows rather than starting a clause.
        return not (word == "instead" and _word_at(text, position + 1) == "of")
    if word in ("and", "or"):
        # "..., or a cookie signed on one box won't verify": a new subject, a new clause.
        following = _word_at(text, position + 1)
        return following in SUBJECTS or following in ("a", "an", "the")
    return False


def _word_at(text: Text, position: int) -> str:
    return text.words[position] if 0 <= position < len(text) else ""


def _negation_reach(text: Text, position: int, start: int, end: int) -> str:
    """'clause', 'forward' or '' for the trigger word at ``position``."""
    word = text.words[position]
    following = [text.words[p] for p in range(position + 1, min(end, position + 1 + _FLIPPER_REACH))]
    previous = text.words[position - 1] if position > start else ""
    if word in ("instead", "rather"):
        # "a hash instead of the password", "a token rather than a cookie"
        return "forward" if following[:1] in (["of"], ["than"]) else ""
    if word == "none" and text.raw[position] == "None" and following[:1] != ["of"]:
        return ""  # Python's None ("None isn't a response"), not the pronoun ("None of them")
    if following[:1] and following[0] in NEGATION_CANCELLERS:
        return ""  # "not only", "not just", "no matter"
    if word == "not" and previous == "or":
        return ""  # "whether or not"
    if any(w in NEGATION_FLIPPERS for w in following):
        return ""  # "don't forget to", "never fail to"
    if word in CLAUSE_NEGATORS or previous in AUXILIARIES:
        return "clause"
    return "forward"
