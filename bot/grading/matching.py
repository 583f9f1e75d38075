"""Finding a compiled rubric's hints in an answer.

An answer is indexed once per grading: every token under its stem, thesaurus concepts
under their concept key, words a typo away from a hint word under that word's key, and
two words people also write as one ("roll back") under the joined key. A hint is then
found by looking its blocks up: all in one sentence, within the hint's window, in any
order (code blocks keep their own order).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from bot.grading.hints import Hint
from bot.grading.normalise import Text, tokenise
from bot.grading.rubric import Rubric
from bot.grading.scope import Scope, analyse_scope
from bot.grading.thesaurus import Thesaurus, default_thesaurus
from bot.grading.typos import deletions, edit_distance

# Occurrences of a key: (first token, last token), inclusive.
Spans = list[tuple[int, int]]
# Answer words shorter than this are never taken for a typo (see typos.MIN_TYPO_LENGTH).
_MIN_TYPO_WORD = 4


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer tokenised, scoped and indexed against one rubric."""

    text: Text
    scope: Scope
    index: dict[str, Spans]
    # Keys beyond each token's stem: file extensions, thesaurus concepts, joined words,
    # typo corrections, as (key, first token, last token).
    aliases: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a hint was found and how the answer states it."""

    hint: Hint
    positions: tuple[int, ...]
    sentence: int
    all_negated: bool
    any_negated: bool
    hypothetical: bool
    cautionary: bool


def analyse(answer: str, rubric: Rubric, thesaurus: Thesaurus | None = None) -> Answer:
    """Tokenise, scope and index ``answer`` for ``rubric``."""
    text = tokenise(answer)
    aliases = _aliases(text, rubric, thesaurus or default_thesaurus())
    return Answer(text, analyse_scope(text), _index(text, rubric, aliases), tuple(aliases))


def _aliases(text: Text, rubric: Rubric, thesaurus: Thesaurus) -> list[tuple[str, int, int]]:
    """Keys found in the answer besides each token's own stem: (key, first, last token)."""
    aliases = [(key, position, position) for position, key in text.extra]
    aliases.extend(thesaurus.spans(text))
    words, code, sentence = text.words, text.code, text.sentence
    compounds, heads = rubric.compounds, rubric.compound_heads
    for position in [p for p, word in enumerate(words[:-1]) if word in heads]:
        joined = words[position] + words[position + 1]
        if (
            joined in compounds
            and not code[position]
            and not code[position + 1]
            and sentence[position] == sentence[position + 1]
        ):
            aliases.append((compounds[joined], position, position + 1))
    _typo_aliases(text, rubric, aliases)
    return aliases


def _index(text: Text, rubric: Rubric, aliases: list[tuple[str, int, int]]) -> dict[str, Spans]:
    """Spans by key, for the keys the rubric's hints use (nothing else is looked up)."""
    hint_keys = rubric.hint_keys
    index: dict[str, Spans] = {}
    for position, key in [(p, k) for p, k in enumerate(text.keys) if k in hint_keys]:
        index.setdefault(key, []).append((position, position))
    for key, start, end in aliases:
        if key in hint_keys:
            index.setdefault(key, []).append((start, end))
    return index


def _typo_aliases(text: Text, rubric: Rubric, aliases: list[tuple[str, int, int]]) -> None:
    """Add words a small typo away from a hint word (never code, short or known words)."""
    if not rubric.typos:
        return
    # Set arithmetic in C first: most answers have no unknown word at all.
    unknown = set(text.keys) - rubric.known - rubric.hint_keys
    if not unknown:
        return
    # Each distinct word is looked up once, however often it is repeated.
    corrections: dict[tuple[str, str], list[str]] = {}
    for position in [p for p, key in enumerate(text.keys) if key in unknown]:
        word, key = text.words[position], text.keys[position]
        if len(word) < _MIN_TYPO_WORD or text.code[position] or word in rubric.known or not word.isalpha():
            continue
        targets = corrections.get((word, key))
        if targets is None:
            targets = corrections[(word, key)] = _corrections(word, key, rubric)
        aliases.extend((target_key, position, position) for target_key in targets)


def _corrections(word: str, key: str, rubric: Rubric) -> list[str]:
    """Keys of the hint words ``word`` is a small typo of."""
    typos, reach = rubric.typos, rubric.typo_reach
    added: list[str] = []
    for form in dict.fromkeys((word, key)):  # a word is often its own stem
        # No hint word starts like it and is near its length: nothing to look up (and a
        # 4,000-letter "word", whose deletions grow with the square of its length, is
        # never taken apart).
        depth = min(2 if len(word) >= 7 else 1, reach.get((form[0], len(form)), 0))
        if not depth:
            continue
        for variant in deletions(form, depth, keep_first=True):
            for target, target_key, edits in typos.get(variant, ()):
                if (
                    target_key not in added
                    and target[0] == form[0]  # a typo rarely hits the first letter
                    and edit_distance(form, target, edits) <= edits
                ):
                    added.append(target_key)
    return added


