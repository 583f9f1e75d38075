"""Shared fixtures: a fake clock, the shipped bank, and a started bot behind the Discord harness."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.bank import Bank, load_bank
from bot.clock import FakeClock
from bot.config import Settings
from bot.grading import Grader
from bot.store import SqliteStore
from tests.discord_harness import started_harness

ROOT = Path(__file__).parent.parent
SHIPPED_BANK = ROOT / "content" / "flask"
SAMPLE_BANK = ROOT / "tests" / "data" / "sample_bank"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def shipped_bank() -> Bank:
    return load_bank(SHIPPED_BANK)


@pytest.fixture(scope="session")
def shipped_grader(shipped_bank: Bank) -> Grader:
    return Grader(shipped_bank)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    """A migrated database in a temporary file, closed after the test."""
    opened = await SqliteStore.open(tmp_path / "store.sqlite3")
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        discord_token=None,
        database_path=tmp_path / "bot.sqlite3",
        content_dir=SHIPPED_BANK,
        dev_guild_id=None,
        log_level="INFO",
    )


@pytest.fixture
async def harness(
    settings: Settings, clock: FakeClock, shipped_bank: Bank, shipped_grader: Grader
) -> AsyncIterator[object]:
    async with started_harness(settings, clock, shipped_bank, shipped_grader) as driver:
        yield driver


@pytest.fixture
async def restart(
    settings: Settings, clock: FakeClock, shipped_bank: Bank, shipped_grader: Grader
) -> AsyncIterator[Callable[[Any], Awaitable[Any]]]:
    """``await restart(dead)``: a new process on the same database and the same recorded Discord."""
    async with AsyncExitStack() as stack:

        async def start(dead: Any) -> Any:
            return await stack.enter_async_context(
                started_harness(settings, clock, shipped_bank, shipped_grader, recorder=dead.recorder)
            )

        yield start
