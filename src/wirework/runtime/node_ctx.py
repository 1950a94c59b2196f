"""A NodeContext outside an engine run: for webhook handlers, pollers and schedule hooks."""

from __future__ import annotations

from typing import Any

from wirework.expr import ExprContext
from wirework.model import Item, Node, Workflow
from wirework.nodes.registry import NodeRegistry
from wirework.nodes.sdk import ExecutionServices, NodeContext, NodeDescription


def make_node_context(workflow: Workflow, node: Node, *, registry: NodeRegistry, mode: str,
                      services: ExecutionServices, items: list[Item] | None = None,
                      workflow_id: str | None = None, timezone: str = "America/New_York",
                      description: NodeDescription | None = None,
                      execution_id: str | None = None) -> NodeContext:
    desc = description or registry.get(node.type, node.type_version).description
    inputs = [items if items is not None else [{"json": {}}]]
    expr = ExprContext(workflow=workflow, node=node, run_data={}, inputs=inputs, mode=mode,
                       timezone=workflow.timezone or timezone, now=services.clock.now,
                       workflow_id=workflow_id, workflow_active=True, execution_id=execution_id)
    return NodeContext(workflow=workflow, node=node, description=desc, inputs=inputs, expr=expr,
                       services=services)


def hooks_of(registry: NodeRegistry, node: Node) -> dict[str, Any]:
    if not registry.has(node.type):
        return {}
    try:
        return dict(registry.get(node.type, node.type_version).hooks)
    except LookupError:
        return {}
