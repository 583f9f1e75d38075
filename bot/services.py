"""Every feature's service, built once when the bot starts and handed to the cogs.

No Discord here: the cogs (and the terminal, for what it uses) call these. Building them
in one place is what keeps cogs from reaching into each other: a service that needs
another gets it here, as a constructor argument.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank import Bank
from bot.clock import Clock
from bot.daily import DailyService
from bot.disputes import DisputeService
from bot.engine import InterviewService
from bot.grading import Grader
from bot.mock import MockService
from bot.mock.pair_service import PairService
from bot.privacy import PrivacyService
from bot.remind.roles import StreakRoleService
from bot.remind.service import RemindService
from bot.stats import LeaderboardService
from bot.store import SqliteStore
from bot.timers import TimerScheduler


@dataclass(frozen=True, slots=True)
class Services:
    store: SqliteStore
    bank: Bank
    grader: Grader
    clock: Clock
    interviews: InterviewService
    daily: DailyService
    leaderboard: LeaderboardService
    privacy: PrivacyService
    timers: TimerScheduler
    reminders: RemindService
    streak_roles: StreakRoleService
    disputes: DisputeService
    mock: MockService
    pairs: PairService

    @classmethod
    def build(cls, store: SqliteStore, bank: Bank, grader: Grader, clock: Clock) -> Services:
        interviews = InterviewService(bank, grader, store.interviews, clock)
        streak_roles = StreakRoleService(store.streak_roles, store.reminder_sends, clock)
        disputes = DisputeService(store.disputes, bank, clock)
        timers = TimerScheduler(store.timers, clock)

        def wake() -> None:  # a group session queued a post or moved a deadline
            store.outbox.notify()
            timers.wake()

        return cls(
            store=store,
            bank=bank,
            grader=grader,
            clock=clock,
            interviews=interviews,
            daily=DailyService(bank, grader, store.daily, clock),
            leaderboard=LeaderboardService(store, bank, clock),
            # Deleting a member's data also drops the answers held to prefill a flag form,
            # and first takes back the streak roles the bot gave them.
            privacy=PrivacyService(store.privacy, clock, sessions=[interviews, disputes, streak_roles]),
            timers=timers,
            reminders=RemindService(bank, store.reminders, store.reminder_sends, store.daily, clock),
            streak_roles=streak_roles,
            disputes=disputes,
            mock=MockService(bank, grader, store.mock, clock, notify=wake),
            pairs=PairService(bank, grader, store.mock, store.pairs, clock, notify=wake),
        )
