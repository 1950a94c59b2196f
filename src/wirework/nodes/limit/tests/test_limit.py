from __future__ import annotations

import asyncio
from typing import Any

from wirework.nodes.limit import DESC_V1, execute
from wirework.nodes.sdk import NodeTestContext

ITEMS = [{"entry": n} for n in range(1, 6)]


def run(params: dict[str, Any]) -> list[Any]:
    out = asyncio.run(execute(NodeTestContext(DESC_V1, params=params, items=ITEMS)))
    return [it["json"] for it in out[0]]


def test_keeps_first_items_by_default() -> None:
    assert run({"maxItems": 2}) == [{"entry": 1}, {"entry": 2}]


def test_keeps_last_items() -> None:
    assert run({"maxItems": 1, "keep": "lastItems"}) == [{"entry": 5}]


def test_more_than_available_keeps_everything() -> None:
    assert run({"maxItems": 10, "keep": "lastItems"}) == ITEMS
