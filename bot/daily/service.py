"""The question of the day as a service: no Discord, one call per step.

The cog asks which servers are due, reserves a post (the store's unique row decides who
posts), sends it, and reports back; members' answers are graded and recorded here with
their streak in one transaction. Everything returns the frozen values of ``outcomes``.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.bank import Bank, Difficulty, Question
from bot.clock import Clock
from bot.daily import errors
from bot.daily.outcomes import (
    ChoiceOption,
    DailyAnswerGraded,
    DailyStatus,
    DueServer,
    PostCard,
    Reveal,
    Schedule,
)
from bot.daily.rules import (
    ANSWER_MAX_CHARS,
    ERROR_BACKOFF,
    FIRST_CORRECT_SHOWN,
    LETTERS,
    REVEAL_AFTER_DEFAULT,
    REVEAL_AFTER_MAX,
    REVEAL_AFTER_MIN,
    option_order,
    pick_question,
    streak_bonus,
)
from bot.engine.scoring import points_for
from bot.errors import UserFacingError
from bot.grading import Grade
from bot.scheduling import (
    canonical_zone_name,
    due_post_date,
    format_post_time,
    local_date,
    next_post_instant,
    parse_post_time,
    post_instant,
    streak_alive,
)
from bot.store import Mode, NewAttempt
from bot.store.daily import (
    DailyAnswerExists,
    DailyConfig,
    DailyPost,
    DailyPostClosed,
    DailyPostMissing,
    DailyStore,
)
from bot.store.writer import Transaction

log = logging.getLogger(__name__)


class AnswerGrader(Protocol):
    def grade(self, question: Question, answer: str) -> Grade: ...


@dataclass(frozen=True, slots=True)
class ScheduleRequest:
    """A checked /daily setup, not yet saved."""

    guild_id: int
    channel_id: int
    post_time: time
    timezone: str
    topic: str | None
    difficulty: Difficulty | None
    reveal_after_hours: int


class DailyService:
    def __init__(
        self, bank: Bank, grader: AnswerGrader, store: DailyStore, clock: Clock, *, rng: random.Random | None = None
    ) -> None:
        self._bank = bank
        self._grader = grader
        self._store = store
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 - picking quiz questions, not secrets

    # -- admin --------------------------------------------------------------------------

    def check_setup(
        self,
        guild_id: int,
        channel_id: int,
        time_text: str,
        timezone: str,
        topic: str | None = None,
        difficulty: str | None = None,
        reveal_after_hours: int = REVEAL_AFTER_DEFAULT,
    ) -> ScheduleRequest:
        """Validate every option (raises ``UserFacingError``s); nothing is saved."""
        at = parse_post_time(time_text)
        zone = canonical_zone_name(timezone)
        if topic is not None and self._bank.topic(topic) is None:
            raise errors.UnknownDailyTopic(topic, [t.slug for t in self._bank.topics])
        level = Difficulty(difficulty) if difficulty else None
        if not REVEAL_AFTER_MIN <= reveal_after_hours <= REVEAL_AFTER_MAX:
            raise errors.InvalidRevealDelay(REVEAL_AFTER_MIN, REVEAL_AFTER_MAX)
        if not self._bank.questions([topic] if topic else None, level):
            raise errors.NoDailyQuestions(" ".join(part for part in (level, topic) if part))
        return ScheduleRequest(guild_id, channel_id, at, zone, topic, level, reveal_after_hours)

    async def configure(self, request: ScheduleRequest) -> Schedule:
        """Save the schedule (unpaused, errors cleared) and the server's time zone.

        A new schedule starts now: a post time already past today waits for tomorrow. A
        setup that repairs a failing schedule keeps its start, so the day that failed
        is retried at once rather than skipped.
        """
        now = self._clock.now()
        previous = await self._store.config(request.guild_id)
        repairing = previous is not None and previous.last_error is not None and not previous.paused
        await self._store.set_schedule(
            DailyConfig(
                guild_id=request.guild_id,
                channel_id=request.channel_id,
                post_time=format_post_time(request.post_time),
                timezone=request.timezone,
                topic=request.topic,
                difficulty=request.difficulty.value if request.difficulty else None,
                reveal_after_hours=request.reveal_after_hours,
                paused=False,
                last_error=None,
                last_error_at=None,
                updated_at=previous.updated_at if previous is not None and repairing else now,
            )
        )
        return await self.schedule(request.guild_id)

    async def schedule(self, guild_id: int) -> Schedule:
        config = await self._store.config(guild_id)
        if config is None:
            raise errors.DailyNotConfigured
        return await self._schedule(config)

    async def set_paused(self, guild_id: int, paused: bool) -> Schedule:
        if not await self._store.set_paused(guild_id, paused, self._clock.now()):
            raise errors.DailyNotConfigured
        return await self.schedule(guild_id)

    async def status(self, guild_id: int, user_id: int) -> DailyStatus:
        config = await self._store.config(guild_id)
        streak = await self._store.streak(guild_id, user_id)
        if config is None:
            return DailyStatus(None, None, 0, streak.best)
        zone = ZoneInfo(config.timezone)
        today = local_date(self._clock.now(), zone)
        post = await self._store.post_for_date(guild_id, today)
        current = streak.current if streak_alive(streak.last_local_date, today) else 0
        return DailyStatus(await self._schedule(config), await self._card(post) if post else None, current, streak.best)

    async def server_left(self, guild_id: int) -> None:
        """Pause the schedule and drop what was queued for the server, in one write."""
        await self._store.server_left(guild_id, self._clock.now())

    async def record_error(self, guild_id: int, error: str) -> None:
        await self._store.record_error(guild_id, error, self._clock.now())

    # -- posting ------------------------------------------------------------------------

    async def due_servers(self, now: datetime) -> list[DueServer]:
        """Servers whose post for their current local day is due and not yet made."""
        due = []
        for config in await self._store.active_configs():
            if config.last_error_at is not None and now < config.last_error_at + ERROR_BACKOFF:
                continue
            try:
                zone = ZoneInfo(config.timezone)
                at = parse_post_time(config.post_time)
            except (ZoneInfoNotFoundError, ValueError, UserFacingError):
                # Only possible if tzdata dropped a zone since setup; skip, don't stop the others.
                log.warning("Daily schedule of server %s is unreadable; skipping it", config.guild_id)
                continue
            day = due_post_date(now, at, zone, schedule_since=config.updated_at)
            if day is not None and await self._store.post_for_date(config.guild_id, day) is None:
                due.append(DueServer(config.guild_id, config.channel_id, day))
        return due

    async def reserve_post(
        self, guild_id: int, day: date | None = None, *, now: datetime | None = None
    ) -> PostCard | None:
        """Reserve the server's post for ``day`` (today by default); None if it exists.

        The row is committed before anything is sent, so two ticks (or a tick and
        /daily post-now) can never both post: the second finds the row and gets None.
        """
        config = await self._store.config(guild_id)
        if config is None:
            raise errors.DailyNotConfigured
        now = now or self._clock.now()
        day = day or local_date(now, ZoneInfo(config.timezone))
        post = await self._store.reserve_post(
            guild_id,
            day,
            self._picker(config),
            config.channel_id,
            now,
            now + timedelta(hours=config.reveal_after_hours),
        )
        if post is None:
            return None
        # Anyone whose last answer is older than yesterday has missed a day.
        await self._store.reset_lapsed_streaks(guild_id, day - timedelta(days=1))
        return await self._card(post)

    async def post_now(self, guild_id: int) -> PostCard:
        card = await self.reserve_post(guild_id)
        if card is None:
            raise errors.AlreadyPostedToday
        return card

    def post_delivered(self, post_id: int, guild_id: int, message_id: int) -> Callable[[Transaction], None]:
        """What to record, with the outbox's own record, once the post is in the channel."""
        delivered = self._store.post_delivered(post_id, guild_id)
        return lambda tx: delivered(tx, message_id)

    async def post_refused(self, post_id: int, reason: str) -> None:
        """Discord refused the post (403/404): free the day, keep the reason, back off."""
        await self._store.release_post(post_id, reason, self._clock.now())

    def _picker(self, config: DailyConfig) -> Callable[[list[str]], str]:
        pool = self._bank.questions(
            [config.topic] if config.topic else None, Difficulty(config.difficulty) if config.difficulty else None
        )
        if not pool:
            log.warning("Daily filter of server %s matches no question any more; using the whole bank", config.guild_id)
            pool = list(self._bank)

        def pick(posted_oldest_first: list[str]) -> str:
            return pick_question(pool, posted_oldest_first, self._rng)

        return pick

    # -- reveals ------------------------------------------------------------------------

    async def due_reveals(self, now: datetime) -> list[int]:
        return [post.id for post in await self._store.due_reveals(now)]

    async def reveal_content(self, post_id: int) -> Reveal | None:
        """What the reveal shows (None if the post is gone), built when the edit is sent."""
        post = await self._store.post(post_id)
        if post is None:
            return None
        card = replace(await self._card(post), revealed=True)
        question = self._question(post)
        correct = next((option for option in card.options if self._is_correct(post, option.position)), None)
        first = await self._store.first_correct(post_id, FIRST_CORRECT_SHOWN)
        return Reveal(card, question.solution, correct, tuple(first))

    async def mark_revealed(self, post_id: int, now: datetime | None = None) -> bool:
        """Close the post and queue its reveal; True for the one caller that did it."""
        return await self._store.mark_revealed(post_id, now or self._clock.now())

    async def refresh_count(self, post_id: int, min_gap: timedelta) -> None:
        """Queue an edit of the post's answer count (at most one per ``min_gap``)."""
        await self._store.refresh_count(post_id, self._clock.now(), min_gap)

    async def card(self, post_id: int) -> PostCard:
        post = await self._store.post(post_id)
        if post is None:
            raise errors.DailyPostGone
        return await self._card(post)

    # -- answering ----------------------------------------------------------------------

    async def open_for_answer(self, post_id: int, guild_id: int, user_id: int) -> PostCard:
        """The post a member is about to answer; raises if closed or already answered."""
        post = await self._store.post(post_id)
        if post is None or post.guild_id != guild_id:
            raise errors.DailyPostGone
        if post.revealed_at is not None or self._clock.now() >= post.reveal_at:
            raise errors.DailyClosed
        if await self._store.has_answered(post_id, user_id):
            raise errors.AlreadyAnsweredDaily
        return await self._card(post)

    async def answer_open(
        self, post_id: int, guild_id: int, user_id: int, text: str, *, at: datetime | None = None
    ) -> DailyAnswerGraded:
        """``at`` is when the member submitted (Discord's timestamp): an answer sent before the
        reveal counts even when the bot gets to it a moment after."""
        if len(text) > ANSWER_MAX_CHARS:
            raise errors.DailyAnswerTooLong(ANSWER_MAX_CHARS)
        post = await self._answerable(post_id, guild_id)
        return await self._record(post, user_id, text, chosen=None, at=at)

    async def answer_choice(
        self, post_id: int, guild_id: int, user_id: int, position: int, *, at: datetime | None = None
    ) -> DailyAnswerGraded:
        post = await self._answerable(post_id, guild_id)
        question = self._question(post)
        order = option_order(post.id, question)
        if question.is_open or not 0 <= position < len(order):
            raise errors.NotAnOption
        text = question.options[order[position]]
        return await self._record(post, user_id, text, chosen=text, at=at)

    async def _answerable(self, post_id: int, guild_id: int) -> DailyPost:
        post = await self._store.post(post_id)
        if post is None or post.guild_id != guild_id:
            raise errors.DailyPostGone
        return post

    async def _record(
        self, post: DailyPost, user_id: int, text: str, *, chosen: str | None, at: datetime | None
    ) -> DailyAnswerGraded:
        question = self._question(post)
        now = self._clock.now()
        submitted = min(at, now) if at is not None else now  # never trust a time in the future
        grade = self._grader.grade(question, text)
        attempt = NewAttempt(
            guild_id=post.guild_id,
            user_id=user_id,
            question_id=question.id,
            topic=question.topic,
            difficulty=question.difficulty.value,
            mode=Mode.DAILY,
            score=grade.score,
            passed=grade.passed,
            points=points_for(grade.score, question.difficulty),
            answered_at=submitted,
            daily_post_id=post.id,
        )
        try:
            recorded = await self._store.record_answer(
                attempt, lambda streak: streak_bonus(streak.current) if grade.passed else 0
            )
        except DailyAnswerExists as error:
            raise errors.AlreadyAnsweredDaily from error
        except DailyPostClosed as error:
            raise errors.DailyClosed from error
        except DailyPostMissing as error:
            raise errors.DailyPostGone from error
        return DailyAnswerGraded(
            post_id=post.id,
            is_open=question.is_open,
            score=grade.score,
            passed=grade.passed,
            points=recorded.points,
            bonus=recorded.bonus,
            streak=recorded.streak.current,
            best_streak=recorded.streak.best,
            feedback=grade.feedback,
            covered=tuple(match.text for match in grade.matched),
            chosen=chosen,
            reveal_at=post.reveal_at,
        )

    # -- helpers ------------------------------------------------------------------------

    async def _schedule(self, config: DailyConfig) -> Schedule:
        zone = ZoneInfo(config.timezone)
        now = self._clock.now()
        next_at = None
        if not config.paused:
            today = local_date(now, zone)
            posted = await self._store.post_for_date(config.guild_id, today) is not None
            at = parse_post_time(config.post_time)
            # A schedule set up after today's post time starts tomorrow (see due_post_date).
            started_late = post_instant(today, at, zone) < config.updated_at
            next_at = next_post_instant(now, at, zone, posted_today=posted or started_late)
            if config.last_error_at is not None:
                next_at = max(next_at, config.last_error_at + ERROR_BACKOFF)
        return Schedule(
            guild_id=config.guild_id,
            channel_id=config.channel_id,
            post_time=config.post_time,
            timezone=config.timezone,
            topic=config.topic,
            topic_title=self._bank.topic_title(config.topic) if config.topic else None,
            difficulty=config.difficulty,
            reveal_after_hours=config.reveal_after_hours,
            paused=config.paused,
            next_post_at=next_at,
            last_error=config.last_error,
            last_error_at=config.last_error_at,
            retry_at=config.last_error_at + ERROR_BACKOFF if config.last_error_at else None,
        )

    async def _card(self, post: DailyPost) -> PostCard:
        question = self._question(post)
        tally = await self._store.tally(post.id)
        order = option_order(post.id, question)
        options = tuple(
            ChoiceOption(position, LETTERS[position], question.options[index]) for position, index in enumerate(order)
        )
        return PostCard(
            post_id=post.id,
            guild_id=post.guild_id,
            channel_id=post.channel_id,
            message_id=post.message_id,
            day=post.local_date,
            question_id=question.id,
            prompt=question.prompt,
            topic_title=self._bank.topic_title(question.topic),
            difficulty=question.difficulty.value,
            is_open=question.is_open,
            options=options,
            reveal_at=post.reveal_at,
            revealed=post.revealed_at is not None,
            answered=tally.answered,
            passed=tally.passed,
        )

    def _question(self, post: DailyPost) -> Question:
        question = self._bank.question(post.question_id)
        if question is None:
            # The bank changed since the post went out (a question was removed).
            raise errors.QuestionMissing(post.question_id)
        return question

    def _is_correct(self, post: DailyPost, position: int) -> bool:
        return option_order(post.id, self._question(post))[position] == 0
