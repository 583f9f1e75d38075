"""What went wrong with a database file, in one line a person can act on.

SQLite and the operating system report a wrong ``DATABASE_PATH``, a missing permission, a
full disk, a locked or a damaged file as exceptions whose text names neither the file nor
the fix. The commands turn them into ``DatabaseUnavailable`` here, once, instead of
letting a traceback reach someone who only mistyped a path.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import UserFacingError
from bot.store import SqliteStore

# The phrases SQLite puts in its messages; its result codes are not exposed on every
# Python we support (sqlite_errorcode arrived in 3.11 but not for every error path).
_SQLITE_CAUSES = (
    (("locked", "busy"), "is locked by another program; stop it (or wait for it) and try again"),
    (("disk is full",), "cannot grow: the disk is full; free some space and try again"),
    (
        ("not a database", "malformed", "corrupt"),
        "is not a usable SQLite database (damaged, or another kind of file); point DATABASE_PATH at "
        "the right file, or restore a backup with `interview-bot db restore`",
    ),
    (("readonly", "read-only"), "is read-only for this user; fix its permissions (and its folder's)"),
    (("unable to open",), "cannot be opened; check that its folder exists and that this user may write there"),
    (("disk i/o",), "could not be read or written: the disk reported an I/O error"),
)
_OS_CAUSES = {
    errno.ENOSPC: "cannot be written: the disk is full; free some space and try again",
    errno.EACCES: "is not accessible to this user (permission denied); fix the permissions or pick another path",
    errno.EPERM: "is not accessible to this user (operation not permitted); pick another path",
    errno.EROFS: "is on a read-only file system; pick a writable path",
    errno.ENOENT: "has a folder that does not exist and cannot be created; check the path",
    errno.ENOTDIR: "goes through a file as if it were a folder; check the path",
    errno.EEXIST: "goes through a file as if it were a folder; check the path",  # mkdir over a file
    errno.EISDIR: "is a folder; give a file path",
}


class DatabaseUnavailable(UserFacingError):
    """The database file cannot be used; the message names the file and what to do."""


def explain(error: BaseException, path: Path, *, what: str = "the database") -> str:
    """``error`` (from sqlite3 or the OS) as one sentence about ``path``."""
    if isinstance(error, sqlite3.Error):
        text = str(error).lower()
        for phrases, cause in _SQLITE_CAUSES:
            if any(phrase in text for phrase in phrases):
                return f"{what} {path} {cause}"
        return f"{what} {path} failed: {error}"
    if isinstance(error, OSError):
        known = _OS_CAUSES.get(error.errno or 0)
        if known is not None:
            return f"{what} {path} {known}"
        return f"{what} {path}: {error.strerror or error}"
    return f"{what} {path}: {error}"


@contextmanager
def reported(path: Path, *, what: str = "the database") -> Iterator[None]:
    """Turn SQLite's errors inside the block (a full disk mid-write, a lock) into one line."""
    try:
        yield
    except sqlite3.Error as error:
        raise DatabaseUnavailable(explain(error, path, what=what)) from error


def check_location(path: Path) -> None:
    """Refuse a folder, and create the parent folder, before SQLite says something vaguer."""
    if path.is_dir():
        raise DatabaseUnavailable(
            f"DATABASE_PATH points at a folder ({path}); give a file path such as {path / 'interview-bot.sqlite3'}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(explain(error, path)) from error


async def open_store(path: Path) -> SqliteStore:
    """``SqliteStore.open`` for commands: every expected failure is a ``DatabaseUnavailable``."""
    check_location(path)
    try:
        return await SqliteStore.open(path)
    except (sqlite3.Error, OSError) as error:
        raise DatabaseUnavailable(explain(error, path)) from error
