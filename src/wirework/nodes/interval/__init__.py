"""Legacy Interval trigger (``n8n-nodes-base.interval``): an empty item every N units.

Hooks: ``schedule(node)`` -> ``["@every <seconds>"]`` (counted from activation, like n8n's
timer); ``fire(...)`` -> ``[{"json": {}}]``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wirework.model import Item, Node
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param

DESC = NodeDescription(
    name="n8n-nodes-base.interval", display_name="Interval", versions=(1,),
    description="Triggers the workflow in a given interval", group=("trigger", "schedule"),
    inputs=0, outputs=1, icon="fa:hourglass", color="#00FF00", default_name="Interval", hidden=True,
    subtitle='={{"Every " + $parameter["interval"].toString() + " " + $parameter["unit"]}}',
    properties=(
        Param("notice", "notice", default="", display_name="This workflow will run on the schedule you define here once you <a data-key=\"activate\">activate</a> it.<br><br>For testing, you can also trigger it manually: by going back to the canvas and clicking 'execute workflow'"),
        Param("interval", "number", default=1, display_name="Interval", description="Interval value",
              type_options={"minValue": 1}),
        Param("unit", "options", default="seconds", display_name="Unit", description="Unit of the interval value",
              options=(Option("Seconds", "seconds"), Option("Minutes", "minutes"), Option("Hours", "hours"))),
    ),
)
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600}


async def execute(ctx: NodeContext) -> list[list[Item]]:
    return [list(ctx.items) or [{"json": {}}]]


def schedule(node: Node) -> list[str]:
    try:
        value = int(node.parameters.get("interval", 1))
    except (TypeError, ValueError):
        raise ValueError(f"Interval of node '{node.name}' must be a number") from None
    unit = str(node.parameters.get("unit", "seconds"))
    if value <= 0:
        raise ValueError(f"Interval of node '{node.name}' must be at least 1")
    if unit not in _SECONDS:
        raise ValueError(f"Unknown interval unit '{unit}' on node '{node.name}'")
    seconds = value * _SECONDS[unit]
    if seconds > 2_147_483:  # n8n's setInterval limit (ms in a 32-bit int)
        raise ValueError("The interval value is too large.")
    return [f"@every {seconds}"]


def fire(node: Node, *, when: datetime, rule_index: int, static: dict[str, Any]) -> list[Item]:
    return [{"json": {}}]


NODE = NodeType(name="n8n-nodes-base.interval", versions=(
    NodeVersion(description=DESC, execute=execute, hooks={"schedule": schedule, "fire": fire}),))
