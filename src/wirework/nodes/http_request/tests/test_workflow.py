"""A workflow of HTTP Request nodes through the real engine, with n8n's golden-harness rules.

Kept outside ``tests/golden/`` because it needs this folder's live server: ``http://BASE`` in the
file is replaced by the server's address before the run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wirework.engine.golden import check_golden
from wirework.expr import default_evaluator
from wirework.nodes.sdk import ExecutionServices, FakeClock

WORKFLOWS = Path(__file__).parent / "workflows"


async def test_list_then_post_each_workflow(server: Any) -> None:
    text = (WORKFLOWS / "list_then_post.json").read_text(encoding="utf-8")
    raw = json.loads(text.replace("http://BASE", server.base))
    services = ExecutionServices(evaluator=default_evaluator(), clock=FakeClock())
    try:
        report = await check_golden(raw, services=services)
    finally:
        services.evaluator.close()
    assert report.passed, "\n".join(report.problems)
    paths = [s.path for s in server.seen]  # the three posts run concurrently: any order
    assert (paths[0], sorted(paths[1:4]), paths[4]) == ("/array", ["/echo/1", "/echo/2", "/echo/3"], "/status/404")
