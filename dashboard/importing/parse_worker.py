"""Warm child processes that read uploaded files, so a native crash or a runaway file loses one upload, not the server."""

from __future__ import annotations

import logging
import multiprocessing
import queue
import resource
import sys
import threading
import traceback
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Literal, TypeVar

from dashboard.settings import Settings, get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")
# Forkserver: children fork from a clean, single-threaded server, never from the Streamlit server's threads.
START_METHOD = "forkserver"
# Modules every job needs, imported when a child starts so the first upload does not wait for them.
WARM_MODULES = (
    "dashboard.importing.importer",
    "dashboard.importing.upload_preview",
    "openpyxl",
    "python_calamine",
)


class WorkerLost(Exception):
    """The child died (a native crash, the memory limit) or ran out of time; it has been replaced."""

    def __init__(self, reason: Literal["crashed", "timeout"], detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class WorkerJobError(Exception):
    """The job raised in the child; the child's traceback is the message (exceptions need not pickle)."""


def _limit_memory(memory_bytes: int) -> None:
    """Cap the child's address space: an allocation past it fails in the child instead of swapping the server."""
    if memory_bytes > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(conn: Connection, memory_bytes: int) -> None:
    """The child's loop: run each (job, args) received and send back ("ok", value) or ("error", traceback)."""
    for name in WARM_MODULES:
        __import__(name)
    _limit_memory(memory_bytes)  # only here, in the child: the server keeps its own limits
    while True:
        try:
            job, args = conn.recv()
        except EOFError:  # the server closed the pipe: it is shutting down
            return
        except Exception:  # a job or argument this child cannot unpickle (e.g. a module it cannot import)
            conn.send(("error", traceback.format_exc()))
            continue
        try:
            conn.send(("ok", job(*args)))
        except MemoryError:  # the heap may be in a bad state: report, then let the server start a fresh child
            conn.send(("retired", traceback.format_exc()))
            return
        except Exception:
            conn.send(("error", traceback.format_exc()))


_main_lock = threading.Lock()


@contextmanager
def _neutral_main() -> Iterator[None]:
    """Hide the running page from a starting child.

    Streamlit (and AppTest) run each page as the `__main__` module; multiprocessing re-runs `__main__`'s file in
    every spawned or forkserver child, which would run the page there. An empty `__main__` during the start
    makes the child import only what the job needs.
    """
    with _main_lock:
        page = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = page


class _Child:
    """One warm child process and the server's end of its pipe."""

    def __init__(self, context: Any, memory_bytes: int) -> None:
        self._context = context
        self._memory_bytes = memory_bytes
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None

    def start(self) -> None:
        here, there = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(there, self._memory_bytes), daemon=True, name="ioc-parse-worker"
        )
        with _neutral_main():
            process.start()
        there.close()
        self.process, self.conn = process, here

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def stop(self) -> int | None:
        """Kill the child (if still running) and return its exit code (negative: the signal that ended it)."""
        if self.conn is not None:
            self.conn.close()
        if self.process is None:
            return None
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        code = self.process.exitcode
        self.process.close()
        self.process, self.conn = None, None
        return code

    def call(self, job: Callable[..., T], args: tuple[object, ...], timeout_s: float) -> T:
        """Run the job in the child; WorkerLost (child replaced) if it dies or overruns."""
        if not self.alive():  # died while idle (e.g. killed by the system): start a fresh one first
            self.stop()
            self.start()
        assert self.conn is not None
        try:
            self.conn.send((job, args))
            ready = self.conn.poll(timeout_s)
            if not ready:
                raise WorkerLost("timeout", f"no answer within {timeout_s:g} s")
            kind, value = self.conn.recv()
        except WorkerLost as lost:
            self.stop()
            self.start()
            log.warning("parse worker stopped (%s); a new one started", lost)
            raise
        except (EOFError, OSError) as exc:
            code = self.stop()
            self.start()
            log.warning("parse worker died with exit code %s; a new one started", code)
            raise WorkerLost("crashed", f"exit code {code}") from exc
        if kind == "retired":  # the child is exiting after this job: replace it before the next one
            self.stop()
            self.start()
        if kind != "ok":
            raise WorkerJobError(value)
        return value  # type: ignore[no-any-return]


class WorkerPool:
    """A few warm child processes; each job runs in one of them with a memory cap and a time limit."""

    def __init__(self, *, size: int = 1, memory_mb: float = 2048, timeout_s: float = 300) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        context = multiprocessing.get_context(START_METHOD)
        # The fork server imports these once; each new child forks from it ready, so a replacement is quick.
        context.set_forkserver_preload(list(WARM_MODULES))
        self._children = [_Child(context, int(memory_mb * 1024 * 1024)) for _ in range(max(1, size))]
        self._idle: queue.Queue[_Child] = queue.Queue()
        for child in self._children:
            child.start()
            self._idle.put(child)

    def run(self, job: Callable[..., T], *args: object, timeout_s: float | None = None) -> T:
        """The job's return value, computed in a child (job and arguments must pickle, as must the value)."""
        child = self._idle.get()
        try:
            return child.call(job, args, self.timeout_s if timeout_s is None else timeout_s)
        finally:
            self._idle.put(child)

    def close(self) -> None:
        """Stop every child (waiting for jobs under way to finish)."""
        for _ in self._children:
            self._idle.get().stop()


_pool: WorkerPool | None = None
_pool_key: tuple[int, float, float] | None = None
_pool_lock = threading.Lock()


def get_pool(settings: Settings | None = None) -> WorkerPool:
    """The server's pool, started on first use and kept warm across uploads (a new one if the settings change)."""
    global _pool, _pool_key
    settings = settings or get_settings()
    key = (settings.parse_workers, settings.parse_worker_memory_mb, settings.parse_worker_timeout_s)
    with _pool_lock:
        if _pool is None or _pool_key != key:
            old = _pool
            _pool = WorkerPool(size=key[0], memory_mb=key[1], timeout_s=key[2])
            _pool_key = key
            if old is not None:
                old.close()
        return _pool
