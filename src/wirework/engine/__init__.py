"""Running one workflow: start-node choice, v0/v1 order, waiting, retries, run data."""

from wirework.engine.errors import WorkflowRunError, serialize_error
from wirework.engine.hooks import HookChain, Hooks
from wirework.engine.result import ExecutionResult
from wirework.engine.run import WorkflowRun, run_workflow
from wirework.engine.state import ExecutionState

__all__ = [
    "ExecutionResult",
    "ExecutionState",
    "HookChain",
    "Hooks",
    "WorkflowRun",
    "WorkflowRunError",
    "run_workflow",
    "serialize_error",
]
