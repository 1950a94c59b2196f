"""Engine errors and their n8n-shaped serialisation for run data."""

from __future__ import annotations

import traceback
from typing import Any

from wirework.expr import ExpressionError
from wirework.nodes.sdk import NodeError


class WorkflowRunError(Exception):
    """The workflow cannot run at all (unknown node type, no start node, …)."""

    def __init__(self, message: str, *, node: str | None = None) -> None:
        super().__init__(message)
        self.node = node


class ExecutionTimeoutError(Exception):
    pass


def serialize_error(exc: BaseException, *, node: str | None = None) -> dict[str, Any]:
    """n8n's error object as stored in ``runData[node][i].error`` / ``resultData.error``."""
    if isinstance(exc, NodeError):
        out = exc.to_json()
        node = exc.node or node
    elif isinstance(exc, ExpressionError):
        out = {"message": exc.message, "name": "ExpressionError", "context": dict(exc.context)}
        if exc.description:
            out["description"] = exc.description
        if exc.parameter:
            out["context"].setdefault("parameter", exc.parameter)
        if exc.item_index is not None:
            out["context"].setdefault("itemIndex", exc.item_index)
    elif isinstance(exc, WorkflowRunError):
        out = {"message": str(exc), "name": "WorkflowOperationError"}
        node = exc.node or node
    else:
        out = {"message": str(exc) or type(exc).__name__, "name": "NodeOperationError",
               "description": f"{type(exc).__name__}: {exc}"}
    if node:
        out["node"] = {"name": node}
    out["stack"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return out


def error_message(exc: BaseException) -> str:
    if isinstance(exc, (NodeError, ExpressionError)):
        return exc.message
    return str(exc) or type(exc).__name__
