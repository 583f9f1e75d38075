"""Small-typo tolerance: deletion neighbourhoods (as in SymSpell) and an edit distance.

Two words within edit distance d share a string obtained by deleting at most d letters
from each, so a rubric indexes the deletions of its hint words once, at compile time, and
an answer word only looks its own deletions up. The distance is then confirmed with the
optimal string alignment distance, which counts a swap of two letters as one edit.
"""

from __future__ import annotations

from functools import lru_cache

# Shorter words are left alone: at four letters one edit makes another real word
# too often ("form"/"from", "hash"/"has").
MIN_TYPO_LENGTH = 5
# From this length two edits are still clearly the same word ("authentification").
TWO_EDITS_LENGTH = 9


def allowed_edits(word: str) -> int:
    """How many edits a rubric word of this length tolerates: 0, 1 or 2."""
    if len(word) >= TWO_EDITS_LENGTH:
        return 2
    return 1 if len(word) >= MIN_TYPO_LENGTH else 0


def deletions(word: str, depth: int, keep_first: bool = False) -> frozenset[str]:
    """``word`` with up to ``depth`` letters deleted (the word itself included).

    ``keep_first``: never delete the first letter. A typo is only looked for between
    words that start alike, and then some shared deletion keeps that letter (if one side
    drops it, dropping the next copy of it instead gives the same string), so an answer
    word needs no variant without it: a fifth fewer variants to build and look up.

    Not cached: answer words are whatever a member types, and a cache of the deletions of
    a flood of made-up words would hold hundreds of strings for each (rubric words, a
    small and fixed vocabulary, go through ``rubric_deletions``).
    """
    first = 1 if keep_first else 0
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(first, len(w))}
        found |= frontier
    return frozenset(found)


rubric_deletions = lru_cache(maxsize=8192)(deletions)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` as soon as it must exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
