"""JavaScript for the Code / Function / FunctionItem nodes, on the expression layer's V8 bridge.

Contract (for node authors; SYNC functions — call them through ``asyncio.to_thread`` from
async node code, they block for as long as the user's code runs):

``run_js_code(ctx, code, *, mode="runOnceForAllItems", item_index=0, timeout=60.0,
memory_mb=256, console=None, globals=None, static_data=None) -> Any``
    Runs ``code`` as the body of an ``async function`` in a V8 engine checked out of the
    process pool (Luxon + n8n's extension functions + the data proxy of ``ctx``; cleared
    before it was handed out, and retired afterwards if the code changed its globals) and
    returns what it returns, after awaiting any promise. Globals: ``$input`` (``all()/first()/last()/item/
    params/context``), ``$json``/``$binary``/``$itemIndex`` (the item ``item_index``),
    ``$('Node')``, ``$node``, ``$items()``, ``$item(i)``, ``$prevNode``, ``$runIndex``,
    ``$workflow``, ``$execution``, ``$vars``, ``$env`` (only when ``ctx.env`` is set),
    ``$parameter``, ``$now``, ``$today``, ``DateTime``/``Duration``/``Interval``,
    ``$jmespath``, ``$if``/``$ifEmpty``/``$min``/``$max``, ``$getWorkflowStaticData(type)``,
    ``console.log/info/warn/error/debug``; legacy ``items`` (all input items of
    ``ctx.items``, each ``{json, binary?}``) and, in ``runOnceForEachItem`` mode, ``item``
    (the input item ``item_index``). ``globals`` (JSON-able values) adds or overrides
    globals, e.g. ``{"item": ctx.items[i]["json"]}`` for FunctionItem. No ``require``,
    ``process``, file system, network or Python access.

``run_js_code_each(ctx, code, *, item_indices=None, timeout=60.0, memory_mb=256,
console=None, globals=None, static_data=None) -> list[Any]``
    ``runOnceForEachItem`` for many items in ONE context and one call (much faster than one
    ``run_js_code`` per item): result ``k`` is the value for ``item_indices[k]`` (default:
    every input item) or a :class:`CodeError` instance (returned, not raised) when that
    item's run threw. Timeout and memory errors are raised and end the whole batch.

Return values are converted to plain JSON-like Python: objects -> dict, arrays -> list,
a top-level ``undefined`` -> :data:`wirework.expr.jsvalues.UNDEFINED` (``null`` -> None; n8n
treats them differently), nested ``undefined`` -> None in arrays, dropped from objects, ``Date`` and Luxon ``DateTime`` -> ISO-8601
strings, ``NaN``/``Infinity`` -> None, functions dropped, BigInt -> str. The caller applies
n8n's return-value normalisation.

``console`` (a list) receives one string per ``console.*`` call, arguments formatted like
Node's ``console.log`` (strings raw, others as JSON). ``static_data`` (a dict) is exposed
through ``$getWorkflowStaticData('global'|'node')`` and updated in place with the code's
changes when the run ends without error.

Errors: :class:`CodeError` (``message``, ``description`` = JS stack or None, ``line`` =
1-based line in ``code`` or None, ``item_index``); :class:`CodeTimeoutError` and
:class:`CodeMemoryError` subclass it. An engine that hit a limit, or whose globals or builtins
the code changed, is closed rather than reused, so a failed or hostile run leaves nothing behind.
"""

from __future__ import annotations

from wirework.expr.code_exec import (
    CodeError,
    CodeMemoryError,
    CodeTimeoutError,
    run_js_code,
    run_js_code_each,
)

__all__ = ["CodeError", "CodeMemoryError", "CodeTimeoutError", "run_js_code", "run_js_code_each"]
