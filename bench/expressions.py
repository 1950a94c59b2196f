"""Expression throughput: N items through a Set-like resolution of 5 expression fields.

2 plain ``$json`` paths (Python fast path) and 3 JavaScript ones (string method, ``$now``,
arithmetic), evaluated by calling the JSEvaluator directly, item by item as a node would.
Prints items/s and peak RSS. Usage: ``.venv/bin/python bench/expressions.py [N]``.
"""

from __future__ import annotations

import resource
import sys
import time

from wirework.expr import ExprContext
from wirework.expr.js_evaluator import JSEvaluator
from wirework.model import Node, Workflow

FIELDS = {
    "id": "={{ $json.id }}",
    "city": "={{ $json.address.city }}",
    "upper": "={{ $json.name.toUpperCase() }}",
    "stamp": "={{ $now.toISO() }}",
    "total": "={{ $json.price * $json.qty + 1.5 }}",
}


def main(n: int) -> None:
    items = [
        {"json": {"id": i, "name": f"user {i}", "address": {"city": "Berlin"}, "price": i % 97, "qty": 3}}
        for i in range(n)
    ]
    node = Node(name="Set", type="n8n-nodes-base.set", parameters={"fields": FIELDS})
    ctx = ExprContext(workflow=Workflow(name="bench", nodes=[node]), node=node, run_data={}, inputs=[items])
    ev = JSEvaluator()
    start = time.perf_counter()
    out = [ev.resolve(FIELDS, ctx, i) for i in range(n)]
    elapsed = time.perf_counter() - start
    ev.close()
    assert out[-1]["upper"] == f"USER {n - 1}"
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} items x {len(FIELDS)} fields: {elapsed:.2f} s, {n / elapsed:,.0f} items/s, peak RSS {rss_mb:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
