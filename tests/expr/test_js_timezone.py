"""JS ``Date`` uses the instance time zone (n8n runs with TZ=$GENERIC_TIMEZONE); Luxon's
``$now`` uses the workflow's zone; the Python process keeps its own local time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, time
from wirework.expr import ExprContext
from wirework.expr.js_evaluator import JSEvaluator
from wirework.model import Node, Workflow
node = Node(name="Set", type="n8n-nodes-base.set", parameters={})
ctx = ExprContext(workflow=Workflow(name="w", nodes=[node]), node=node, run_data={},
                  inputs=[[{"json": {}}]], timezone="Europe/Berlin")
ev = JSEvaluator()
out = ev.resolve({"offset": "={{ new Date(2024, 0, 15, 12).getTimezoneOffset() }}",
                  "hours": "={{ new Date('2024-01-15T00:00:00Z').getHours() }}",
                  "luxon": "={{ $now.zoneName }}"}, ctx, 0)
ev.close()
out["python_tz"] = time.strftime("%Z", time.localtime(0))
print(json.dumps(out))
"""


def _run(tz: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ",) and not k.startswith("WIREWORK_")}
    env.update({"WIREWORK_TIMEZONE": tz, "TZ": "UTC"})
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_dates_follow_the_instance_zone() -> None:
    assert _run("Asia/Tokyo") == {"offset": -540, "hours": 9, "luxon": "Europe/Berlin", "python_tz": "UTC"}
    assert _run("America/New_York") == {"offset": 300, "hours": 19, "luxon": "Europe/Berlin", "python_tz": "UTC"}
