"""n8n-compatible workflow model: load, validate and dump workflow JSON."""

from wirework.model.errors import WorkflowError
from wirework.model.types import JSON, Item, Outputs, PairedItem, RunData, TaskData
from wirework.model.workflow import (
    Connection,
    Node,
    Workflow,
    dump_connections,
    dump_workflow,
    load_workflow,
)

__all__ = [
    "JSON",
    "Connection",
    "Item",
    "Node",
    "Outputs",
    "PairedItem",
    "RunData",
    "TaskData",
    "Workflow",
    "WorkflowError",
    "dump_connections",
    "dump_workflow",
    "load_workflow",
]
