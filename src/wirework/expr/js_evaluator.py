"""The full n8n-compatible evaluator: JavaScript semantics in a pooled V8 engine.

Per distinct template: split once, compiled once per engine (pooled engines keep their compiled
templates across executions). Plain ``$json`` paths are read in Python. Everything else runs in
V8, batched: :meth:`JSEvaluator.prepare` (awaited by the engine before a node runs) evaluates
every JS template of the node's parameters for all its items in one worker-thread call, so the
event loop never waits on V8; the per-item ``resolve`` calls then read the results. Templates
``prepare`` did not cover run lazily on the calling thread, in growing windows of items. State
is pushed lazily: the workflow once, the node being run once per ExprContext, run data
incrementally and only for templates that look at other nodes. The engine is checked out of
the process pool on first use and returned by :meth:`close`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from wirework.expr.compiler import rewrite
from wirework.expr.context import ExprContext
from wirework.expr.errors import ExpressionError
from wirework.expr.evaluator import is_expression
from wirework.expr.jsengine import JSEngine, JSLimitError
from wirework.expr.jsvalues import UNDEFINED, decode, encode
from wirework.expr.pool import EnginePool, get_pool
from wirework.expr.state import node_payload, runs_payload, workflow_payload
from wirework.expr.template import MISSING, Template, fast_value, split_template

log = logging.getLogger(__name__)
MAX_BATCH = 1024
#: items evaluated per V8 call while preparing a node (bounds one call's time and memory)
PREPARE_CHUNK = 2048


class JSEvaluator:
    def __init__(
        self, *, timeout: float = 10.0, memory_mb: int = 256, pool: EnginePool | None = None,
    ) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._pool = pool
        self._engine: JSEngine | None = None
        self._ids: dict[str, int] = {}  # expression -> compiled id in self._engine
        self._templates: dict[str, Template] = {}
        self._ctx: ExprContext | None = None  # the node run whose state V8 holds
        self._states_ctx: ExprContext | None = None
        self._wf: Any = None
        self._run_data: Any = None
        self._runs_pushed: dict[str, int] = {}
        self._results: dict[int, dict[int, Any]] = {}  # js_id -> item -> result
        self._batch: dict[int, int] = {}

    # --- public API ----------------------------------------------------------------------
    def resolve(self, value: Any, ctx: ExprContext, item_index: int, *, parameter: str = "") -> Any:
        if isinstance(value, str):
            if not is_expression(value):
                return value
            out = self.evaluate(value, ctx, item_index, parameter=parameter)
            return None if out is UNDEFINED else out
        if isinstance(value, dict):
            return {k: self.resolve(v, ctx, item_index, parameter=parameter) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, ctx, item_index, parameter=parameter) for v in value]
        return value

    def evaluate(self, expression: str, ctx: ExprContext, item_index: int, *, parameter: str = "") -> Any:
        """One ``=…`` string's value; JS ``undefined`` comes back as :data:`UNDEFINED`."""
        tpl = self._template(expression)
        if not tpl.codes:
            return tpl.texts[0]
        items = ctx.items
        if 0 <= item_index < len(items) and None not in tpl.paths:
            value = fast_value(tpl, items[item_index].get("json"))
            if value is not MISSING:
                return value
        return self._js_value(tpl, ctx, item_index, parameter)

    def close(self) -> None:
        """Return the engine to the pool (cleared; retired if user code changed it)."""
        if self._engine is not None:
            engine, self._engine = self._engine, None
            (self._pool or get_pool()).release(engine)
        self._ids.clear()
        self._ctx = self._states_ctx = None
        self._wf = self._run_data = None
        self._results.clear()
        self._batch.clear()

    def _reset(self) -> None:
        """Drop the engine (after a time/memory limit hit); the next use checks out another."""
        self.close()

    async def prepare(self, ctx: ExprContext) -> None:
        """Evaluate the node's JavaScript parameters for all its items, off the event loop.

        Errors are kept per item and raised only when the node reads that parameter; a time or
        memory limit hit here is left for the lazy path to report on the item that causes it.
        """
        templates = self._node_templates(ctx)
        if not templates or not ctx.items:
            return
        await asyncio.to_thread(self._prepare_all, templates, ctx)

    def _node_templates(self, ctx: ExprContext) -> list[Template]:
        out: dict[str, Template] = {}
        stack: list[Any] = [ctx.node.parameters]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif is_expression(value) and value not in out:
                tpl = self._template(value)
                if tpl.codes and None in tpl.paths:
                    out[value] = tpl
        return list(out.values())

    def _prepare_all(self, templates: list[Template], ctx: ExprContext) -> None:
        n = len(ctx.items)
        try:
            ids = []
            for tpl in templates:
                try:
                    ids.append(self._prepare(tpl, ctx, 0, ""))
                except ExpressionError:
                    continue  # compile errors are raised when the parameter is read
            for js_id in ids:
                cached = self._results.setdefault(js_id, {})
                start, size = 0, 64
                while start < n:  # chunks sized so one V8 call stays far inside the time limit
                    indices = list(range(start, min(n, start + size)))
                    began = time.perf_counter()
                    out = decode(self._engine_for().call("__ww.runMany", js_id, indices))
                    cached.update(zip(indices, out, strict=True))
                    per_item = (time.perf_counter() - began) / len(indices)
                    start += len(indices)
                    budget = int(self.timeout / 20 / per_item) if per_item > 0 else PREPARE_CHUNK
                    size = max(1, min(PREPARE_CHUNK, size * 4, budget))
        except JSLimitError:
            self._reset()
        except Exception:  # preparing is an optimisation: the lazy path reports real problems
            log.exception("preparing expressions for node '%s' failed", ctx.node.name)
            self._reset()

    # --- V8 ------------------------------------------------------------------------------
    def _engine_for(self) -> JSEngine:
        if self._engine is None:
            pool = self._pool or get_pool()
            self._engine = pool.acquire(timeout=self.timeout, memory_mb=self.memory_mb)
            self._ids.clear()
            self._wf = self._run_data = None
            self._ctx = self._states_ctx = None
        return self._engine

    def _template(self, expression: str) -> Template:
        tpl = self._templates.get(expression)
        if tpl is None:
            tpl = self._templates[expression] = split_template(expression[1:])
        return tpl

    def _error(self, info: dict[str, Any], ctx: ExprContext, item_index: int, parameter: str) -> ExpressionError:
        return ExpressionError(
            info.get("message") or "Expression error",
            description=info.get("description"), node=ctx.node.name, parameter=parameter or None,
            item_index=item_index, context_type=info.get("contextType"),
            context={"name": info.get("name")},
        )

    def _compile(self, tpl: Template, engine: JSEngine, ctx: ExprContext, item_index: int, parameter: str) -> int:
        res = rewrite(tpl.codes)
        if "e" in res:
            raise self._error(res["e"], ctx, item_index, parameter)
        key = (tuple(res["bodies"]), tuple(tpl.texts), tpl.lone)
        js_id = engine.templates.get(key)
        if js_id is None:
            res = decode(engine.call("__ww.compileSafe", res["bodies"], tpl.texts, tpl.lone))
            if "e" in res:
                raise self._error(res["e"], ctx, item_index, parameter)
            js_id = engine.templates[key] = int(res["id"])
        return js_id

    def _prepare(self, tpl: Template, ctx: ExprContext, item_index: int, parameter: str) -> int:
        engine = self._engine_for()
        js_id = self._ids.get(tpl.source)
        if js_id is None:
            js_id = self._ids[tpl.source] = self._compile(tpl, engine, ctx, item_index, parameter)
        if ctx.workflow is not self._wf or ctx.run_data is not self._run_data:
            engine.call("__ww.setWorkflow", encode(workflow_payload(ctx.workflow)))
            self._wf, self._run_data, self._runs_pushed = ctx.workflow, ctx.run_data, {}
            self._ctx = self._states_ctx = None
        if ctx is not self._ctx:
            engine.call("__ww.setNode", encode(node_payload(ctx)))
            self._ctx = ctx
            self._results.clear()
            self._batch.clear()
        if tpl.needs_runs:
            if self._states_ctx is not ctx:
                engine.call("__ww.setNodeStates", encode(dict(ctx.node_state)))
                self._states_ctx = ctx
            add = runs_payload(ctx.run_data, self._runs_pushed)
            if add:
                engine.call("__ww.addRuns", encode(add))
                self._results.clear()
        return js_id

    def _js_value(self, tpl: Template, ctx: ExprContext, item_index: int, parameter: str) -> Any:
        res = None
        js_id = self._ids.get(tpl.source) if ctx is self._ctx else None
        if js_id is not None:
            cached = self._results.get(js_id)
            if cached is not None:
                res = cached.pop(item_index, None)
        if res is None:
            try:
                js_id = self._prepare(tpl, ctx, item_index, parameter)
                cached = self._results.get(js_id)
                if cached is None or item_index not in cached:
                    cached = self._run_batch(js_id, ctx, item_index)
            except JSLimitError as exc:
                self._reset()
                raise ExpressionError(
                    str(exc), node=ctx.node.name, parameter=parameter or None, item_index=item_index,
                    context_type="timeout" if exc.kind == "timeout" else "out_of_memory",
                ) from exc
            res = cached.pop(item_index)
        if "e" in res:
            raise self._error(res["e"], ctx, item_index, parameter)
        return res.get("v", UNDEFINED)

    def _run_batch(self, js_id: int, ctx: ExprContext, item_index: int) -> dict[int, Any]:
        """Evaluate a window of items from ``item_index``; windows double while they stay well
        inside the time limit (so the per-call limit still bounds a single slow item)."""
        n = len(ctx.items)
        size = self._batch.get(js_id, 1)
        end = min(n, item_index + size) if 0 <= item_index < n else item_index + 1
        indices = list(range(item_index, max(end, item_index + 1)))
        started = time.perf_counter()
        out = decode(self._engine_for().call("__ww.runMany", js_id, indices))
        per_item = (time.perf_counter() - started) / len(indices)
        budget = int(self.timeout / 20 / per_item) if per_item > 0 else MAX_BATCH
        self._batch[js_id] = max(1, min(MAX_BATCH, size * 2, budget))
        cached = self._results.setdefault(js_id, {})
        cached.update(zip(indices, out, strict=True))
        return cached
