"""Workflow-document builders and polling for runtime and e2e tests."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from typing import Any


def node(name: str, type_: str, params: dict[str, Any] | None = None, version: float = 1, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": f"n8n-nodes-base.{type_}", "typeVersion": version, "position": [0, 0],
            "parameters": params or {}, **extra}


def chain(*nodes: dict[str, Any], name: str = "wf", settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """A linear workflow: nodes connected in order."""
    conns = {a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
             for a, b in itertools.pairwise(nodes)}
    return {"name": name, "nodes": list(nodes), "connections": conns, "settings": settings or {}}


def set_node(name: str = "Set", **fields: Any) -> dict[str, Any]:
    assignments = [{"id": str(i), "name": k, "value": v, "type": "string" if isinstance(v, str) else "number"}
                   for i, (k, v) in enumerate(fields.items())]
    return node(name, "set", {"assignments": {"assignments": assignments}, "options": {}}, 3.4)


def manual() -> dict[str, Any]:
    return node("Start", "manualTrigger")


def wait_node(name: str = "Wait", **params: Any) -> dict[str, Any]:
    return node(name, "wait", params, 1.1)


def fail_node(name: str = "Fail", message: str = "it broke") -> dict[str, Any]:
    return node(name, "stopAndError", {"errorMessage": message})


class PeakRunning:
    """An event-bus subscriber: the most executions that were running at once."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0

    def __call__(self, event: dict[str, Any]) -> None:
        if event["type"] == "execution.started":
            self.running += 1
            self.most = max(self.most, self.running)
        elif event["type"] == "execution.finished":
            self.running -= 1


async def until(predicate: Callable[[], Awaitable[Any]], *, timeout: float, step: float = 0.05) -> None:
    """Poll ``predicate`` until it is truthy; fail the test after ``timeout`` seconds."""
    for _ in range(int(timeout / step)):
        if await predicate():
            return
        await asyncio.sleep(step)
    raise AssertionError("condition not reached")
