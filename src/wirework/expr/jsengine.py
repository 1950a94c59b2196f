"""One V8 context (mini-racer) with Luxon, the extension functions and the data proxy loaded.

Everything crosses the boundary as JSON text; :meth:`JSEngine.call` runs one ``__ww``
function under a time limit and maps V8's timeout / out-of-memory to :class:`JSLimitError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from functools import cache
from importlib import resources
from typing import Any

from py_mini_racer import JSEvalException, JSOOMException, JSTimeoutException, MiniRacer

EXPRESSION_FILES = ("vendor.js", "runtime.js", "extensions.js", "proxy.js")
COMPILER_FILES = ("vendor.js", "acorn.js", "runtime.js", "extensions.js")
CODE_FILES = ("vendor.js", "runtime.js", "extensions.js", "proxy.js", "code.js")
#: what pooled engines load: expressions + Code nodes, and the reuse check (last)
POOL_FILES = (*CODE_FILES, "reuse.js")


class JSLimitError(Exception):
    """The JS run hit its time or memory limit."""

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@cache
def bundle_source(files: tuple[str, ...]) -> str:
    root = resources.files("wirework.expr") / "js"
    return "\n;\n".join((root / name).read_text(encoding="utf-8") for name in files)


_tz_lock = threading.Lock()
_tz_done = False


def instance_timezone() -> str:
    from wirework.settings import Settings

    try:
        return str(Settings().timezone)
    except Exception:  # settings errors surface elsewhere
        return os.environ.get("WIREWORK_TIMEZONE", "America/New_York")


def _probe_dates() -> None:
    with contextlib.suppress(Exception):
        mr = MiniRacer()  # ICU caches the default zone process-wide on first use
        mr.eval("new Date(0).getTimezoneOffset()")
        mr.close()


def ensure_process_timezone() -> None:
    """Make JS ``Date`` use the instance time zone, as n8n does by running with
    ``TZ=$GENERIC_TIMEZONE``. V8/ICU read ``TZ`` once per process, so a probe engine is built
    with it set before any other; the Python process's own ``TZ`` is restored afterwards.
    (Luxon's ``$now``/``DateTime`` follow the workflow's zone separately.)"""
    global _tz_done
    if _tz_done:
        return
    with _tz_lock:
        if _tz_done:
            return
        before = os.environ.get("TZ")
        os.environ["TZ"] = instance_timezone()
        try:
            probe = threading.Thread(target=_probe_dates, name="wirework-v8-tz")
            probe.start()
            probe.join()
        finally:  # the Python process keeps its own local time
            if before is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = before
            time.tzset()
        _tz_done = True


def _new_racer() -> MiniRacer:
    """A MiniRacer bound to its own event-loop thread.

    mini-racer binds a context to the asyncio loop running where it is created, and then
    refuses eval timeouts from that loop's thread; the engine runs nodes inside its loop, so
    contexts are created from a plain thread to always get the private loop.
    """
    ensure_process_timezone()
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return MiniRacer()
    box: list[MiniRacer] = []
    worker = threading.Thread(target=lambda: box.append(MiniRacer()), name="wirework-v8-init")
    worker.start()
    worker.join()
    return box[0]


class JSEngine:
    def __init__(
        self, *, timeout: float = 10.0, memory_mb: int = 256, files: tuple[str, ...] = EXPRESSION_FILES,
    ) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._interrupted = False
        self._mr: MiniRacer | None = _new_racer()
        self._mr.set_hard_memory_limit(memory_mb * 1024 * 1024)
        self._mr.eval(bundle_source(files))
        self.files = files
        #: per-engine template cache (rewritten bodies -> compiled id), kept across executions
        self.templates: dict[tuple[Any, ...], int] = {}

    @property
    def closed(self) -> bool:
        return self._mr is None

    @property
    def reusable(self) -> bool:
        """No run was cut off and the memory limit was never hit (V8 state is trustworthy)."""
        if self._mr is None or self._interrupted:
            return False
        try:
            return not self._mr.was_hard_memory_limit_reached()
        except Exception:  # a broken context is simply not reused
            return False

    def taint(self) -> None:
        """Mark the engine as not reusable (e.g. user code was abandoned mid-run)."""
        self._interrupted = True

    def set_limits(self, *, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
        if memory_mb != self.memory_mb and self._mr is not None:
            self._mr.set_hard_memory_limit(memory_mb * 1024 * 1024)
            self.memory_mb = memory_mb

    def eval(self, code: str, *, timeout: float | None = None) -> Any:
        if self._mr is None:
            raise RuntimeError("the JavaScript context is closed")
        limit = self.timeout if timeout is None else timeout
        try:
            return self._mr.eval(code, timeout_sec=limit)
        except JSTimeoutException as exc:
            self._interrupted = True
            raise JSLimitError(f"Execution timed out after {limit:g} seconds", kind="timeout") from exc
        except JSOOMException as exc:
            raise JSLimitError(
                f"Execution ran out of memory (limit {self.memory_mb} MB)", kind="memory"
            ) from exc
        except JSEvalException as exc:
            if self._mr.was_hard_memory_limit_reached():
                raise JSLimitError(
                    f"Execution ran out of memory (limit {self.memory_mb} MB)", kind="memory"
                ) from exc
            raise

    def call(self, fn: str, *args: Any, timeout: float | None = None) -> Any:
        """``fn(*args)`` where each arg is JSON-able, or a ``Raw`` JS source snippet."""
        parts = [a.code if isinstance(a, Raw) else json.dumps(a, ensure_ascii=False) for a in args]
        return self.eval(f"{fn}({','.join(parts)})", timeout=timeout)

    def close(self) -> None:
        if self._mr is not None:
            mr, self._mr = self._mr, None
            if self._interrupted:
                # let V8 report the terminated run to mini-racer's loop before it goes away
                with contextlib.suppress(Exception):
                    mr.eval("0", timeout_sec=0.25)
            mr.close()


class Raw:
    """JS source passed verbatim to :meth:`JSEngine.call` (e.g. a JSON text to JSON.parse)."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code
