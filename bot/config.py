"""Settings, read once from the environment and an optional ``.env`` file, checked up front.

A bad setting is a ``ConfigError`` whose message names the variable and the fix; the
CLI prints that one line and exits non-zero. The token is kept out of ``repr`` so that
it never reaches a log or a traceback.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError

DEFAULT_DATABASE_PATH = "data/interview-bot.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")
# A bot token is three base64url parts joined by dots; checking the shape catches a
# pasted client secret or application id before Discord rejects the login.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


def missing_token(command: str = "interview-bot") -> str:
    """What to do without a token; ``command`` is how the user can run us (bot.invocation)."""
    return (
        "DISCORD_TOKEN is not set: copy .env.example to .env and put your bot token there "
        f"(or export DISCORD_TOKEN=...). To try an interview without Discord, run: {command} practice"
    )


def shipped_content_dir() -> Path:
    """The Flask bank that comes with the package, wherever the command is run from.

    An installed wheel carries it as ``bot/shipped_bank/*.yaml`` (pyproject.toml maps that
    package onto content/flask); a checkout or an editable install reads content/flask
    itself, so an author's edits take effect without reinstalling.
    """
    package = Path(__file__).resolve().parent
    installed = package / "shipped_bank"
    if any(installed.glob("*.yaml")):
        return installed
    return package.parent / "content" / "flask"


def read_env_file(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; '#' comments, blank lines, 'export' and quotes are allowed."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return values
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENV_LINE.match(raw)
        if match is None:
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        key, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def setting(name: str, env_file: Path = Path(".env")) -> str | None:
    """One setting, environment first, without checking the others.

    The offline commands (practice, validate, grade, db) need one or two settings and must
    not refuse to run over, say, a malformed DISCORD_TOKEN they never use.
    """
    value = (os.environ.get(name) or read_env_file(env_file).get(name) or "").strip()
    return value or None


def database_path() -> Path:
    return Path(setting("DATABASE_PATH") or DEFAULT_DATABASE_PATH)


def content_dir(explicit: Path | None = None) -> Path:
    """The bank folder: the command's own option, else CONTENT_DIR, else the shipped bank."""
    if explicit is not None:
        return explicit
    configured = setting("CONTENT_DIR")
    return Path(configured) if configured else shipped_content_dir()


@dataclass(frozen=True, slots=True)
class Settings:
    discord_token: str | None = field(repr=False)
    database_path: Path
    content_dir: Path
    dev_guild_id: int | None
    log_level: str

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        """The real environment wins over ``.env``, as every twelve-factor tool does."""
        merged = dict(read_env_file(env_file)) if env_file is not None else {}
        merged.update(os.environ if environ is None else environ)

        def get(name: str) -> str | None:
            value = merged.get(name, "").strip()
            return value or None

        token = get("DISCORD_TOKEN")
        if token is not None and not _TOKEN_SHAPE.match(token):
            raise ConfigError(
                "DISCORD_TOKEN does not look like a bot token (three parts separated by dots); "
                "copy it from the Bot page of your application in the Discord Developer Portal"
            )
        dev_guild = get("DEV_GUILD_ID")
        if dev_guild is not None and not (dev_guild.isdigit() and 15 <= len(dev_guild) <= 20):
            raise ConfigError(
                f"DEV_GUILD_ID must be a server id (a number of 17 to 20 digits), got {dev_guild!r}; "
                "enable Developer Mode in Discord and use 'Copy Server ID', or leave it empty"
            )
        level = (get("LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}")
        database_path = Path(get("DATABASE_PATH") or DEFAULT_DATABASE_PATH)
        if database_path.exists() and database_path.is_dir():
            raise ConfigError(f"DATABASE_PATH points at a folder ({database_path}); give a file path")
        return cls(
            discord_token=token,
            database_path=database_path,
            content_dir=Path(bank) if (bank := get("CONTENT_DIR")) else shipped_content_dir(),
            dev_guild_id=int(dev_guild) if dev_guild else None,
            log_level=level,
        )

    def require_token(self, command: str = "interview-bot") -> str:
        if self.discord_token is None:
            raise ConfigError(missing_token(command))
        return self.discord_token

    @property
    def logging_level(self) -> int:
        level: int = logging.getLevelNamesMapping()[self.log_level]
        return level
