"""`interview-bot`: run the bot, practise in a terminal, validate and grade content, manage data."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.bank import Bank, BankError, BankSummary, Difficulty, QuestionType, check_bank, load_bank
from bot.config import DEFAULT_CONTENT_DIR, Settings, read_env_file
from bot.errors import ConfigError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-bot",
        description="A Discord bot that runs graded mock interviews on Flask.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="connect to Discord and serve the bot (the default)")
    commands.add_parser("sync", help="push the slash commands to Discord now, then exit")

    practice = commands.add_parser("practice", help="a mock interview in this terminal, no Discord needed")
    practice.add_argument("--topic", action="append", help="topic slug (repeat for several; default: mixed)")
    practice.add_argument("--difficulty", choices=[*(d.value for d in Difficulty), "adaptive"], default="adaptive")
    practice.add_argument("--questions", type=int, default=5, help="how many questions, 1 to 20 (default 5)")
    practice.add_argument("--review", action="store_true", help="ask the questions due for review instead")
    practice.add_argument("--bank", type=Path, help="bank folder (default: CONTENT_DIR)")
    practice.add_argument("--seed", type=int, help=argparse.SUPPRESS)

    validate = commands.add_parser("validate", help="check a question bank and print its counts")
    validate.add_argument("directory", nargs="?", type=Path, help="bank folder (default: CONTENT_DIR)")
    validate.add_argument("--probes", action="store_true", help="also grade every probe and name each that fails")

    grade = commands.add_parser("grade", help="grade JSON Lines answers from stdin (see content-schema)")
    grade.add_argument("--bank", type=Path, help="bank folder (default: CONTENT_DIR)")

    disputes = commands.add_parser("disputes", help="grades members flagged, for rubric authors")
    dispute_commands = disputes.add_subparsers(dest="disputes_command", metavar="ACTION", required=True)
    export = dispute_commands.add_parser(
        "export", help="write the flagged grades as JSON Lines: the grade command's input plus the dispute"
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")

    database = commands.add_parser("db", help="database maintenance")
    db_commands = database.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    backup = db_commands.add_parser("backup", help="copy the live database safely (SQLite online backup)")
    backup.add_argument("path", type=Path)
    return parser


def _content_dir(explicit: Path | None) -> Path:
    """The bank folder without requiring the rest of the settings to be valid."""
    if explicit is not None:
        return explicit
    from_file = read_env_file(Path(".env")).get("CONTENT_DIR")
    return Path(os.environ.get("CONTENT_DIR") or from_file or DEFAULT_CONTENT_DIR)


def _print_summary(summary: BankSummary, directory: Path) -> None:
    print(f"{directory}: {summary.total} questions in {len(summary.topics)} topics, no problems.")
    width = max(len(slug) for slug, _ in summary.topics)
    for slug, count in summary.topics:
        print(f"  {slug:<{width}}  {count:>4}")
    types = ", ".join(f"{summary.by_type.get(t, 0)} {t.value}" for t in QuestionType)
    levels = ", ".join(f"{summary.by_difficulty.get(d, 0)} {d.value}" for d in Difficulty)
    print(f"  by type: {types}")
    print(f"  by difficulty: {levels}")


def cmd_validate(directory: Path | None, *, probes: bool = False) -> int:
    folder = _content_dir(directory)
    bank, problems = check_bank(folder)
    if bank is None:
        for problem in problems:
            print(problem)
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{folder}: {len(problems)} {noun}; the bank was not loaded.", file=sys.stderr)
        return EXIT_FAILURE
    _print_summary(BankSummary.of(bank), folder)
    return _check_probes(bank) if probes else EXIT_OK


def _check_probes(bank: Bank) -> int:
    from bot.grading import Grader
    from bot.grading.probes import ProbeTally, grade_probes

    results = grade_probes(Grader(bank), bank)
    failing = [result for result in results if not result.holds]
    for result in failing:
        print(result.describe())
    print(f"probes: {len(results) - len(failing)} of {len(results)} hold")
    print("\n".join(ProbeTally.of(results).lines()))
    return EXIT_FAILURE if failing else EXIT_OK


def cmd_grade(directory: Path | None) -> int:
    from bot.grading import Grader
    from bot.grading.jsonl import grade_lines

    bank = load_bank(_content_dir(directory))
    errors = grade_lines(Grader(bank), bank, sys.stdin, sys.stdout)
    return EXIT_FAILURE if errors else EXIT_OK


def cmd_backup(path: Path) -> int:
    from bot.store import Database

    settings = Settings.load()

    async def backup() -> None:
        database = await Database.open(settings.database_path)
        try:
            await database.backup(path)
        finally:
            await database.close()

    asyncio.run(backup())
    print(f"Backed up {settings.database_path} to {path}")
    return EXIT_OK


def cmd_disputes_export(output: Path | None) -> int:
    from bot.disputes.export import ExportFailed, export_disputes

    settings = Settings.load()
    try:
        count = export_disputes(settings.database_path, output, sys.stdout)
    except ExportFailed as error:
        print(f"interview-bot: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if output is not None:  # on standard output, the lines are the whole output
        print(f"Wrote {count} flagged {'grade' if count == 1 else 'grades'} to {output}")
    return EXIT_OK


def cmd_run(*, sync_only: bool) -> int:
    settings = Settings.load()
    token = settings.require_token()
    # Imported only now: a missing token is reported without loading discord.py at all.
    import aiohttp
    import discord

    from bot.client import InterviewBot

    discord.utils.setup_logging(level=settings.logging_level)
    # The bot never joins voice; discord.py's start-up warning about voice libraries is noise.
    logging.getLogger("discord.client").addFilter(
        lambda record: "voice will NOT be supported" not in record.getMessage()
    )
    # The database and the bank must be good before we connect: fail fast and plainly.
    bank = load_bank(settings.content_dir)

    async def serve() -> None:
        async with InterviewBot(settings, bank=bank, sync_mode="force" if sync_only else "auto") as bot:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                # A service manager stops us with SIGTERM: close the gateway and the store
                # the same way Ctrl-C does, instead of dying mid-write.
                loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
            if sync_only:
                await bot.login(token)  # setup_hook runs here and syncs (sync_mode="force")
                return
            await bot.start(token)

    try:
        asyncio.run(serve())
    except discord.LoginFailure:
        raise ConfigError(
            "Discord rejected DISCORD_TOKEN (401 Unauthorized): reset the token on the Bot page "
            "of the Developer Portal and put the new one in .env"
        ) from None
    except (aiohttp.ClientError, OSError) as error:
        # Only logging in can fail this way: once connected, discord.py reconnects by itself.
        print(f"interview-bot: cannot reach Discord ({error}); check the network and try again", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def cmd_practice(args: argparse.Namespace) -> int:
    from bot.practice import run_practice

    return run_practice(args, content_dir=_content_dir(args.bank))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command not in (None, "run", "sync"):  # the bot sets up discord.py's own logging
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        match args.command:
            case "validate":
                return cmd_validate(args.directory, probes=args.probes)
            case "grade":
                return cmd_grade(args.bank)
            case "db":
                return cmd_backup(args.path)
            case "disputes":
                return cmd_disputes_export(args.output)
            case "practice":
                return cmd_practice(args)
            case "sync":
                return cmd_run(sync_only=True)
            case _:
                return cmd_run(sync_only=False)
    except ConfigError as error:
        print(f"interview-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"interview-bot: the question bank has {len(error.problems)} problem(s); "
            "fix them (interview-bot validate lists them)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
