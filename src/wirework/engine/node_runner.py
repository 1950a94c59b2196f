"""Run one node once: pin data, disabled pass-through, retries, errors, post-processing."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from wirework.engine.errors import error_message, serialize_error
from wirework.engine.postprocess import (
    fill_paired_items,
    normalise_items,
    replace_item_errors,
    route_error_output,
)
from wirework.expr import ExprContext, ExpressionError
from wirework.model import Item, Node, Outputs, Workflow
from wirework.nodes.sdk import ExecutionServices, NodeContext, NodeError, NodeVersion

MAX_TRIES_DEFAULT, MAX_TRIES_MIN, MAX_TRIES_MAX = 3, 2, 5
WAIT_DEFAULT_MS, WAIT_MAX_MS = 1000, 5000


def retry_policy(node: Node) -> tuple[int, float]:
    """(tries, seconds between tries) with n8n's clamps."""
    if not node.retry_on_fail:
        return 1, 0.0
    tries = node.max_tries if isinstance(node.max_tries, int) else MAX_TRIES_DEFAULT
    wait = node.wait_between_tries if isinstance(node.wait_between_tries, (int, float)) else WAIT_DEFAULT_MS
    tries = min(max(tries, MAX_TRIES_MIN), MAX_TRIES_MAX)
    wait = min(max(wait, 0), WAIT_MAX_MS)
    return tries, wait / 1000


@dataclass(slots=True)
class NodeRun:
    """The outcome of running a node: outputs (None = produced nothing) and/or an error."""

    outputs: Outputs | None
    error: BaseException | None = None
    #: the error does not stop the workflow (continue-on-fail)
    continued: bool = False
    hints: list[dict[str, Any]] = field(default_factory=list)
    #: continueErrorOutput after a thrown error: the items for the error output
    error_items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class NodeRunner:
    workflow: Workflow
    services: ExecutionServices

    async def run(
        self,
        *,
        node: Node,
        impl: NodeVersion,
        inputs: list[list[Item] | None],
        expr: ExprContext,
        pass_through: bool = False,
    ) -> NodeRun:
        if pass_through or node.disabled:
            first = inputs[0] if inputs else None
            return NodeRun(outputs=[list(first)] if first is not None else None)
        if node.name in self.workflow.pin_data:
            return NodeRun(outputs=[[dict(i) for i in self.workflow.pin_data[node.name]]])
        node_inputs = [list(i) if i is not None else [] for i in inputs]
        if node.execute_once:
            node_inputs = [i[:1] for i in node_inputs]
            expr.inputs = node_inputs
        await self.services.evaluator.prepare(expr)  # e.g. JS parameters for all items, off the loop
        tries, wait = retry_policy(node)
        error: BaseException | None = None
        outputs: Outputs | None = None
        hints: list[dict[str, Any]] = []
        for attempt in range(tries):
            if attempt:
                await self.services.clock.sleep(wait)
            error = None
            try:
                ctx = NodeContext(
                    workflow=self.workflow, node=node, description=impl.description,
                    inputs=node_inputs, expr=expr, services=self.services,
                )
                raw = await impl.execute(ctx) if impl.execute is not None else None
                hints = ctx.hints
                outputs = normalise_items(raw) if raw is not None else None
            except asyncio.CancelledError:
                raise
            except (NodeError, ExpressionError) as exc:
                if getattr(exc, "node", None) is None:
                    exc.node = node.name
                error = exc
                if isinstance(exc, NodeError) and not exc.retryable:
                    break
                continue
            except Exception as exc:  # a bug in a node must not take the engine down
                error = exc
                continue
            head = outputs[0][0] if outputs and outputs[0] else None
            if tries > 1 and attempt < tries - 1 and head and isinstance(head.get("json"), dict) \
                    and "error" in head["json"]:
                continue
            break
        if error is not None:
            return self._failed(node, node_inputs, error)
        return NodeRun(outputs=outputs, hints=hints)

    def _failed(self, node: Node, inputs: list[list[Item]], error: BaseException) -> NodeRun:
        mode = node.error_mode
        if mode == "stopWorkflow":
            return NodeRun(outputs=None, error=error)
        passed = [dict(i) for i in inputs[0]] if inputs else []
        if mode == "continueErrorOutput":
            msg = error_message(error)
            return NodeRun(
                outputs=None, error=error, continued=True,
                error_items=[{**i, "json": {**i["json"], "error": msg}} for i in passed],
            )
        return NodeRun(outputs=[passed], error=error, continued=True)


def finish_outputs(
    run: NodeRun, *, node: Node, inputs: list[list[Item] | None], regular_outputs: int
) -> Outputs | None:
    """Apply FORMAT.md §7.3 to a node's outputs; None means "record nothing"."""
    outputs = run.outputs
    if run.error is not None and run.continued and node.error_mode == "continueErrorOutput":
        return [[] for _ in range(regular_outputs)] + [run.error_items]
    if outputs is not None:
        fill_paired_items(outputs, inputs)
    if node.always_output_data and (outputs is None or not outputs or not outputs[0]):
        outputs = outputs or [[]]
        if not outputs:
            outputs.append([])
        outputs[0] = [{"json": {}, "pairedItem": {"item": 0}}]
    if outputs is None:
        return None
    if node.error_mode == "continueErrorOutput" and run.error is None:
        outputs = route_error_output(outputs, inputs, regular_outputs)
    replace_item_errors(outputs)
    return outputs


def make_task(
    *,
    start_ms: float,
    started: float,
    execution_index: int,
    source: list[dict[str, Any] | None],
    outputs: Outputs | None,
    error: BaseException | None,
    node: str,
    status: str | None = None,
    hints: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    task: dict[str, Any] = {
        "startTime": int(start_ms),
        "executionIndex": execution_index,
        "executionTime": int((time.perf_counter() - started) * 1000),
        "executionStatus": status or ("error" if error is not None else "success"),
        "source": [s for s in source],
    }
    if outputs is not None:
        task["data"] = {"main": outputs}
    if error is not None:
        task["error"] = serialize_error(error, node=node)
    if hints:
        task["hints"] = hints
    return task
