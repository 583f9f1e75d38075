"""Many members answering in the same second: the answer path against a trivial command.

N members each submit an open answer (modal submit -> graded, recorded, feedback) with
all N interactions in flight at once, through discord.py's own dispatch and the recorded
HTTP of tests/discord_harness.py; then the same N members run `/interview topics`, which
touches neither the grader nor the database, through the same machinery in the same run.
Latency is from the moment the burst was handed to discord.py to the moment each
member's own reply reached "Discord". Prints p50 and p99 per level and their ratios,
a burst of 200 answers (all acknowledged? all recorded?), and the garbage collector's
full-collection pauses during the bursts. Figures, not a pass/fail test.

    python bench/concurrent_answers.py [--runs 5] [--levels 1,10,50] [--burst 200] [--rtt-ms 0]

With ``--rtt-ms 0`` (the default) nothing stands for the network: both paths are pure
bot-side work, the harshest comparison. ``--rtt-ms 40`` gives every call to Discord a
40 ms trip, as the issue's own figures (a fake Discord over HTTP) had.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_path import ANSWER, percentile  # noqa: E402
from bot.bank import load_bank  # noqa: E402
from bot.client import InterviewBot  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.grading import Grader  # noqa: E402
from tests.discord_harness import Call, DiscordHarness, only  # noqa: E402

MEMBER_BASE = 7_000_000


class GcPauses:
    """Durations of full (generation 2) collections while installed."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


async def open_question(harness: DiscordHarness, member: int, call: Call | None) -> Call:
    """Move ``member``'s interview to an open question with its modal opened; returns the modal call."""
    while True:
        if call is None or not call.custom_ids():
            call = only(await harness.slash("interview start", questions=20, user_id=member))
        ids = call.custom_ids()
        answer_id = next((i for i in ids if i.startswith("interview:answer:")), None)
        if answer_id is not None:
            return only(await harness.click(answer_id, message=harness.message_payload(call), user_id=member))
        if ids and ids[0].startswith("interview:next:"):
            call = only(await harness.click(ids[0], message=harness.message_payload(call), user_id=member))
            continue
        feedback = only(await harness.click(ids[0], message=harness.message_payload(call), user_id=member))
        next_id = next(i for i in feedback.custom_ids() if i.startswith("interview:next:"))
        call = only(await harness.click(next_id, message=harness.message_payload(feedback), user_id=member))


async def timed_burst(harness: DiscordHarness, payloads: list[dict]) -> tuple[list[float], list[list[Call]]]:
    started = time.perf_counter()
    replies = await harness.together(payloads)
    latencies = []
    for calls in replies:
        first = next((c for c in calls if c.path.endswith("/callback")), None)
        latencies.append((first.at - started) if first else float("inf"))
    return latencies, replies


async def level(harness: DiscordHarness, members: int, rounds: int, feedback: dict[int, Call | None]) -> dict:
    answers: list[float] = []
    trivial: list[float] = []
    for _ in range(rounds):
        ids = [MEMBER_BASE + n for n in range(members)]
        modals = [await open_question(harness, member, feedback.get(member)) for member in ids]
        payloads = [harness.modal_payload(m, [ANSWER], user_id=u) for m, u in zip(modals, ids, strict=True)]
        times, replies = await timed_burst(harness, payloads)
        answers += times
        for member, calls in zip(ids, replies, strict=True):
            shown = [c for c in calls if c.path.endswith("/callback")]
            next_id = (
                next((i for i in shown[0].custom_ids() if i.startswith("interview:next:")), None) if shown else None
            )
            feedback[member] = (
                only(await harness.click(next_id, message=harness.message_payload(shown[0]), user_id=member))
                if next_id
                else None
            )
        times, _ = await timed_burst(harness, [harness.slash_payload("interview topics", user_id=u) for u in ids])
        trivial += times
    return {"answers": answers, "trivial": trivial}


async def run(runs: int, levels: list[int], burst: int, rtt: float) -> None:
    bank = load_bank(ROOT / "content" / "flask")
    grader = Grader(bank)
    results: dict[int, list[dict]] = {n: [] for n in levels}
    pauses = GcPauses()
    burst_figures = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(None, Path(folder) / "bench.sqlite3", ROOT / "content" / "flask", None, "WARNING")
            bot = InterviewBot(settings, sync_mode="never", bank=bank, grader=grader, background_tasks=False)
            harness = DiscordHarness(bot)
            harness.recorder.rtt = rtt
            await harness.start()
            feedback: dict[int, Call | None] = {}
            with pauses:
                for members in levels:
                    results[members].append(await level(harness, members, max(2, 60 // members), feedback))
                ids = [MEMBER_BASE + 100_000 + n for n in range(burst)]
                modals = [await open_question(harness, member, None) for member in ids]
                payloads = [harness.modal_payload(m, [ANSWER], user_id=u) for m, u in zip(modals, ids, strict=True)]
                before = (await bot.store.db.fetch_one("SELECT COUNT(*) AS n FROM attempts"))["n"]
                times, _ = await timed_burst(harness, payloads)
                after = (await bot.store.db.fetch_one("SELECT COUNT(*) AS n FROM attempts"))["n"]
                burst_figures.append((times, after - before, bot.store.db.writer.batches))
            await harness.stop()

    print(
        f"{runs} runs, simulated trip to Discord {rtt * 1000:.0f} ms; medians of each run's p50/p99 (ms);"
        " ratio = answer / trivial in the same run"
    )
    print(f"{'members':>8} {'answer p50':>11} {'p99':>8} {'trivial p50':>12} {'p99':>8} {'ratio p50':>10} {'p99':>6}")
    for members in levels:
        rows = results[members]

        def med(key: str, fraction: float, rows: list[dict] = rows) -> float:
            return statistics.median(percentile(r[key], fraction) for r in rows) * 1000

        ratios50 = statistics.median(percentile(r["answers"], 0.5) / percentile(r["trivial"], 0.5) for r in rows)
        ratios99 = statistics.median(percentile(r["answers"], 0.99) / percentile(r["trivial"], 0.99) for r in rows)
        print(
            f"{members:>8} {med('answers', 0.5):>11.2f} {med('answers', 0.99):>8.2f} "
            f"{med('trivial', 0.5):>12.2f} {med('trivial', 0.99):>8.2f} {ratios50:>9.2f}x {ratios99:>5.2f}x"
        )
    acked = [sum(t != float("inf") for t in times) for times, _, _ in burst_figures]
    recorded = [count for _, count, _ in burst_figures]
    p99s = [percentile(times, 0.99) * 1000 for times, _, _ in burst_figures]
    print(
        f"burst of {burst}: acknowledged {min(acked)}-{max(acked)}, recorded {min(recorded)}-{max(recorded)}, "
        f"p99 median {statistics.median(p99s):.1f} ms (max {max(p99s):.1f} ms; Discord allows 3000 ms)"
    )
    if pauses.pauses:
        print(
            f"full GC pauses during the bursts: {len(pauses.pauses)}, "
            f"median {statistics.median(pauses.pauses) * 1000:.1f} ms, max {max(pauses.pauses) * 1000:.1f} ms"
        )
    else:
        print("full GC pauses during the bursts: none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--rtt-ms", type=float, default=0.0)
    args = parser.parse_args()
    asyncio.run(run(args.runs, [int(n) for n in args.levels.split(",")], args.burst, args.rtt_ms / 1000))


if __name__ == "__main__":
    main()
