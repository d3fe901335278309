"""Worker processes for ingest and reprocess: bounded work in flight, results in order, crashes isolated,
interrupts clean, and no worker outliving its parent.

    with stop_on_signals() as stop:
        for result in run_tasks(fn, tasks, jobs=2, stop=stop, on_crash=failure_of):
            ...                                        # the caller writes each result
    if stop.is_set(): raise Interrupted(stop.signum)

- At most 8 tasks per worker are in flight, so memory stays flat however many tasks there are; results
  come in the order of the tasks, whatever the number of workers.
- A worker that dies (a crash in a native reader) fails only its own task: each task that was in flight is
  run again alone in a process of its own, which names the one that kills it (`on_crash`).
- Ctrl-C and SIGTERM are the main process's: `stop_on_signals` turns them into a flag that is looked at
  between results, so that the result being written is written whole; the pool is then stopped in order
  (no "cannot join current thread", no leaked semaphores) and the caller raises `Interrupted`. Workers are
  born with SIGINT blocked, so that a Ctrl-C while they start prints nothing. To stop a worker the pool
  sends it SIGTERM, which abandons the task it is running (extraction is pure: nothing is lost) but
  never a result it is sending back: killing a worker mid-send would leave the pool waiting forever for
  the rest of the message.
- A worker ends when its parent dies, however: on Linux the kernel kills it (PR_SET_PDEATHSIG), checked
  against the parent's pid once set so that a parent that died while the worker was starting counts too;
  elsewhere a thread watches the parent's pid.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

Result = dict[str, Any]
T = TypeVar("T")
Task = tuple[Any, ...]

# Tasks in flight at once, per worker. Results are taken in order by the caller's thread, which also submits the
# next tasks: while it writes (ingest writes a batch of 32 documents in about half a second), the workers live on
# what is queued. Eight a worker left them idle a tenth of the time; 32 keep them busy (2 000 generated reports:
# 60 s → 54 s on two cores), for a few MB of results waiting.
TASKS_PER_WORKER = 32
POLL_SECONDS = 0.2  # how often a wait for a result looks at the stop flag
_PR_SET_PDEATHSIG = 1


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGINT, SIGTERM) after the results so far were handled."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class WorkerStopped(BaseException):
    """Raised in a worker's task when the pool stops it (not an `Exception`: no task catches it)."""


class StopFlag(threading.Event):
    """Set by `stop_on_signals` when a stopping signal arrives; `signum` says which."""

    signum: int = signal.SIGINT


@contextmanager
def stop_on_signals(signals: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)) -> Iterator[StopFlag]:
    """A flag set by SIGINT or SIGTERM instead of their usual effect, while the block runs (in the main
    thread only: elsewhere signals cannot be handled, and the flag is never set)."""
    stop = StopFlag()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handle(signum: int, _frame: Any) -> None:
        stop.signum = signum
        stop.set()

    previous = {signum: signal.signal(signum, handle) for signum in signals}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """SIGTERM raises `Interrupted` while the block runs, as Ctrl-C raises KeyboardInterrupt (main thread
    only): a command stopped before or after its run ends as it does when stopped during it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, _frame: Any) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, handle)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_tasks(fn: Callable[..., Result], tasks: Iterator[Task], jobs: int, *,
              initializer: Callable[..., None] | None = None, initargs: Task = (),
              on_crash: Callable[[Task], Result], stop: threading.Event | None = None) -> Iterator[Result]:
    """`fn(*task)` of each task, in order, in `jobs` worker processes (inline when `jobs` is 1); stops
    early, without a result for the tasks left, when `stop` is set."""
    stop = stop or threading.Event()
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        for task in tasks:
            if stop.is_set():
                return
            yield fn(*task)
        return
    window = jobs * TASKS_PER_WORKER
    exhausted = False
    while not exhausted and not stop.is_set():
        pool = _pool(jobs, initializer, initargs)
        inflight: deque[tuple[Future[Result], Task]] = deque()
        broken = False
        try:
            while not broken and not stop.is_set():
                while len(inflight) < window and not exhausted:
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                    else:
                        inflight.append((_submit(pool, fn, task), task))
                if not inflight:
                    break
                future, task = inflight[0]
                try:
                    result = _result(future, stop)
                except BrokenProcessPool:
                    broken = True
                    continue
                except WorkerStopped:  # someone else sent the worker SIGTERM
                    result = on_crash(task)
                if result is None:  # stopped while waiting
                    break
                inflight.popleft()
                yield result
        finally:
            if stop.is_set() or sys.exc_info()[0] is not None:
                _stop_workers(pool)
            else:
                pool.shutdown(wait=not broken, cancel_futures=True)
        for future, task in inflight:  # after a crash, in order: results that came in, else alone
            if stop.is_set():
                return
            try:
                yield future.result()
            except (BrokenProcessPool, CancelledError):
                yield _run_alone(fn, task, initializer, initargs, on_crash)
            except WorkerStopped:
                yield on_crash(task)


def _result(future: Future[Result], stop: threading.Event) -> Result | None:
    """The future's result, or None when `stop` is set first (or the task was stopped for it)."""
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except FutureTimeout:
            if stop.is_set():
                return None
        except WorkerStopped:
            if stop.is_set():
                return None
            raise


