"""Turning free text into tokens the grader can compare.

Answers and rubric hints go through the same function, so whatever one side writes
(``url_for``, ``url for``, `` `url_for()` ``) the other side sees the same keys. A key is
the Snowball stem of a word, so "cached", "caching" and "caches" are one key.

Code is recognised (backticks, Jinja delimiters, or a chunk with dots, underscores or
brackets inside) and split into its words, each flagged as code: code is never
typo-corrected, and a hint written as code must be matched word for word, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import snowballstemmer

from bot.grading.lexicon import BARE_CONTRACTIONS

# Backtick spans (any number of backticks, so fenced blocks too) and Jinja tags. An
# unclosed Jinja tag runs to the end of its line: hints are written like "{% block".
_CODE_SPAN = re.compile(r"`+([^`]*)`+|(\{[{%][^\n]*?(?:[%}]\}|$))", re.MULTILINE)
# Words inside code: identifiers split at dots and underscores, angle brackets kept
# because in a route rule (``<int:id>``) they are the point.
_CODE_WORD = re.compile(r"(\.?)([^\W_]+)|([<>])")
# File extensions that keep their dot when written alone (".html" names the extension;
# "html" alone is the language).
_EXTENSIONS = frozenset(
    "html htm xml xhtml svg txt md py css js json yaml yml cfg ini toml env db sqlite j2 jinja".split()
)
_SENTENCE_END = frozenset(".!?…")
_SIMPLE_TRAIL = ".!?,;:"
_BULLET_MARKS = frozenset(("-", "*", "•", "+", "–", "—"))
_BARE = frozenset(BARE_CONTRACTIONS)
_CLAUSE_END = frozenset(",;:)(")
_TRAILING = ".!?…,;:)]}\"'’”»*"
_LEADING = "([{\"'‘“«*"
# Marks that relate the words around them ("app ctx: current_app", "str -> 200",
# "micro = small core"): a line using them states something, it does not just list.
_RELATIONS = frozenset(("-", "--", "—", "–", "=>", "->", "→", "=", ":"))
_ABBREVIATIONS = frozenset(("e.g.", "i.e.", "eg.", "ie.", "etc.", "vs.", "cf.", "e.g.,", "i.e.,"))
_BULLET_NUMBER = re.compile(r"^\(?\d{1,2}[.)]$")
_BULLET = re.compile(r"^(?:[-*•+]|\(?\d{1,2}[.)])\s")
_ELLIPSES = frozenset(("...", "…", "....", "(...)", "[...]"))
_IS_AFTER = frozenset("it that there what here he she who where how".split())
_CONTRACTED = {"'re": "are", "'ll": "will", "'ve": "have", "'d": "would", "'m": "am"}

_stemmer = snowballstemmer.stemmer("english")


# Stems by word. A plain dict is the fastest cache there is; the vocabulary of answers
# is small, and the cap only guards against a flood of junk words.
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 100_000


def stem(word: str) -> str:
    """The Snowball stem of a lower-case word (numbers and symbols are their own key)."""
    found = _STEMS.get(word)
    if found is None:
        found = _stemmer.stemWord(word) if word.isalpha() else word
        if len(_STEMS) >= _STEM_CACHE_LIMIT:
            _STEMS.clear()
        _STEMS[word] = found
    return found


@dataclass(frozen=True, slots=True)
class Text:
    """A tokenised text as parallel tuples (one entry per token), cheap to build and scan.

    ``keys`` are what matching compares; ``raw`` is the token as written, for evidence.
    ``chunk`` numbers the whitespace-separated pieces, so a code expression like
    ``app.config["SECRET_KEY"]`` counts as one term when judging whether a sentence is a
    list. ``extra`` holds additional (position, key) entries, e.g. ".html" for a file name.
    """

    raw: tuple[str, ...]
    words: tuple[str, ...]
    keys: tuple[str, ...]
    code: tuple[bool, ...]
    chunk: tuple[int, ...]
    sentence: tuple[int, ...]
    clause: tuple[int, ...]
    extra: tuple[tuple[int, str], ...]
    # Tokens of a multi-line code block: an example, neither prose nor a list of terms.
    block: frozenset[int] = frozenset()
    # Sentences with a relation mark (":", "->", "=", a dash between words).
    marks: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return len(self.keys)


class _Builder:
    """Accumulates tokens (one tuple each, transposed at the end: cheaper than seven
    lists) and the sentence and clause they belong to."""

    __slots__ = ("tokens", "extra", "block", "marks", "sentence", "clause", "chunk", "pending")

    def __init__(self) -> None:
        self.tokens: list[tuple[str, str, str, bool, int, int, int]] = []
        self.extra: list[tuple[int, str]] = []
        self.block: set[int] = set()
        self.marks: set[int] = set()
        self.sentence = 0
        self.clause = 0
        self.chunk = 0
        # 2: a sentence ended before the next token; 1: a clause did; 0: neither.
        self.pending = 0

    def end_sentence(self) -> None:
        self.pending = 2

    def end_clause(self) -> None:
        self.pending = max(self.pending, 1)

    def next_chunk(self) -> None:
        self.chunk += 1

    def relate(self) -> None:
        """A relation mark follows the last token: its sentence states a relation."""
        if self.tokens:
            self.marks.add(self.tokens[-1][5])

    def label(self) -> None:
        """A colon after the last token: a relation ("app ctx: current_app"), unless it
        follows a single word opening the sentence ("Keywords:"), which is a heading."""
        tokens = self.tokens
        if len(tokens) >= 2 and tokens[-2][5] == tokens[-1][5]:
            self.marks.add(tokens[-1][5])

    def flush(self) -> None:
        """Start the sentence or clause a boundary announced, now that a token follows."""
        if self.tokens:
            self.clause += 1
            if self.pending == 2:
                self.sentence += 1
        self.pending = 0

    def add(self, raw: str, word: str, key: str, code: bool) -> None:
        if self.pending:
            self.flush()
        self.tokens.append((raw, word, key, code, self.chunk, self.sentence, self.clause))

    def build(self) -> Text:
        if not self.tokens:
            return Text((), (), (), (), (), (), (), ())
        raw, words, keys, code, chunk, sentence, clause = zip(*self.tokens, strict=True)
        return Text(
            raw,
            words,
            keys,
            code,
            chunk,
            sentence,
            clause,
            tuple(self.extra),
            frozenset(self.block),
            frozenset(self.marks),
        )


def tokenise(text: str) -> Text:
    """Split ``text`` into keyed tokens with their sentence and clause numbers."""
    out = _Builder()
    position = 0
    for match in _CODE_SPAN.finditer(text):
        _prose(text[position : match.start()], out)
        _code(match.group(1) if match.group(1) is not None else match.group(2), out)
        position = match.end()
    _prose(text[position:], out)
    return out.build()


def _code(segment: str, out: _Builder) -> None:
    # Inline code is part of its sentence; each line of a code block is its own.
    lines = segment.split("\n")
    start = len(out.tokens)
    for number, line in enumerate(lines):
        if number:
            out.end_sentence()
        for piece in line.split():
            _code_words(piece, out)
            out.next_chunk()
    if len(lines) > 1:
        out.block.update(range(start, len(out.tokens)))
        out.end_sentence()


def _code_words(piece: str, out: _Builder) -> None:
    if out.pending:
        out.flush()
    append = out.tokens.append
    chunk, sentence, clause = out.chunk, out.sentence, out.clause
    for dot, word, bracket in _CODE_WORD.findall(piece):
        if bracket:
            append((bracket, bracket, bracket, True, chunk, sentence, clause))
            continue
        lower = word.lower()
        append((word, lower, _STEMS.get(lower) or stem(lower), True, chunk, sentence, clause))
        if dot and lower in _EXTENSIONS:
            # "profile.html" also answers a hint about the ".html" extension.
            out.extra.append((len(out.tokens) - 1, "." + lower))


def _prose(segment: str, out: _Builder) -> None:
    # The hot loop of grading. Plain words, with or without one trailing punctuation
    # mark, are handled inline with the builder's counters in local variables (attribute
    # access per token costs more than the rest); anything else goes to _prose_chunk.
    tokens = out.tokens
    append = tokens.append
    stems = _STEMS
    previous = ""
    for number, line in enumerate(segment.split("\n")):
        if number and _line_breaks_sentence(previous, line):
            out.pending = 2
        previous = line
        if "—" in line or "–" in line:
            # A dash between words ("no request yet—the label waits") ends a clause as a
            # spaced one does, or the negation before it would reach the words after.
            line = line.replace("—", " — ").replace("–", " – ")
        chunks = line.split()
        if not chunks:
            continue
        if chunks[0] in _BULLET_MARKS or _BULLET_NUMBER.match(chunks[0]):
            del chunks[0]
            out.chunk += 1
        chunk_id, pending, sentence, clause = out.chunk, out.pending, out.sentence, out.clause
        for chunk in chunks:
            lower = chunk.lower()
            mark = ""
            if not lower.isalpha():
                mark = lower[-1]
                if mark not in _SIMPLE_TRAIL or not lower[:-1].isalpha() or lower in _ABBREVIATIONS or lower in _BARE:
                    out.chunk, out.pending, out.sentence, out.clause = chunk_id, pending, sentence, clause
                    _prose_chunk(chunk, lower, out)
                    pending, sentence, clause = out.pending, out.sentence, out.clause
                    chunk_id += 1
                    continue
                chunk, lower = chunk[:-1], lower[:-1]
            elif lower in _BARE:
                out.chunk, out.pending, out.sentence, out.clause = chunk_id, pending, sentence, clause
                _prose_chunk(chunk, lower, out)
                pending, sentence, clause = out.pending, out.sentence, out.clause
                chunk_id += 1
                continue
            if pending:
                if tokens:
                    clause += 1
                    if pending == 2:
                        sentence += 1
                pending = 0
            key = stems.get(lower)
            append((chunk, lower, key or stem(lower), False, chunk_id, sentence, clause))
            if mark:
                pending = 2 if mark in ".!?" else 1
                if mark == ":" and len(tokens) >= 2 and tokens[-2][5] == sentence:
                    out.marks.add(sentence)
            chunk_id += 1
        out.chunk, out.pending, out.sentence, out.clause = chunk_id, pending, sentence, clause


def _line_breaks_sentence(previous: str, line: str) -> bool:
    """A new line is a new statement (a bullet, a paragraph), not text wrapped to a width."""
    before, after = previous.strip(), line.strip()
    return (
        not before
        or not after
        or before[-1] in ".!?:;"
        or _BULLET.match(after) is not None
        or _BULLET.match(before) is not None  # a bullet ends with its line
    )


def _prose_chunk(chunk: str, lower: str, out: _Builder) -> None:
    if lower in _ABBREVIATIONS or lower in _ELLIPSES:
        # A free-standing "..." stands for elided words ("try: ... except"), not a full stop.
        return
    if chunk in _RELATIONS:
        out.relate()
        out.end_clause()
        return
    end = len(chunk)
    sentence_end = clause_end = labels = False
    while end and chunk[end - 1] in _TRAILING:
        mark = chunk[end - 1]
        sentence_end |= mark in _SENTENCE_END
        clause_end |= mark in _CLAUSE_END
        labels |= mark == ":"
        end -= 1
    start = 0
    while start < end and chunk[start] in _LEADING:
        if chunk[start] == "(":
            out.end_clause()  # a parenthesis is an aside: its own clause
        start += 1
    body = chunk[start:end]
    if body:
        _prose_body(body, out)
    if labels:
        out.label()
    if sentence_end:
        out.end_sentence()
    elif clause_end:
        out.end_clause()


def _prose_body(body: str, out: _Builder) -> None:
    lower = body.lower().replace("’", "'")
    if lower.isalnum():
        if lower in BARE_CONTRACTIONS:
            out.add(body, BARE_CONTRACTIONS[lower], BARE_CONTRACTIONS[lower], False)
            out.add(body, "not", "not", False)
            return
        out.add(body, lower, stem(lower), False)
        return
    if "'" in lower and _contraction(body, lower, out):
        return
    parts = lower.split("-")
    if len(parts) > 1 and all(part.isalpha() for part in parts):
        # Hyphenated prose ("server-side", "cross-site") is two words, not code.
        for part in parts:
            out.add(part, part, stem(part), False)
        return
    _code_words(body, out)


def _contraction(body: str, lower: str, out: _Builder) -> bool:
    """Expand "doesn't", "it's", "flask's"; False when the apostrophe is something else."""
    head, _, tail = lower.partition("'")
    if not head.isalpha() or not (tail.isalpha() or tail == ""):
        return False
    if tail == "t" and head.endswith("n"):
        verb = {"can": "can", "won": "will", "shan": "shall"}.get(head, head[:-1])
        out.add(body, verb, verb, False)
        out.add(body, "not", "not", False)
    elif tail == "s" and head in _IS_AFTER:
        out.add(body, head, head, False)
        out.add(body, "is", "is", False)
    elif "'" + tail in _CONTRACTED:
        out.add(body, head, stem(head), False)
        out.add(body, _CONTRACTED["'" + tail], _CONTRACTED["'" + tail], False)
    else:
        # A possessive or a stray quote: keep the word.
        out.add(body, head, stem(head), False)
    return True