def find(hint: Hint, answer: Answer, ordered: bool = False) -> list[Occurrence]:
    """Every place ``hint`` occurs in ``answer``: one occurrence per anchor position.

    ``ordered``: the hint's words must come in its order (pitfalls are statements, and
    "commit flushes" does not say "flush is a commit").
    """
    if hint.quorum:
        return _find_restatement(hint, answer)
    text = answer.text
    found_blocks: list[Spans] = []
    for block in hint.blocks:
        spans = _block_spans(block.units, block.code_only, answer)
        if not spans:
            return []
        found_blocks.append(spans)
    if len(found_blocks) == 1:
        return [_occurrence(hint, [span], answer) for span in found_blocks[0]]
    anchor_at = min(range(len(found_blocks)), key=lambda i: len(found_blocks[i]))
    # Each block's spans in text order, so the nearest to an anchor is a bisection away:
    # an answer repeating a hint's words hundreds of times stays linear.
    ordered_blocks = [sorted(spans) for spans in found_blocks]
    block_starts = [[span[0] for span in spans] for spans in ordered_blocks]
    occurrences: list[Occurrence] = []
    for anchor in found_blocks[anchor_at]:
        sentence = text.sentence[anchor[0]]
        picked: list[tuple[int, int]] = []
        for at, spans in enumerate(ordered_blocks):
            nearest = (
                anchor
                if at == anchor_at
                else _nearest(spans, block_starts[at], anchor, sentence, text, at < anchor_at, hint.window)
            )
            if nearest is None:
                break
            picked.append(nearest)
        else:
            first = min(span[0] for span in picked)
            last = max(span[1] for span in picked)
            # A thesaurus phrase counts as one word of the window.
            width = last - first + 1 - sum(span[1] - span[0] for span in picked)
            # In the hint's order the whole window; out of order only adjacent-ish, so
            # "the cookie is signed" is "signed cookie" but "first, then the blueprint's
            # folder" is not "blueprint folder first".
            starts = [span[0] for span in picked]
            in_order = starts == sorted(starts)
            if width <= (hint.window if in_order else hint.window // 2) and (in_order or not ordered):
                occurrences.append(_occurrence(hint, picked, answer))
    return occurrences


def _find_restatement(hint: Hint, answer: Answer) -> list[Occurrence]:
    """Sentences holding at least ``hint.quorum`` of the hint's words, in any order."""
    index, sentence_of, code = answer.index, answer.text.sentence, answer.text.code
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for block in hint.blocks:
        seen: set[int] = set()
        # In text order, so each sentence keeps its first word whatever order the
        # unit's set of synonyms iterates in (it varies with the hash seed).
        for span in sorted(span for key in block.units[0] for span in index.get(key, ())):
            if code[span[0]]:
                # A restatement is prose; words inside code name things without
                # saying anything about them (code is found by its own hints).
                continue
            sentence = sentence_of[span[0]]
            if sentence not in seen:
                seen.add(sentence)
                by_sentence.setdefault(sentence, []).append(span)
    return [_occurrence(hint, spans, answer) for spans in by_sentence.values() if len(spans) >= hint.quorum]


def _nearest(
    spans: Spans, starts: list[int], anchor: tuple[int, int], sentence: int, text: Text, before: bool, reach: int
) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted) nearest the anchor in its sentence, never the
    anchor itself. The side the hint's word order puts it on (``before`` the anchor for
    a word the hint says first) wins when it has a span within ``reach``: in "flask.g
    since g is the app-wide global: do g.x", the "g" of "g is global" is the one before
    "global", not the nearer one after it."""
    sentence_of = text.sentence
    at = bisect_left(starts, anchor[0])
    left: tuple[int, int] | None = None
    right: tuple[int, int] | None = None
    for index in range(at - 1, -1, -1):
        span = spans[index]
        if sentence_of[span[0]] != sentence:
            break
        if span != anchor:
            left = span
            break
    for index in range(at, len(spans)):
        span = spans[index]
        if sentence_of[span[0]] != sentence:
            break
        if span != anchor:
            right = span
            break
    if left is None or right is None:
        return left or right
    preferred = left if before else right
    if abs(preferred[0] - anchor[0]) <= reach:
        return preferred
    # Neither in order within reach: the nearer one, the earlier on a tie.
    return left if anchor[0] - left[0] <= right[0] - anchor[0] else right


def _block_spans(units: tuple[frozenset[str], ...], code_only: bool, answer: Answer) -> Spans:
    index, text = answer.index, answer.text
    # Sorted: occurrences come out in text order, never in the hash-seeded order of the
    # unit's synonyms, so the same answer always earns the same evidence.
    starts = sorted(span for key in units[0] for span in index.get(key, ()))
    if code_only:
        starts = [span for span in starts if text.code[span[0]]]
    if len(units) == 1:
        return starts
    # Where each later unit's spans start, looked up once per block rather than by a
    # scan per start (code repeated a thousand times would make that quadratic).
    following = [_by_start(unit, index) for unit in units[1:]]
    found: Spans = []
    for start, end in starts:
        for by_start in following:
            follow = by_start.get(end + 1)
            if follow is None or text.sentence[follow[0]] != text.sentence[start]:
                break
            end = follow[1]
        else:
            found.append((start, end))
    return found


def _by_start(unit: frozenset[str], index: dict[str, Spans]) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for key in sorted(unit):
        for span in index.get(key, ()):
            spans.setdefault(span[0], span)
    return spans


def _occurrence(hint: Hint, spans: list[tuple[int, int]], answer: Answer) -> Occurrence:
    if len(spans) == 1:
        positions = tuple(range(spans[0][0], spans[0][1] + 1))
    else:
        positions = tuple(sorted({p for start, end in spans for p in range(start, end + 1)}))
    scope = answer.scope
    sentence = answer.text.sentence[positions[0]]
    denied = scope.negated
    supposed = scope.hypothetical
    return Occurrence(
        hint=hint,
        positions=positions,
        sentence=sentence,
        all_negated=bool(denied) and denied.issuperset(positions),
        any_negated=bool(denied) and not denied.isdisjoint(positions),
        hypothetical=bool(supposed) and not supposed.isdisjoint(positions),
        cautionary=sentence in scope.cautionary,
    )
