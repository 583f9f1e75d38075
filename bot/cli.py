"""`interview-bot`: run the bot, practise in a terminal, validate and grade content, manage data.

Every expected failure (a bad setting, a wrong path, a locked, damaged or full database, a
broken bank) ends as one line on stderr naming what was wrong, and a non-zero status:
2 for a setting, 1 for anything else, 130 after Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sqlite3
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bot import invocation
from bot.bank import Bank, BankError, BankSummary, Difficulty, QuestionType, check_bank, load_bank
from bot.config import DEFAULT_DATABASE_PATH, Settings, content_dir, database_path
from bot.errors import ConfigError, UserFacingError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

SETTING_HELP = {
    "DISCORD_TOKEN": "the bot token (Developer Portal, Bot page)",
    "DATABASE_PATH": f"the SQLite file with scores and interviews (default {DEFAULT_DATABASE_PATH})",
    "CONTENT_DIR": "the question bank folder (default: the Flask bank installed with the package)",
    "DEV_GUILD_ID": "a server to sync slash commands to at once, while developing",
    "LOG_LEVEL": "DEBUG, INFO, WARNING, ERROR or CRITICAL (default INFO)",
    "NO_COLOR": "set to anything to turn colour off",
}
BOT_SETTINGS = ("DISCORD_TOKEN", "DATABASE_PATH", "CONTENT_DIR", "DEV_GUILD_ID", "LOG_LEVEL")


def version() -> str:
    try:
        return metadata.version("flask-interview-bot")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help may end with text computed only when help is asked for."""

    def __init__(self, *args: Any, late_epilog: Callable[[], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.late_epilog = late_epilog

    def format_help(self) -> str:
        text = super().format_help()
        return text + "\n" + self.late_epilog() + "\n" if self.late_epilog is not None else text


def _reads(*names: str) -> str:
    width = max(len(name) for name in names)
    lines = [f"  {name:<{width}}  {SETTING_HELP[name]}" for name in names]
    return "settings (from the environment, or .env in the current folder; see .env.example):\n" + "\n".join(lines)


def _topic_list() -> str:
    """The slugs --topic accepts, from the bank CONTENT_DIR names (loaded only for --help)."""
    bank, _ = check_bank(content_dir())
    if bank is None:
        return "topics: the bank could not be loaded; `interview-bot validate` says why"
    slugs = textwrap.fill(
        ", ".join(topic.slug for topic in bank.topics),
        78,
        initial_indent="  ",
        subsequent_indent="  ",
        break_on_hyphens=False,
    )
    return "topics (--topic takes a slug or title, any case, several separated by commas):\n" + slugs


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="interview-bot",
        description="A Discord bot that runs graded mock interviews on Flask, and the same interviews in a terminal.",
        epilog="Run `interview-bot COMMAND --help` for a command's options and the settings it reads.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.add_parser(
        "run",
        help="connect to Discord and serve the bot (the default)",
        description="Connect to Discord and serve the bot until stopped (Ctrl-C or SIGTERM close it cleanly).",
        epilog=_reads(*BOT_SETTINGS),
    )
    commands.add_parser(
        "sync",
        help="push the slash commands to Discord now, then exit",
        description="Register the slash commands with Discord now (globally, or in DEV_GUILD_ID), then exit.",
        epilog=_reads(*BOT_SETTINGS),
    )
    _add_practice(commands)
    topics = commands.add_parser(
        "topics",
        help="list the topics and their question counts",
        description="List the bank's topics: the slug --topic takes, the title, and questions per difficulty.",
        epilog=_reads("CONTENT_DIR"),
    )
    topics.add_argument("--bank", type=Path, help="bank folder (default: CONTENT_DIR)")
    validate = commands.add_parser(
        "validate",
        help="check a question bank and print its counts",
        description="Check a question bank: every problem as file:line: message (exit 1), or the counts (exit 0).",
        epilog=_reads("CONTENT_DIR"),
    )
    validate.add_argument("directory", nargs="?", type=Path, help="bank folder (default: CONTENT_DIR)")
    validate.add_argument("--probes", action="store_true", help="also grade every probe and name each that fails")
    grade = commands.add_parser(
        "grade",
        help="grade JSON Lines answers from stdin",
        description=(
            'Grade answers read as JSON Lines on stdin, {"question": ID, "answer": TEXT} each, and write one '
            "JSON line per input (see docs/content-guide.md). Exits 1 if any line could not be graded."
        ),
        epilog=_reads("CONTENT_DIR"),
    )
    grade.add_argument("--bank", type=Path, help="bank folder (default: CONTENT_DIR)")

    disputes = commands.add_parser(
        "disputes",
        help="grades members flagged, for rubric authors",
        description="Grades members flagged with 'Flag this grade', for rubric authors to turn into probes.",
        epilog=_reads("DATABASE_PATH"),
    )
    dispute_commands = disputes.add_subparsers(dest="disputes_command", metavar="ACTION", required=True)
    export = dispute_commands.add_parser(
        "export", help="write the flagged grades as JSON Lines: the grade command's input plus the dispute"
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    _add_db(commands)
    return parser


def _add_practice(commands: Any) -> None:
    practice = commands.add_parser(
        "practice",
        help="a mock interview in this terminal, no Discord needed",
        description=(
            "A mock interview in this terminal, graded as on Discord. An answer may span lines and\n"
            "paragraphs: end it with a line holding only '.' (or Ctrl-D). :hint, :skip and :quit\n"
            "work at any question. Ctrl-C stops at once and keeps the interview to resume later."
        ),
        epilog=_reads("DATABASE_PATH", "CONTENT_DIR", "NO_COLOR"),
        late_epilog=_topic_list,
    )
    practice.add_argument(
        "--topic", action="append", help="topic slug or title; repeat or separate with commas (default: a mix)"
    )
    practice.add_argument(
        "--difficulty",
        type=str.lower,
        choices=[*(d.value for d in Difficulty), "adaptive"],
        help="fixed difficulty, or adaptive: harder after a pass, easier after a miss (the default)",
    )
    practice.add_argument("--questions", type=int, help="how many questions, 1 to 20 (default 5)")
    practice.add_argument("--review", action="store_true", help="ask the questions due for review instead")
    practice.add_argument("--stop", action="store_true", help="end the unfinished interview and show its report")
    practice.add_argument("--bank", type=Path, help="bank folder (default: CONTENT_DIR)")
    practice.add_argument("--seed", type=int, help=argparse.SUPPRESS)


def _add_db(commands: Any) -> None:
    database = commands.add_parser(
        "db",
        help="back up or restore the database",
        description="Back up or restore the SQLite database DATABASE_PATH names.",
        epilog=_reads("DATABASE_PATH"),
    )
    db_commands = database.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=_Parser)
    backup = db_commands.add_parser(
        "backup",
        help="copy the live database safely, also while the bot runs",
        description=(
            "Copy the database with SQLite's online backup, safe while the bot runs. PATH may be a file,\n"
            "or a folder to put a dated copy in. Refuses when DATABASE_PATH names no database."
        ),
        epilog=_reads("DATABASE_PATH"),
    )
    backup.add_argument("path", type=Path, help="where to write the copy (a file, or an existing folder)")
    restore = db_commands.add_parser(
        "restore",
        help="replace the database with a backup (stop the bot first)",
        description=(
            "Replace the database with a backup made by `db backup`, after checking it. The current\n"
            "database is first saved beside it as NAME.before-restore-DATE. Stop the bot first: it keeps\n"
            "running interviews in memory. Newer migrations are applied at the bot's next start."
        ),
        epilog=_reads("DATABASE_PATH"),
    )
    restore.add_argument("backup", type=Path, help="the backup file to restore")


def _print_summary(summary: BankSummary, directory: Path) -> None:
    noun = "topic" if len(summary.topics) == 1 else "topics"
    print(f"{directory}: {summary.total} questions in {len(summary.topics)} {noun}, no problems.")
    width = max(len(slug) for slug, _ in summary.topics)
    for slug, count in summary.topics:
        print(f"  {slug:<{width}}  {count:>4}")
    types = ", ".join(f"{summary.by_type.get(t, 0)} {t.value}" for t in QuestionType)
    levels = ", ".join(f"{summary.by_difficulty.get(d, 0)} {d.value}" for d in Difficulty)
    print(f"  by type: {types}")
    print(f"  by difficulty: {levels}")


def cmd_validate(directory: Path | None, *, probes: bool = False) -> int:
    folder = content_dir(directory)
    bank, problems = check_bank(folder)
    if bank is None:
        for problem in problems:
            print(problem)
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{folder}: {len(problems)} {noun}; the bank was not loaded.", file=sys.stderr)
        return EXIT_FAILURE
    dead = _unmatchable_hints(bank)
    if dead:
        print("\n".join(dead))
        noun = "hint" if len(dead) == 1 else "hints"
        print(f"{folder}: {len(dead)} {noun} the grader can never match.", file=sys.stderr)
        return EXIT_FAILURE
    _print_summary(BankSummary.of(bank), folder)
    return _check_probes(bank) if probes else EXIT_OK


def _unmatchable_hints(bank: Bank) -> list[str]:
    """A hint of punctuation alone loads fine but never matches: the author thinks a point is
    covered that the grader cannot see."""
    from bot.grading.rubric import unmatchable_hints

    return [
        f"{question.source}: question {question.id!r}: the hint {hint!r} has no word the grader can match; "
        "write the words around it"
        for question in bank
        if question.is_open
        for hint in unmatchable_hints(question)
    ]


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


def cmd_topics(directory: Path | None) -> int:
    bank = load_bank(content_dir(directory))
    width = max(len(topic.slug) for topic in bank.topics)
    title_width = max(len(topic.title) for topic in bank.topics)
    print(f"{len(bank.topics)} topics, {len(bank)} questions:")
    for topic in bank.topics:
        counts = [sum(q.difficulty is level for q in topic.questions) for level in Difficulty]
        spread = "  ".join(f"{count:>2} {level.value}" for count, level in zip(counts, Difficulty, strict=True))
        print(f"  {topic.slug:<{width}}  {topic.title:<{title_width}}  {spread}")
    example = bank.topics[0].slug if bank.topics else "routing"
    print(f"Practise one: {invocation.command()} practice --topic {example}")
    return EXIT_OK


def cmd_grade(directory: Path | None) -> int:
    from bot.grading import Grader
    from bot.grading.jsonl import grade_lines

    bank = load_bank(content_dir(directory))
    errors = grade_lines(Grader(bank), bank, sys.stdin, sys.stdout)
    return EXIT_FAILURE if errors else EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from bot.store.backup import backup_database, restore_database

    source = database_path()
    now = datetime.now().astimezone()
    if args.db_command == "backup":
        written = backup_database(source, args.path, now=now)
        print(f"Backed up {source} to {written}")
        return EXIT_OK
    restored = restore_database(args.backup, source, now=now)
    if restored.previous_saved_to is not None:
        print(f"Saved the previous database as {restored.previous_saved_to}")
    print(f"Restored {source} from {args.backup} (schema version {restored.schema_version}).")
    return EXIT_OK


def _check_database(path: Path) -> None:
    """Open (migrating) and close the database: a bad DATABASE_PATH fails here, in one line."""
    from bot.store.problems import open_store

    async def check() -> None:
        await (await open_store(path)).close()

    asyncio.run(check())


def cmd_disputes_export(output: Path | None) -> int:
    from bot.disputes.export import ExportFailed, export_disputes

    try:
        count = export_disputes(database_path(), output, sys.stdout)
    except ExportFailed as error:
        print(f"interview-bot: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if output is not None:  # on standard output, the lines are the whole output
        print(f"Wrote {count} flagged {'grade' if count == 1 else 'grades'} to {output}")
    return EXIT_OK


def cmd_run(*, sync_only: bool) -> int:
    settings = Settings.load()
    token = settings.require_token(invocation.command())
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
    _check_database(settings.database_path)
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
        # Only logging in can fail this way (the database was checked above): once connected,
        # discord.py reconnects by itself.
        print(f"interview-bot: cannot reach Discord ({error}); check the network and try again", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def cmd_practice(args: argparse.Namespace) -> int:
    from bot.practice import run_practice

    return run_practice(args, content_dir=content_dir(args.bank), database=database_path())


def _dispatch(args: argparse.Namespace) -> int:
    match args.command:
        case "validate":
            return cmd_validate(args.directory, probes=args.probes)
        case "topics":
            return cmd_topics(args.bank)
        case "grade":
            return cmd_grade(args.bank)
        case "db":
            return cmd_db(args)
        case "disputes":
            return cmd_disputes_export(args.output)
        case "practice":
            return cmd_practice(args)
        case "sync":
            return cmd_run(sync_only=True)
        case _:
            return cmd_run(sync_only=False)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command not in (None, "run", "sync"):  # the bot sets up discord.py's own logging
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _dispatch(args)
    except ConfigError as error:
        print(f"interview-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    except UserFacingError as error:
        print(f"interview-bot: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"interview-bot: the question bank has {len(error.problems)} problem(s); "
            f"fix them ({invocation.command()} validate lists them)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the line the ^C was echoed on
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (OSError, sqlite3.Error) as error:
        # The last net: a failure no command anticipated still reads as one line, not a
        # traceback; the specific cases above say more.
        detail = f"{error.strerror}: {error.filename}" if isinstance(error, OSError) and error.filename else error
        print(f"interview-bot: {detail}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
