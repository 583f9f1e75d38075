"""Recognising answers that only look right: empty, "idk", the prompt copied back,
another question's answer, and lists of terms with no explanation.

Each rule measures the answer as a whole (or per sentence), never a phrase list of
known bad answers, so it holds for rubrics it has never seen.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Set

from bot.grading.lexicon import CONNECTING, DETERMINERS, DONT_KNOW, FILLER, FUNCTION_WORDS, VERBS
from bot.grading.normalise import Text, stem, tokenise
from bot.grading.result import Refusal
from bot.grading.rubric import PROMPT_GRAM, Rubric

# An answer with fewer content words than this, once "I don't know" and filler are
# taken out, is a refusal to answer.
MIN_CONTENT_WORDS = 3
# Only short answers are checked for "I don't know": a long one is graded on its content.
_DONT_KNOW_MAX_WORDS = 16
# A sentence explains when at least this share of its words (a code expression counted
# once) are grammar: articles, verbs, pronouns, prepositions. Lists have next to none.
EXPLAINED_SHARE = 0.15
# ... and a sentence that does not is a list when this share of its words are hint words.
LIST_DENSITY = 0.4
# Copying: at least this share of the answer is runs of 4+ words taken from the prompt.
COPIED_SHARE = 0.5

_FUNCTION = CONNECTING | DETERMINERS | {"of"}
# The same word classes as keys, so whole answers are filtered with set arithmetic.
_NO_CONTENT = FUNCTION_WORDS | FILLER
_FUNCTION_KEYS = FUNCTION_WORDS | {stem(word) for word in FUNCTION_WORDS}
_GENERIC_KEYS = _FUNCTION_KEYS | VERBS | {stem(word) for word in VERBS}
_PHRASES = {tokenise(p).words for p in DONT_KNOW}
# One-word refusals that are also ordinary words ("pass", "no", "next") count only when
# they are the whole answer; the rest ("idk", "no idea", "not sure") count anywhere.
_WHOLE_ONLY = frozenset(p for p in _PHRASES if len(p) == 1 and p[0] not in ("idk", "dunno", "tbd", "todo"))
_ANYWHERE = tuple(sorted(_PHRASES - _WHOLE_ONLY, key=len, reverse=True))


def refuse_outright(text: Text) -> Refusal | None:
    """EMPTY or DONT_KNOW when the answer carries no attempt at all."""
    if not set(text.words) - _NO_CONTENT:
        return Refusal.EMPTY
    if len(text) > _DONT_KNOW_MAX_WORDS:
        return None
    content = [w for w, code in zip(text.words, text.code, strict=True) if code or w not in FILLER]
    if tuple(w for w in content if w not in FUNCTION_WORDS or w in ("no", "none")) in _WHOLE_ONLY:
        return Refusal.DONT_KNOW
    remaining, removed = _strip_phrases(content, _ANYWHERE)
    substantive = [w for w in remaining if w not in FUNCTION_WORDS]
    if removed and len(substantive) < MIN_CONTENT_WORDS:
        return Refusal.DONT_KNOW
    return None


def _strip_phrases(words: list[str], phrases: Iterable[tuple[str, ...]]) -> tuple[list[str], bool]:
    remaining: list[str] = []
    removed = False
    position = 0
    phrases = tuple(phrases)
    while position < len(words):
        for phrase in phrases:
            if tuple(words[position : position + len(phrase)]) == phrase:
                position += len(phrase)
                removed = True
                break
        else:
            remaining.append(words[position])
            position += 1
    return remaining, removed


def copies_prompt(text: Text, rubric: Rubric) -> bool:
    """The answer is mostly the prompt said back, with next to nothing of its own."""
    keys = text.keys
    grams = rubric.prompt_grams
    if not grams:
        return False
    # Cheap exit for nearly every real answer: enough words of its own that are not in
    # the prompt at all.
    if len(set(keys) - _FUNCTION_KEYS - rubric.prompt_keys) >= MIN_CONTENT_WORDS:
        return False
    covered = [False] * len(keys)
    for start in range(len(keys) - PROMPT_GRAM + 1):
        if keys[start : start + PROMPT_GRAM] in grams:
            for position in range(start, start + PROMPT_GRAM):
                covered[position] = True
    share = sum(covered) / max(1, len(keys))
    own = {
        key
        for key, word, is_covered in zip(keys, text.words, covered, strict=True)
        if not is_covered and word not in FUNCTION_WORDS
    }
    return share >= COPIED_SHARE and len(own) < MIN_CONTENT_WORDS


def listed_sentences(text: Text, matched: Set[int]) -> frozenset[int]:
    """Sentences (and bullet lines) that list rubric terms instead of explaining them.

    A sentence is a list when few of its words connect the others (no verbs, pronouns or
    prepositions to speak of), it relates nothing with a mark (``term: what it does``,
    ``str -> 200``) and many of its words are hint words (``matched`` positions). Terse
    prose with words of its own is not a list, and neither is a code block, which shows
    rather than lists.
    """
    listed: set[int] = set()
    # Sentence numbers never decrease, so each sentence is a slice found by bisection;
    # only sentences holding a hint word can be lists that matter.
    for sentence in {text.sentence[p] for p in matched}:
        start = bisect_left(text.sentence, sentence)
        end = bisect_right(text.sentence, sentence, start)
        if sentence not in text.marks and _is_list(text, range(start, end), matched):
            listed.add(sentence)
    return frozenset(listed)


def _is_list(text: Text, positions: range, matched: Set[int]) -> bool:
    content = connecting = hinted = 0
    last_chunk = -1
    for position in positions:
        if position in text.block:
            continue
        if text.code[position]:
            if text.chunk[position] != last_chunk:
                content += 1
                hinted += position in matched
            last_chunk = text.chunk[position]
            continue
        content += 1
        word = text.words[position]
        if word in _FUNCTION:
            connecting += 1
        elif position in matched:
            # A verb that is itself a rubric term ("signed") is one more term.
            hinted += 1
        elif word in VERBS:
            connecting += 1
    return content > 0 and connecting < EXPLAINED_SHARE * content and hinted >= LIST_DENSITY * content


def relevance(text: Text, aliases: Iterable[tuple[str, int, int]], rubric: Rubric) -> float:
    """Share of the answer's distinct content words that belong to this question.

    A word belongs when its stem, a thesaurus concept it is part of, or the hint word
    it is a typo of occurs anywhere in the question, model answer or rubric.
    """
    vocabulary = rubric.vocabulary
    content = {key for key in set(text.keys) - _GENERIC_KEYS if key.isalnum()}
    if not content:
        return 0.0
    outside = content - vocabulary
    if outside:
        covered = {position for key, start, end in aliases if key in vocabulary for position in range(start, end + 1)}
        if covered:
            outside -= {k for p, k in enumerate(text.keys) if p in covered and k in outside}
    return 1 - len(outside) / len(content)