def _submit(pool: ProcessPoolExecutor, fn: Callable[..., Result], task: Task) -> Future[Result]:
    """Submit a task; workers the pool starts meanwhile are born with SIGINT blocked (the main thread's
    signal mask is inherited), and a Ctrl-C in that moment is handled once it is unblocked here."""
    if threading.current_thread() is not threading.main_thread():
        return pool.submit(_call, fn, task)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(_call, fn, task)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _pool(jobs: int, initializer: Callable[..., None] | None, initargs: Task) -> ProcessPoolExecutor:
    # spawn, not fork: the main process has threads (progress display, database pool) that fork would copy
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def in_worker_process(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` (picklable) in this process's one spare worker process, started on first use: a long
    computation of a server there does not hold the server's GIL (the pages it serves meanwhile would
    wait for it). The worker ends with its parent; one that died is replaced at the next call."""
    global _spare
    with _spare_lock:
        if _spare is None:
            _spare = _pool(1, None, ())
        pool = _spare
    try:
        return pool.submit(fn, *args).result()
    except BrokenProcessPool:
        with _spare_lock:
            if _spare is pool:
                _spare = None
        raise


_spare: ProcessPoolExecutor | None = None
_spare_lock = threading.Lock()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool now: queued tasks cancelled, running ones abandoned (SIGTERM: see the module
    docstring), then the pool shut down in order, its workers ending of themselves."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=True)


def _run_alone(fn: Callable[..., Result], task: Task, initializer: Callable[..., None] | None, initargs: Task,
               on_crash: Callable[[Task], Result]) -> Result:
    pool = _pool(1, initializer, initargs)
    try:
        return _submit(pool, fn, task).result()
    except (BrokenProcessPool, WorkerStopped):
        return on_crash(task)
    finally:
        pool.shutdown(cancel_futures=True)


# ---- in the worker ------------------------------------------------------------------------------------

_in_task = False  # whether this worker is running a task (SIGTERM then abandons it)
_stopping = False  # whether the pool has stopped this worker (the tasks it still gets are not run)


def _call(fn: Callable[..., Result], task: Task) -> Result:
    global _in_task
    if _stopping:
        raise WorkerStopped
    _in_task = True
    try:
        return fn(*task)
    finally:
        _in_task = False


def _stop_task(_signum: int, _frame: Any) -> None:
    """SIGTERM in a worker: abandon the task being run, if any, and any task still to come."""
    global _stopping
    _stopping = True
    if _in_task:
        raise WorkerStopped


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: Task) -> None:
    """A worker's first act: end with its parent, leave Ctrl-C to it, then the caller's initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_task)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died while this worker was starting
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # ignored now: nothing pending matters
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent() -> bool:
    """Ask the kernel to kill this process when its parent dies (Linux); whether it could."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
