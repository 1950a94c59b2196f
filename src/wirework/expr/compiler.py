"""Process-wide expression compiler: each distinct ``{{ }}`` block is parsed once per process.

Parsing (acorn) and the rewrite of extension calls / computed member access happen in one
dedicated V8 context shared by all executions; the result is plain JS source, so the
per-execution contexts never load the parser (that saves ~30 ms per execution).
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

from wirework.expr.jsengine import COMPILER_FILES, JSEngine, JSLimitError
from wirework.expr.jsvalues import decode

MAX_CACHE = 20_000

_lock = threading.Lock()
_engine: JSEngine | None = None
_cache: dict[tuple[str, ...], dict[str, Any]] = {}


def _close() -> None:
    global _engine
    with _lock:
        if _engine is not None:
            engine, _engine = _engine, None
            engine.close()


def _compiler() -> JSEngine:
    global _engine
    if _engine is None:
        _engine = JSEngine(files=COMPILER_FILES)
        atexit.register(_close)
    return _engine


def find_close(text: str, start: int) -> int:
    """Index of the ``}}`` closing the block whose code starts at ``start`` (-1: none parses)."""
    global _engine
    with _lock:
        try:
            return int(_compiler().call("__ww.findClose", text, start))
        except JSLimitError:
            engine, _engine = _engine, None
            if engine is not None:
                engine.close()
            return -1


def rewrite(codes: list[str]) -> dict[str, Any]:
    """``{"bodies": [js or None, ...]}`` for a template's blocks, or ``{"e": error info}``."""
    key = tuple(codes)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    global _engine
    with _lock:
        try:
            res: dict[str, Any] = decode(_compiler().call("__ww.rewriteSafe", codes))
        except JSLimitError:
            engine, _engine = _engine, None
            if engine is not None:
                engine.close()
            raise
    if len(_cache) >= MAX_CACHE:
        _cache.clear()
    _cache[key] = res
    return res
