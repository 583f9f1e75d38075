"""Spaced review of missed questions, scheduled by FSRS (the algorithm Anki uses).

A graded answer becomes an FSRS rating: not passed is Again, a pass with a hint or a
thin score is Hard, a solid pass Good, a near-perfect one Easy. Only Again or Hard
answers create a card (the queue is for what the member got wrong or shaky); once a
card exists, every later answer to that question reviews it, so a question that is
finally answered well drifts out of the way.

Learning steps are hours rather than Anki's minutes: an interview question asked again
one minute later tests short-term memory, not understanding. Fuzzing is off so a
schedule is reproducible (and testable); with a few hundred questions per member there
is no pile-up for fuzz to spread.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

from bot.records import ReviewCard

WEAK_SCORE = 0.75
EASY_SCORE = 0.95

_scheduler = Scheduler(
    learning_steps=(timedelta(hours=4), timedelta(days=1)),
    relearning_steps=(timedelta(hours=12),),
    enable_fuzzing=False,
)


def rating_for(*, passed: bool, score: float, hinted: bool) -> Rating:
    if not passed:
        return Rating.Again
    if hinted or score < WEAK_SCORE:
        return Rating.Hard
    return Rating.Good if score < EASY_SCORE else Rating.Easy


def schedule(existing: ReviewCard | None, question_id: str, rating: Rating, now: datetime) -> ReviewCard | None:
    """The card after this answer, or None when the answer needs no review at all."""
    if existing is None:
        if rating not in (Rating.Again, Rating.Hard):
            return None
        # Card() without an id sleeps 1 ms to keep ids unique and reads the wall clock;
        # ours are keyed by member and question, so the id only has to be an int.
        card = Card(card_id=int(now.timestamp() * 1000), due=now)
        reviews = 0
    else:
        card = Card.from_json(existing.card_json)
        reviews = existing.reviews
    updated, _ = _scheduler.review_card(card, rating, now)
    return ReviewCard(question_id, updated.to_json(), updated.due, reviews + 1)
