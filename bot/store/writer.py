"""The one write path: a dedicated thread and connection that commits concurrent writes together.

Every write is a plain function ``fn(tx) -> T`` run on the writer thread. Writes that
arrive while the thread is busy wait in a queue; the thread then takes all of them as one
batch: ``BEGIN IMMEDIATE``, a ``SAVEPOINT`` per write, one ``COMMIT`` and so one fsync for
the whole batch (group commit). A write that raises is rolled back to its savepoint alone
and its caller gets that error; the others commit. When the COMMIT itself fails every
caller in the batch gets ``CommitFailed``: none of them is told their write was recorded.

A caller's ``await writer.write(fn)`` returns only after the COMMIT that holds its write,
so "returned" means "durable" (``synchronous=FULL``). Because ``fn`` does its reads and
writes in one hop to this thread, a whole answer (read the review card, insert the
attempt, save the state, upsert the card) costs one thread switch instead of one per
statement. The writer uses only the public ``sqlite3`` API, on a connection of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any]
MAX_BATCH = 256  # writes per transaction: bounds how long one COMMIT makes a caller wait


class CommitFailed(Exception):
    """The transaction holding this write did not commit; nothing of it was recorded."""


class WriterClosed(Exception):
    """The writer was closed before this write could run."""


class Transaction:
    """Statements inside the writer's open transaction (synchronous: this is the writer thread)."""

    __slots__ = ("_connection",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the last inserted rowid (0 when none)."""
        return self._connection.execute(sql, params).lastrowid or 0

    def execute_rowcount(self, sql: str, params: Params = ()) -> int:
        return self._connection.execute(sql, params).rowcount

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        self._connection.executemany(sql, rows)

    def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._connection.execute(sql, params).fetchone()
        return row

    def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return list(self._connection.execute(sql, params).fetchall())


WriteFn = Callable[[Transaction], T]


@dataclass(slots=True)
class _Job(Generic[T]):
    fn: WriteFn[T]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[T]
    result: Any = None
    error: BaseException | None = field(default=None)


_STOP = object()


def _settle(job: _Job[Any]) -> None:
    """Runs on the event loop: hand the outcome to the awaiting caller (if it still waits)."""
    if job.future.done():  # the caller was cancelled; the write's fate is in the database
        return
    if job.error is not None:
        job.future.set_exception(job.error)
    else:
        job.future.set_result(job.result)


class Writer:
    """Owns the write connection and the thread that uses it."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._queue: queue.SimpleQueue[_Job[Any] | object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self._closed = False
        self.batches = 0  # transactions committed or attempted, for tests and benchmarks
        self.writes = 0

    async def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sqlite-writer", daemon=True)
        self._thread.start()
        await asyncio.to_thread(self._ready.wait)
        if self._startup_error is not None:
            await asyncio.to_thread(self._thread.join)
            raise self._startup_error

    async def write(self, fn: WriteFn[T]) -> T:
        """Run ``fn`` in the next group transaction; return its result once committed."""
        if self._closed:
            raise WriterClosed("the database is closed")
        loop = asyncio.get_running_loop()
        job: _Job[T] = _Job(fn, loop, loop.create_future())
        self._queue.put(job)
        return await job.future

    async def close(self) -> None:
        """Finish every write already queued, then close the connection."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)

    # -- the writer thread ----------------------------------------------------------------

    def _run(self) -> None:
        try:
            connection = self._connect()
        except BaseException as error:  # noqa: BLE001 - handed to start()'s caller
            self._startup_error = error
            self._ready.set()
            return
        self._ready.set()
        try:
            while True:
                item = self._queue.get()
                stop = item is _STOP
                batch: list[_Job[Any]] = [] if stop else [item]  # type: ignore[list-item]
                while len(batch) < MAX_BATCH:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is _STOP:
                        stop = True
                        continue
                    batch.append(more)  # type: ignore[arg-type]
                if batch:
                    self._commit(connection, batch)
                if stop:
                    break
        finally:
            connection.close()
            self._fail_leftovers()

    def _commit(self, connection: sqlite3.Connection, batch: list[_Job[Any]]) -> None:
        self.batches += 1
        self.writes += len(batch)
        tx = Transaction(connection)
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:  # another process holds the lock past the busy timeout
            for job in batch:
                job.error = CommitFailed(f"could not start a transaction: {error}")
            self._hand_back(batch)
            return
        try:
            for job in batch:
                self._run_one(connection, tx, job)
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            # COMMIT failed (disk full, I/O error), or an error aborted the whole transaction.
            log.error("A group commit of %d writes failed: %s", len(batch), error)
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            for job in batch:
                if job.error is None:
                    job.error = CommitFailed(str(error))
        self._hand_back(batch)

    @staticmethod
    def _run_one(connection: sqlite3.Connection, tx: Transaction, job: _Job[Any]) -> None:
        connection.execute("SAVEPOINT write")
        try:
            job.result = job.fn(tx)
        except BaseException as error:  # noqa: BLE001 - this write alone is undone
            job.error = error
            connection.execute("ROLLBACK TO write")
        connection.execute("RELEASE write")

    @staticmethod
    def _hand_back(batch: list[_Job[Any]]) -> None:
        for job in batch:
            with contextlib.suppress(RuntimeError):  # the caller's loop is closed: nobody waits
                job.loop.call_soon_threadsafe(_settle, job)

    def _fail_leftovers(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Job):
                item.error = WriterClosed("the database closed before this write ran")
                self._hand_back([item])
