"""The hook interface later layers subscribe to (progress saving, events, metrics)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wirework.model import TaskData

if TYPE_CHECKING:
    from wirework.engine.result import ExecutionResult
    from wirework.engine.run import WorkflowRun


class Hooks:
    """Subclass and override what you need; every method is awaited by the engine."""

    async def on_execution_start(self, run: WorkflowRun) -> None:
        return None

    async def on_node_start(self, node: str, run_index: int) -> None:
        return None

    async def on_node_finish(self, node: str, run_index: int, task: TaskData, run: WorkflowRun) -> None:
        """Called after the node's task is recorded and its children are scheduled, so
        ``run.snapshot()`` here is a consistent point to resume from."""
        return None

    async def on_execution_finish(self, result: ExecutionResult) -> None:
        return None


class HookChain(Hooks):
    """Several hook objects called in order."""

    def __init__(self, *hooks: Hooks) -> None:
        self.hooks = [h for h in hooks if h is not None]

    async def on_execution_start(self, run: WorkflowRun) -> None:
        for h in self.hooks:
            await h.on_execution_start(run)

    async def on_node_start(self, node: str, run_index: int) -> None:
        for h in self.hooks:
            await h.on_node_start(node, run_index)

    async def on_node_finish(self, node: str, run_index: int, task: TaskData, run: WorkflowRun) -> None:
        for h in self.hooks:
            await h.on_node_finish(node, run_index, task, run)

    async def on_execution_finish(self, result: ExecutionResult) -> None:
        for h in self.hooks:
            await h.on_execution_finish(result)


