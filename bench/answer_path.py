"""Is grading and recording what a member waits for? The answer path against a trivial command.

Both go through the same Discord-side machinery as the tests (tests/discord_harness.py):
a modal-submit payload in, the feedback callback out, with the real grader and a real
SQLite file; and `/interview topics`, which touches neither. Prints medians, p99s and
their ratio. The issue's aim: the answer path at most 1.5x the trivial command.

    python bench/answer_path.py [--answers 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.bank import load_bank  # noqa: E402
from bot.client import InterviewBot  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.discord_harness import DiscordHarness, only  # noqa: E402

ANSWER = (
    "Flask keeps it in a cookie signed with the SECRET_KEY, so the client can read it but not change it. "
    "Use the application factory and blueprints, register extensions with init_app, and keep config in "
    "environment variables. For databases I'd use Flask-SQLAlchemy with a session per request."
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def run(answers: int) -> None:
    bank = load_bank(ROOT / "content" / "flask")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(None, Path(folder) / "bench.sqlite3", ROOT / "content" / "flask", None, "WARNING")
        harness = DiscordHarness(InterviewBot(settings, sync_mode="never", bank=bank, background_tasks=False))
        await harness.start()
        answer_times: list[float] = []
        trivial_times: list[float] = []
        call = None
        while len(answer_times) < answers:
            if call is None or not call.custom_ids():
                call = only(await harness.slash("interview start", questions=20))
            ids = call.custom_ids()
            answer_id = next((i for i in ids if i.startswith("interview:answer:")), None)
            if answer_id is None:  # a choice question: pick the first option, untimed
                feedback = only(await harness.click(ids[0], message=harness.message_payload(call)))
            else:
                modal = only(await harness.click(answer_id, message=harness.message_payload(call)))
                started = time.perf_counter()
                feedback = only(await harness.submit_modal(modal, [ANSWER]))
                answer_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                only(await harness.slash("interview topics"))
                trivial_times.append(time.perf_counter() - started)
            next_id = next(i for i in feedback.custom_ids() if i.startswith("interview:next:"))
            call = only(await harness.click(next_id, message=harness.message_payload(feedback)))
        await harness.stop()

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<34} median {statistics.median(values) * 1000:6.2f} ms   "
            f"p99 {percentile(values, 0.99) * 1000:6.2f} ms   (n={len(values)})"
        )

    print(line("answer (modal submit -> feedback)", answer_times))
    print(line("trivial (/interview topics)", trivial_times))
    print(
        f"ratio median {statistics.median(answer_times) / statistics.median(trivial_times):.2f}x, "
        f"p99 {percentile(answer_times, 0.99) / percentile(trivial_times, 0.99):.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300)
    asyncio.run(run(parser.parse_args().answers))


if __name__ == "__main__":
    main()
