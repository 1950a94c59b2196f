"""Legacy Cron trigger (``n8n-nodes-base.cron``): fires an empty item at the trigger times.

Hooks: ``schedule(node)`` -> cron expressions; ``fire(...)`` -> ``[{"json": {}}]``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wirework.model import Item, Node
from wirework.nodes._common.trigger_times import times_param, times_to_crons
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

DESC = NodeDescription(
    name="n8n-nodes-base.cron", display_name="Cron", versions=(1,),
    description="Triggers the workflow at a specific time", group=("trigger", "schedule"),
    inputs=0, outputs=1, icon="fa:clock", color="#29a568", default_name="Cron", hidden=True,
    subtitle='={{$parameter["triggerTimes"].item ? $parameter["triggerTimes"].item.map(v => v.mode).join(", ") : ""}}',
    properties=(
        Param("notice", "notice", default="", display_name="This workflow will run on the schedule you define here once you <a data-key=\"activate\">activate</a> it.<br><br>For testing, you can also trigger it manually: by going back to the canvas and clicking 'execute workflow'"),
        times_param("triggerTimes", "Trigger Times", default={}),
    ),
)


async def execute(ctx: NodeContext) -> list[list[Item]]:
    return [list(ctx.items) or [{"json": {}}]]


def schedule(node: Node) -> list[str]:
    return times_to_crons(node.parameters.get("triggerTimes"))


def fire(node: Node, *, when: datetime, rule_index: int, static: dict[str, Any]) -> list[Item]:
    return [{"json": {}}]


NODE = NodeType(name="n8n-nodes-base.cron", versions=(
    NodeVersion(description=DESC, execute=execute, hooks={"schedule": schedule, "fire": fire}),))
