"""Schedule Trigger (``n8n-nodes-base.scheduleTrigger``).

Hooks: ``schedule(node)`` -> cron expressions (6 fields, seconds first), one per rule;
``fire(node, when=, rule_index=, static=)`` -> the trigger items, or None when an
every-N rule skips this tick.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wirework.model import Item, Node
from wirework.nodes._common.schedule_items import recurrence_due, schedule_item
from wirework.nodes.schedule_trigger.description import DESC
from wirework.nodes.schedule_trigger.rules import rules_of
from wirework.nodes.sdk import NodeContext, NodeType, NodeVersion


async def execute(ctx: NodeContext) -> list[list[Item]]:
    items = [i for i in ctx.items if i.get("json")]
    if not items:  # run by hand: behave like a firing now
        from zoneinfo import ZoneInfo

        items = [schedule_item(ctx.now().astimezone(ZoneInfo(ctx.timezone)), ctx.timezone)]
    return [items]


def schedule(node: Node) -> list[str]:
    return [r.cron for r in rules_of(node.parameters)]


def fire(node: Node, *, when: datetime, rule_index: int, static: dict[str, Any]) -> list[Item] | None:
    rules = rules_of(node.parameters)
    rule = rules[rule_index]
    if rule.unit and not recurrence_due(static, rule_index=rule_index, unit=rule.unit,
                                        interval=rule.interval, when=when):
        return None
    tz = getattr(when.tzinfo, "key", None) or str(when.tzinfo)
    return [schedule_item(when, tz)]


NODE = NodeType(
    name="n8n-nodes-base.scheduleTrigger",
    versions=(NodeVersion(description=DESC, execute=execute, hooks={"schedule": schedule, "fire": fire}),),
)
