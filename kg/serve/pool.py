"""The worker pool of ``kg serve``: worker processes that each hold the store open read-only,
and the admission control that decides which request runs where, and when to say "busy".

Why processes: a SPARQL engine cannot be interrupted from outside, but a process can be
killed, and its memory capped. Why a fresh interpreter (``python -m kg.serve.worker``) rather
than multiprocessing: forking a threaded server is unsafe, and multiprocessing's "spawn"
re-runs the caller's main script, which breaks scripts without a ``__main__`` guard.

Admission: ``size`` general workers run any query up to the time limit; ``reserve`` more
workers (default 1) take a query only when every general worker is busy, and stop it after
``light_seconds`` (the query then waits for a general worker with the time it has left), so
two heavy queries cannot make every other client wait. At most ``max_waiting`` requests wait
for a worker; the next one is answered 503 at once (``Retry-After``) rather than queued
without end. A worker that overruns its time, runs out of memory or crashes is killed and
replaced in the background.

Reads nothing itself (the workers read the store); writes nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import InputError

DEFAULT_WORKERS = 2
DEFAULT_RESERVE = 1
DEFAULT_LIGHT_SECONDS = 1.0
DEFAULT_MAX_WAITING = 64
DEFAULT_MEMORY_MB = 512
RETRY_AFTER = "2"


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_answer(status: int, message: str, headers: dict[str, str] | None = None) -> Answer:
    """A plain-text answer (errors, usage)."""
    body = (message + "\n").encode("utf-8")
    return Answer(status, "text/plain; charset=utf-8", body, dict(headers or {}))


class _Worker:
    """One worker process talking over two pipes."""

    def __init__(
        self, store_dir: str, prefixes: dict[str, str], memory: bool, memory_mb: int, lane: str
    ) -> None:
        self.lane = lane  # "general" or "reserve"
        self.isolated = False
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        where = "memory" if memory else "disk"
        args = [str(to_child_r), str(from_child_w), store_dir, json.dumps(prefixes), where]
        env = dict(os.environ, RUST_BACKTRACE="0")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.worker", *args, str(memory_mb)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # an engine abort prints a backtrace: the pool reports
                env=env,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.tx = Connection(to_child_w, readable=False)
        self.rx = Connection(from_child_r, writable=False)

    def wait_ready(self, timeout: float) -> str | None:
        """None when the worker is ready, else why it is not."""
        try:
            if self.rx.poll(timeout):
                msg = self.rx.recv()
                if msg[0] == "ready":
                    self.isolated = bool(msg[1])
                    return None
                return str(msg[1])
        except (EOFError, OSError) as exc:
            return f"the worker process ended ({exc})"
        return "the worker process did not start in time"

    def ended_by_memory(self) -> bool:
        """Whether the (ended) process died the way an allocation past its cap ends it."""
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            return False
        return code in (-signal.SIGABRT, -signal.SIGKILL, 134, 137)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.tx.close()
        self.rx.close()


class QueryPool:
    """Worker processes and the admission control in front of them (see the module doc)."""

    def __init__(
        self,
        store_dir: str | Path,
        size: int = DEFAULT_WORKERS,
        memory: bool = False,
        memory_mb: int = DEFAULT_MEMORY_MB,
        reserve: int = DEFAULT_RESERVE,
        light_seconds: float = DEFAULT_LIGHT_SECONDS,
        max_waiting: int = DEFAULT_MAX_WAITING,
    ) -> None:
        from kg.query import PREFIXES

        if size < 1:
            raise InputError("--workers: give at least 1")
        if memory_mb < 0:
            raise InputError("--max-memory: give 0 (no cap) or more megabytes")
        self._store_dir = str(store_dir)
        self.memory = memory  # each worker answers from an in-memory copy
        self.memory_mb = memory_mb
        self.light_seconds = light_seconds
        self.max_waiting = max_waiting
        # a worker copying a large store into memory needs longer to be ready
        self._ready_seconds = 900 if memory else 60
        self._prefixes = {k: str(v) for k, v in PREFIXES.items()}
        self._idle: dict[str, list[_Worker]] = {"general": [], "reserve": []}
        self._live: set[_Worker] = set()
        self._cond = threading.Condition()
        self._waiting = 0
        self._closed = False
        self.isolated = True  # every worker is cut off from the network
        started = [self._spawn("general") for _ in range(size)]
        started += [self._spawn("reserve") for _ in range(max(reserve, 0))]
        for w in started:
            problem = w.wait_ready(self._ready_seconds)
            if problem is not None:
                self.close()
                raise InputError(f"{store_dir}: the store could not be opened ({problem})")
            self.isolated = self.isolated and w.isolated
            self._idle[w.lane].append(w)

    def _spawn(self, lane: str) -> _Worker:
        w = _Worker(self._store_dir, self._prefixes, self.memory, self.memory_mb, lane)
        with self._cond:
            self._live.add(w)
        return w

    def _release(self, w: _Worker) -> None:
        with self._cond:
            self._idle[w.lane].append(w)
            self._cond.notify_all()

    def _retire(self, w: _Worker) -> None:
        with self._cond:
            self._live.discard(w)
        w.kill()
        if not self._closed:
            threading.Thread(target=self._replace, args=(w.lane,), daemon=True).start()

    def _replace(self, lane: str) -> None:
        w = self._spawn(lane)
        if w.wait_ready(self._ready_seconds) is None and not self._closed:
            self._release(w)
        else:
            with self._cond:
                self._live.discard(w)
            w.kill()

    def _acquire(
        self, wait: float, lanes: tuple[str, ...] = ("general", "reserve")
    ) -> _Worker | Answer:
        """A free worker of ``lanes`` (in that order), or a 503 answer."""
        busy = text_answer(
            503,
            "the endpoint is busy: every query worker is taken and other requests are "
            "waiting; try again in a few seconds",
            {"Retry-After": RETRY_AFTER},
        )
        deadline = time.monotonic() + wait
        with self._cond:
            if self._waiting >= self.max_waiting:
                return busy
            self._waiting += 1
            try:
                while True:
                    for lane in lanes:
                        if self._idle[lane]:
                            return self._idle[lane].pop()
                    left = deadline - time.monotonic()
                    if left <= 0 or self._closed:
                        return busy
                    self._cond.wait(left)
            finally:
                self._waiting -= 1

    def run(
        self, query: str, form: str | None, fmt: str, timeout: float, max_results: int
    ) -> Answer:
        """Run a query on a free worker; 503 when none frees up in time, or the query runs
        past its time or memory limit. A query that outlasts the reserved worker's short limit
        goes back to wait for a general worker with the time it has left."""
        started = time.monotonic()
        got = self._acquire(timeout)
        if isinstance(got, Answer):
            return got
        short = got.lane == "reserve"
        limit = min(self.light_seconds, timeout) if short else timeout
        answer = self._attempt(got, (query, form, fmt, max_results), limit)
        if answer is not None:
            return answer
        left = timeout - (time.monotonic() - started)
        if short and left > 0:
            got = self._acquire(left, lanes=("general",))
            if isinstance(got, Answer):
                return got
            answer = self._attempt(got, (query, form, fmt, max_results), left)
            if answer is not None:
                return answer
        return self._time_answer(timeout)

    def _attempt(
        self, w: _Worker, job: tuple[str, str | None, str, int], limit: float
    ) -> Answer | None:
        """Run ``job`` (query, form, format, max results) on ``w``: its answer, or None when it
        overran ``limit`` (the worker is then killed and replaced)."""
        try:
            w.tx.send(job)
            msg = w.rx.recv() if w.rx.poll(limit) else None
        except (EOFError, OSError):
            memory = w.ended_by_memory()
            self._retire(w)
            if memory:
                return self._memory_answer()
            return text_answer(500, "the query worker failed; the query was not answered")
        if msg is None:
            self._retire(w)
            return None
        if msg[0] == "memory":
            self._retire(w)
            return self._memory_answer()
        self._release(w)
        if msg[0] == "error":
            return text_answer(msg[1], msg[2])
        _, ctype, body, cut = msg
        headers = {"X-Result-Limit": str(job[3])}
        if cut:
            headers["X-Result-Truncated"] = "true"
        return Answer(200, f"{ctype}; charset=utf-8", body, headers)

    def _time_answer(self, timeout: float) -> Answer:
        return text_answer(
            503,
            f"query stopped: it ran longer than the time limit of {timeout:g} s "
            "(kg serve --timeout)",
        )

    def _memory_answer(self) -> Answer:
        return text_answer(
            503,
            f"query stopped: memory limit ({self.memory_mb} MB per query, kg serve "
            "--max-memory); the query builds values too large to hold",
        )

    def close(self) -> None:
        """Kill every worker."""
        with self._cond:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
            self._cond.notify_all()
        for w in workers:
            w.kill()
