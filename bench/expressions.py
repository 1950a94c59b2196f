"""Expression and Code-node throughput (not a test: run by hand on a quiet machine).

    .venv/bin/python bench/expressions.py [N]          # N items, default 100,000

1. Set-like resolution of 5 expression fields over N items: 2 plain ``$json`` paths (Python fast
   path) and 3 JavaScript ones (string method, ``$now``, arithmetic). "lazy": ``resolve`` item by
   item as a node does; "prepared": ``await prepare(ctx)`` first (what the engine does before a
   node runs: all JS templates for all items in one worker-thread pass), then ``resolve``.
2. A JavaScript Code node over 10,000 items, both modes.
3. Small executions: a fresh evaluator per execution (as the runtime makes one per execution),
   one JS expression for one item, then ``close()`` — the warm-engine pool at work.
Prints items/s (or executions/s) and the peak RSS of the process.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time

from wirework.expr import ExprContext
from wirework.expr.code_runtime import run_js_code, run_js_code_each
from wirework.expr.js_evaluator import JSEvaluator
from wirework.expr.pool import get_pool
from wirework.model import Node, Workflow

FIELDS = {
    "id": "={{ $json.id }}",
    "city": "={{ $json.address.city }}",
    "upper": "={{ $json.name.toUpperCase() }}",
    "stamp": "={{ $now.toISO() }}",
    "total": "={{ $json.price * $json.qty + 1.5 }}",
}
CODE_ALL = "return $input.all().map((i) => ({json: {id: i.json.id, name: i.json.name.toUpperCase()}}));"
CODE_EACH = "return {json: {id: $json.id, total: $json.price * $json.qty}};"


def _items(n: int) -> list[dict[str, object]]:
    return [{"json": {"id": i, "name": f"user {i}", "address": {"city": "Berlin"}, "price": i % 97, "qty": 3}}
            for i in range(n)]


def _ctx(items: list[dict[str, object]], params: dict[str, object]) -> ExprContext:
    node = Node(name="Set", type="n8n-nodes-base.set", parameters=params)
    return ExprContext(workflow=Workflow(name="bench", nodes=[node]), node=node, run_data={}, inputs=[items])


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(label: str, count: int, elapsed: float, unit: str = "items") -> None:
    print(f"{label}: {count:,} {unit} in {elapsed:.2f} s = {count / elapsed:,.0f} {unit}/s (peak RSS {_rss():.0f} MB)")


async def set_fields(n: int, *, prepared: bool) -> None:
    ctx = _ctx(_items(n), {"fields": FIELDS})
    ev = JSEvaluator()
    start = time.perf_counter()
    if prepared:
        await ev.prepare(ctx)
    out = [ev.resolve(FIELDS, ctx, i) for i in range(n)]
    elapsed = time.perf_counter() - start
    ev.close()
    assert out[-1]["upper"] == f"USER {n - 1}"
    _report(f"Set, 5 fields ({'prepared' if prepared else 'lazy'})", n, elapsed)


def code_node(n: int) -> None:
    ctx = _ctx(_items(n), {})
    start = time.perf_counter()
    out = run_js_code(ctx, CODE_ALL)
    _report("Code node, run once for all items", len(out), time.perf_counter() - start)
    start = time.perf_counter()
    each = run_js_code_each(ctx, CODE_EACH)
    _report("Code node, run once for each item", len(each), time.perf_counter() - start)


def small_executions(count: int) -> None:
    ctx = _ctx(_items(1), {"v": "={{ 'hello ' + $json.name }}"})
    for _ in range(20):  # warm the pool
        ev = JSEvaluator()
        ev.resolve("={{ 'hello ' + $json.name }}", ctx, 0)
        ev.close()
    start = time.perf_counter()
    for _ in range(count):
        ev = JSEvaluator()
        assert ev.resolve("={{ 'hello ' + $json.name }}", ctx, 0) == "hello user 0"
        ev.close()
    elapsed = time.perf_counter() - start
    _report(f"Small executions ({elapsed / count * 1000:.2f} ms each)", count, elapsed, "executions")
    print(f"  pool: {get_pool().stats}")


def main(n: int) -> None:
    asyncio.run(set_fields(n, prepared=False))
    asyncio.run(set_fields(n, prepared=True))
    code_node(10_000)
    small_executions(500)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
