"""A process-wide pool of warm V8 engines shared by executions.

Building an engine (a V8 isolate + the Luxon/runtime bundle) costs 30–100 ms; executions
check one out on their first JavaScript use and give it back when they end. On return the
engine's execution state is cleared and its globals/builtins are compared with the picture
taken when it was built (``js/reuse.js``): an engine that user code changed, that was cut off
by a time limit or hit its memory limit is closed instead of reused, so nothing one execution
leaves behind is visible to the next.

``size`` bounds the engines kept warm. When every pooled engine is busy, ``acquire`` builds an
extra one rather than waiting (an execution may wait on a sub-workflow that itself needs an
engine); extras are closed on return once ``size`` engines are idle. A background thread keeps
a couple of engines ready so that a checkout rarely pays the build cost.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import threading
from dataclasses import dataclass

from wirework.expr.jsengine import POOL_FILES, JSEngine

log = logging.getLogger(__name__)

#: templates one engine may accumulate before it is retired (bounds its memory)
MAX_TEMPLATES = 5_000
#: how long a checkout waits for an engine that is being returned before building one
RETURN_WAIT = 0.05


@dataclass(slots=True)
class PoolStats:
    created: int = 0
    reused: int = 0
    discarded: int = 0


class EnginePool:
    def __init__(self, *, size: int, warm: int = 2) -> None:
        self.size = max(0, size)
        self.warm = min(self.size, max(0, warm))
        self.stats = PoolStats()
        self._idle: list[JSEngine] = []
        self._lock = threading.Lock()
        self._warming = 0
        self._closed = False
        self._returns: queue.SimpleQueue[JSEngine] = queue.SimpleQueue()
        self._returner: threading.Thread | None = None
        self._pending = 0
        self._done = threading.Condition()

    # --- checkout / return ---------------------------------------------------------------
    def acquire(self, *, timeout: float = 10.0, memory_mb: int = 256) -> JSEngine:
        """A warm engine (built on the spot when none is idle). Blocks: call off the loop."""
        engine = self._take()
        if engine is None and self._pending:
            # an engine being checked is ready in a few ms; building one takes 30-100 ms
            with self._done:
                self._done.wait_for(lambda: self._pending == 0 or self.idle_count() > 0, timeout=RETURN_WAIT)
            engine = self._take()
        if engine is None:
            engine = self._build()
        engine.set_limits(timeout=timeout, memory_mb=memory_mb)
        self._top_up()
        return engine

    def release(self, engine: JSEngine) -> None:
        """Give ``engine`` back without waiting: a background thread clears and checks it (a few
        ms of V8 work) and keeps it when intact, otherwise closes it."""
        with self._lock:
            self._pending += 1
            if self._returner is None or not self._returner.is_alive():
                self._returner = threading.Thread(target=self._return_loop, name="wirework-v8-return",
                                                  daemon=True)
                self._returner.start()
        self._returns.put(engine)

    def flush(self) -> None:
        """Wait until every released engine has been checked (tests, shutdown)."""
        with self._done:
            self._done.wait_for(lambda: self._pending == 0, timeout=30)

    def _return_loop(self) -> None:
        while True:
            engine = self._returns.get()
            try:
                self.release_now(engine)
            except Exception:
                log.exception("returning a JavaScript engine to the pool failed")
            finally:
                with self._done:
                    self._pending -= 1
                    self._done.notify_all()

    def release_now(self, engine: JSEngine) -> None:
        """:meth:`release` on the calling thread."""
        if engine.closed:
            return
        keep = engine.reusable and len(engine.templates) < MAX_TEMPLATES and self._reset(engine)
        with self._lock:
            if keep and not self._closed and len(self._idle) < self.size:
                self._idle.append(engine)
                return
            if not keep:
                self.stats.discarded += 1
        engine.close()
        self._top_up()

    def _take(self) -> JSEngine | None:
        with self._lock:
            engine = self._idle.pop() if self._idle else None
            if engine is not None:
                self.stats.reused += 1
        return engine

    @staticmethod
    def _reset(engine: JSEngine) -> bool:
        try:
            return engine.eval("__ww.resetForReuse()", timeout=2.0) is True
        except Exception:  # an engine that cannot even reset is retired
            return False

    # --- building ------------------------------------------------------------------------
    def _build(self) -> JSEngine:
        engine = JSEngine(files=POOL_FILES)
        with self._lock:
            self.stats.created += 1
        return engine

    def _top_up(self) -> None:
        """Build engines in the background until ``warm`` are idle."""
        with self._lock:
            missing = self.warm - len(self._idle) - self._warming - self._pending
            if missing <= 0 or self._closed:
                return
            self._warming += missing
        threading.Thread(target=self._warm_up, args=(missing,), name="wirework-v8-warm", daemon=True).start()

    def _warm_up(self, count: int) -> None:
        for _ in range(count):
            try:
                engine = self._build()
            except Exception:  # warming is best effort
                log.exception("building a warm JavaScript engine failed")
                with self._lock:
                    self._warming -= 1
                continue
            with self._lock:
                self._warming -= 1
                if not self._closed and len(self._idle) < self.size:
                    self._idle.append(engine)
                    engine = None  # type: ignore[assignment]
            if engine is not None:
                engine.close()

    def idle_count(self) -> int:
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        self.flush()
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for engine in idle:
            with contextlib.suppress(Exception):
                engine.close()


_pool: EnginePool | None = None
_pool_lock = threading.Lock()


def _configured_size() -> int:
    from wirework.settings import Settings

    try:
        return int(Settings().js_engine_pool_size)
    except Exception:  # settings errors surface elsewhere; use the default
        return int(os.environ.get("WIREWORK_JS_ENGINE_POOL_SIZE", "10"))


def get_pool() -> EnginePool:
    """The process-wide pool (size: setting ``js_engine_pool_size``)."""
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = EnginePool(size=_configured_size())
                atexit.register(_pool.close)
    return _pool
