"""Which node a run starts from (FORMAT.md §7.1) and validation before running."""

from __future__ import annotations

from wirework.engine.errors import WorkflowRunError
from wirework.engine.graph import TRIGGER_FALLBACK_TYPES
from wirework.model import Workflow
from wirework.nodes.registry import NodeRegistry, UnknownNodeTypeError

STICKY = "n8n-nodes-base.stickyNote"


def check_node_types(wf: Workflow, registry: NodeRegistry) -> None:
    """Every enabled node must have a known type and version."""
    for node in wf.nodes:
        if node.disabled or node.type == STICKY:
            continue
        try:
            registry.get(node.type, node.type_version)
        except UnknownNodeTypeError as exc:
            raise WorkflowRunError(f"node '{node.name}': {exc}", node=node.name) from None


def choose_start_node(wf: Workflow, registry: NodeRegistry, start_node: str | None = None) -> str:
    """The explicit start node, else the first enabled trigger, else a fallback trigger type,
    else the first enabled node without parents."""
    if start_node is not None:
        if start_node not in wf:
            raise WorkflowRunError(f"start node '{start_node}' is not in the workflow", node=start_node)
        return start_node
    enabled = [n for n in wf.nodes if not n.disabled and n.type != STICKY]
    for node in enabled:
        if registry.has(node.type) and registry.get(node.type, node.type_version).description.is_trigger:
            return node.name
    for node in enabled:
        if node.type in TRIGGER_FALLBACK_TYPES:
            return node.name
    for node in enabled:
        if not wf.parents(node.name):
            return node.name
    raise WorkflowRunError("the workflow has no node to start from")
