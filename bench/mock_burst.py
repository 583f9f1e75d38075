"""A live round under a burst: 50 members answering within one second, against a trivial command.

Everything goes through the same Discord-side machinery as the tests
(tests/discord_harness.py): interaction payloads in through discord.py's dispatch, the
recorded HTTP calls out, the real grader and a real SQLite file with synchronous=FULL.
Per burst, each member's payload is dispatched at a random moment within one second;
its acknowledgement time is from its dispatch to its initial response (the ephemeral
"Recorded after ..." once the answer is committed). In the same run, 50 `/interview
topics` are dispatched the same way (a command that touches neither grader nor store).

Three bursts per run: open answers (modal submits), choice answers (button clicks), the
trivial command. Several runs; the figures printed are the medians over runs of each
run's p50 and p99. Not a test: it prints figures.

    python bench/mock_burst.py [--runs 5] [--members 50] [--window 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.bank import load_bank  # noqa: E402
from bot.client import InterviewBot  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.grading import Grader  # noqa: E402
from tests.discord_harness import DiscordHarness  # noqa: E402
from tests.mock.group import HOST, Group, stamp  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Stopwatch:
    """Notes when each interaction got its first response, by its token."""

    def __init__(self, harness: DiscordHarness) -> None:
        self.first: dict[str, float] = {}
        record = harness.recorder.record

        def timed(route: Any, payload: Any, files: Any) -> Any:
            if route.path.endswith("/callback"):
                token = str(route.url).split("/")[-2]
                self.first.setdefault(token, time.perf_counter())
            return record(route, payload, files)

        harness.recorder.record = timed  # type: ignore[method-assign]


async def burst(
    harness: DiscordHarness, watch: Stopwatch, payloads: list[dict[str, Any]], window: float
) -> list[float]:
    """Dispatch each payload at a random moment within ``window`` seconds; ack latencies."""
    sent: dict[str, float] = {}
    clock = SystemClock()

    async def one(payload: dict[str, Any], delay: float) -> None:
        await asyncio.sleep(delay)
        stamp(payload, clock.now())  # created_at is when Discord would have seen the answer
        sent[payload["token"]] = time.perf_counter()
        harness.bot._connection.parse_interaction_create(payload)

    baseline = set(asyncio.all_tasks())
    await asyncio.gather(*(one(p, random.uniform(0, window)) for p in payloads))
    await harness.settle(baseline)
    missing = [token for token in sent if token not in watch.first]
    if missing:
        raise RuntimeError(f"{len(missing)} interactions were never acknowledged")
    return [watch.first[token] - sent[token] for token in sent]


async def round_of_type(group: Group, number: int, want_open: bool) -> int:
    """Skip rounds (as the host) until one of the wanted type is open; returns its number."""
    for _ in range(20):
        if group.question(number).is_open == want_open:
            return number
        post = group.round_post(number)
        await group.click(f"mock:skip:{group.session_id}:{number}", post, HOST)
        await group.deliver()
        number += 1
    raise RuntimeError("no round of the wanted type came up")


async def one_run(bank: Any, grader: Any, members: int, window: float) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(None, Path(folder) / "bench.sqlite3", ROOT / "content" / "flask", None, "WARNING")
        bot = InterviewBot(settings, sync_mode="never", bank=bank, grader=grader, background_tasks=False)
        harness = DiscordHarness(bot)
        await harness.start()
        watch = Stopwatch(harness)
        group = Group(harness, SystemClock())
        figures: dict[str, list[float]] = {}
        try:
            await group.open(rounds=20, round_time=600)
            await group.deliver()
            await group.start()
            number = await round_of_type(group, 1, want_open=True)
            people = [5000 + n for n in range(members)]
            figures["open answer (modal submit)"] = await burst(
                harness, watch, await group.payloads(number, people), window
            )
            await group.click(f"mock:close:{group.session_id}:{number}", group.round_post(number), HOST)
            await group.deliver()
            reveal = group.posted(f"mock:next:{group.session_id}:{number}")
            await group.click(f"mock:next:{group.session_id}:{number}", reveal, HOST)
            await group.deliver()
            number = await round_of_type(group, number + 1, want_open=False)
            figures["choice answer (button)"] = await burst(
                harness, watch, await group.payloads(number, people), window
            )
            trivial = [harness.slash_payload("interview topics", user_id=u) for u in people]
            figures["trivial (/interview topics)"] = await burst(harness, watch, trivial, window)
            answers = await harness.bot.store.mock.answers(group.session_id)
            assert len(answers) == 2 * members, f"{len(answers)} answers recorded for {2 * members} sent"
        finally:
            await harness.stop()
        return figures


async def run(runs: int, members: int, window: float) -> None:
    bank = load_bank(ROOT / "content" / "flask")
    grader = Grader(bank)
    per_run: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        for name, values in (await one_run(bank, grader, members, window)).items():
            per_run.setdefault(name, []).append((percentile(values, 0.5), percentile(values, 0.99)))
    print(f"{members} members answering within {window:.1f} s, {runs} runs (medians of each run's p50 / p99):")
    medians: dict[str, tuple[float, float]] = {}
    for name, pairs in per_run.items():
        p50 = statistics.median(p for p, _ in pairs)
        p99 = statistics.median(p for _, p in pairs)
        medians[name] = (p50, p99)
        worst = max(p for _, p in pairs)
        print(
            f"  {name:<30} p50 {p50 * 1000:7.2f} ms   p99 {p99 * 1000:7.2f} ms   (worst run p99 {worst * 1000:.2f} ms)"
        )
    trivial = medians["trivial (/interview topics)"]
    for name, (p50, p99) in medians.items():
        if name.startswith("trivial"):
            continue
        print(f"  {name:<30} vs trivial: p50 {p50 / trivial[0]:.2f}x, p99 {p99 / trivial[1]:.2f}x")
    print("  every answer acknowledged and recorded once (checked per run); Discord allows 3000 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--window", type=float, default=1.0, help="seconds over which the burst is spread")
    args = parser.parse_args()
    asyncio.run(run(args.runs, args.members, args.window))


if __name__ == "__main__":
    main()
