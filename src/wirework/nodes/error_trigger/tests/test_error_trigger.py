from __future__ import annotations

from wirework.nodes.error_trigger import NODE
from wirework.nodes.sdk import NodeTestContext


async def test_passes_payload_through():
    payload = {"execution": {"id": "9", "mode": "trigger"}, "workflow": {"id": "w", "name": "n"}}
    ctx = NodeTestContext(NODE.latest.description, items=[payload])
    assert await NODE.latest.execute(ctx) == [[{"json": payload}]]


async def test_manual_run_without_payload_gives_example():
    ctx = NodeTestContext(NODE.latest.description)
    [[item]] = await NODE.latest.execute(ctx)
    assert item["json"]["execution"]["error"]["message"] == "Example Error Message"
