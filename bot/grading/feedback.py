"""One or two short plain sentences telling the candidate what the grade means.

Kept under ``MAX_FEEDBACK`` characters so it fits an embed field with room to spare
(discord-limits.md: a field value holds 1,024 characters); no Markdown, because the UI
decides the formatting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.bank.models import KeyPoint
from bot.grading.result import PitfallMatch, PointMatch, Refusal

MAX_FEEDBACK = 300
_BELIEF = re.compile(r"(?:believes|claims|thinks|assumes|says|states|expects)\s+(?:that\s+)?", re.I)

_REFUSALS = {
    Refusal.EMPTY: "No answer to grade. Even a partial answer earns credit, so give it a go.",
    Refusal.DONT_KNOW: "No worries: read the model answer, then try this one again later.",
    Refusal.COPIED_PROMPT: "That repeats the question. Answer it in your own words.",
    Refusal.OFF_TOPIC: "That doesn't seem to answer this question. Check what it asks and try again.",
    Refusal.KEYWORD_LIST: "That reads as a list of terms. Explain how they fit together to earn credit.",
}


def open_feedback(
    *,
    passed: bool,
    matched: Sequence[PointMatch],
    missed: Sequence[KeyPoint],
    pitfalls: Sequence[PitfallMatch],
    contradicted: Sequence[KeyPoint],
    refusal: Refusal | None,
) -> str:
    """Feedback for an open answer: the most useful thing first."""
    if refusal is not None and not (refusal is Refusal.KEYWORD_LIST and passed):
        first = _REFUSALS[refusal]
        if refusal in (Refusal.EMPTY, Refusal.DONT_KNOW, Refusal.COPIED_PROMPT):
            return first
    elif pitfalls:
        first = _misconception(pitfalls[0].text)
    elif contradicted:
        first = f"Check this: in fact, {_lower_first(_sentence(contradicted[0].text))}"
    else:
        total = len(matched) + len(missed)
        if not missed:
            first = "Excellent: you covered every key point."
        elif passed:
            first = f"Good answer: you covered {len(matched)} of {total} key points."
        else:
            first = f"You covered {len(matched)} of {total} key points."
    # The next thing to learn: a missed point not already named above.
    named = {point.text for point in contradicted[:1]} if not pitfalls else set()
    todo = [point for point in missed if point.text not in named]
    second = f"Also cover: {_lower_first(_sentence(todo[0].text))}" if todo else ""
    return _fit(f"{first} {second}".strip())


def choice_feedback(correct: bool, answer: str) -> str:
    if correct:
        return "Correct."
    return _fit(f"Not quite: the answer is {_sentence(answer)}")


def _misconception(text: str) -> str:
    # Pitfalls are written as "Believes X" / "Claims X": say plainly that X is false.
    belief = _BELIEF.match(text)
    if belief:
        return f"Careful: it is not true that {_sentence(text[belief.end() :])}"
    return f"Careful, a common mistake: {_lower_first(_sentence(text))}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _lower_first(text: str) -> str:
    # Keep identifiers and acronyms ("SECRET_KEY", "CSRF") as written.
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def _fit(text: str) -> str:
    if len(text) <= MAX_FEEDBACK:
        return text
    return text[: MAX_FEEDBACK - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
