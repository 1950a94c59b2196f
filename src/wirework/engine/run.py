"""Running a workflow: the main loop of FORMAT.md §7.2.

``WorkflowRun`` owns one execution's state. Each step takes the front stack entry, picks the
input the node sees, runs it (node_runner), records an n8n task in run data, schedules its
children (scheduler) and, when the stack drains, releases one parked multi-input node.
Order is compatibility: nothing here runs branches concurrently.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from wirework.engine.errors import ExecutionTimeoutError, WorkflowRunError, serialize_error
from wirework.engine.hooks import Hooks
from wirework.engine.node_runner import NodeRun, NodeRunner, finish_outputs, make_task
from wirework.engine.postprocess import with_input_pairing
from wirework.engine.result import ExecutionResult
from wirework.engine.scheduler import Scheduler
from wirework.engine.start import check_node_types, choose_start_node
from wirework.engine.state import ExecutionState, StackEntry
from wirework.expr import DEFAULT_TIMEZONE, ExprContext, default_evaluator
from wirework.model import Item, RunData, Workflow
from wirework.nodes.registry import NodeRegistry, default_registry
from wirework.nodes.sdk import ExecutionServices


class WorkflowRun:
    """One execution of a workflow. Build it, then ``await run.run()``."""

    def __init__(
        self,
        workflow: Workflow,
        *,
        mode: str = "manual",
        registry: NodeRegistry | None = None,
        services: ExecutionServices | None = None,
        hooks: Hooks | None = None,
        execution_id: str | None = None,
        workflow_id: str | None = None,
        variables: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        resume_url: str | None = None,
        state: ExecutionState | None = None,
        allowed_nodes: set[str] | None = None,
    ) -> None:
        self.workflow = workflow
        self.mode = mode
        self.registry = registry or default_registry()
        self._owns_services = services is None
        self.services = services or ExecutionServices(evaluator=default_evaluator())
        self.services.extras.setdefault("node_state", {})
        self.services.extras["put_execution_to_wait"] = self._put_to_wait
        self.hooks = hooks or Hooks()
        self.execution_id = execution_id
        self.workflow_id = workflow_id
        self.variables = variables or {}
        self.env = env
        self.resume_url = resume_url
        self.state = state or ExecutionState()
        self.allowed_nodes = allowed_nodes
        self.wait_till: datetime | None = None
        self.resume_items: list[Item] | None = None
        self._pass_through_next = False
        self._cancel_requested = False
        self._task: asyncio.Task[tuple[str, dict[str, Any] | None]] | None = None
        self.timezone = workflow.timezone or str(self.services.settings.get("timezone") or DEFAULT_TIMEZONE)
        self.scheduler = Scheduler(
            workflow=workflow, state=self.state,
            declared_inputs=self._declared_inputs, required_inputs=self._required_inputs,
            allowed=allowed_nodes,
        )
        self.runner = NodeRunner(workflow=workflow, services=self.services)

    # --- set-up --------------------------------------------------------------------------
    def start_at(self, start_node: str | None = None, trigger_items: list[Item] | None = None) -> None:
        check_node_types(self.workflow, self.registry)
        name = choose_start_node(self.workflow, self.registry, start_node)
        items = trigger_items if trigger_items is not None else [{"json": {}}]
        self.state.stack.append(StackEntry(name, [items], []))

    def _declared_inputs(self, name: str) -> int:
        node = self.workflow.node(name)
        desc = self.registry.get(node.type, node.type_version).description
        return desc.input_count(node.parameters)

    def _required_inputs(self, name: str) -> int | None:
        node = self.workflow.node(name)
        desc = self.registry.get(node.type, node.type_version).description
        req = desc.required_inputs
        return req(node.parameters) if callable(req) else req

    def _put_to_wait(self, until: datetime) -> None:
        self.wait_till = until

    def snapshot(self) -> dict[str, Any]:
        """Everything needed to resume this run later (n8n's IRunExecutionData)."""
        out: dict[str, Any] = {
            "resultData": {"runData": self.state.run_data, "lastNodeExecuted": self.state.last_node_executed},
            "executionData": self.state.to_json(),
        }
        if self.wait_till is not None:
            out["waitTill"] = self.wait_till.isoformat()
        return out

    # --- running -------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop the run: between nodes, or inside a node that is awaiting."""
        self._cancel_requested = True
        if self._task is not None:
            self._task.cancel()

    async def run(self) -> ExecutionResult:
        started = datetime.now(UTC)
        await self.hooks.on_execution_start(self)
        timeout = self.workflow.settings.get("executionTimeout")
        self._task = asyncio.ensure_future(self._loop())
        try:
            if isinstance(timeout, (int, float)) and timeout > 0:
                status, error = await asyncio.wait_for(asyncio.shield(self._task), timeout)
            else:
                status, error = await self._task
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            status = "canceled"
            error = serialize_error(
                ExecutionTimeoutError(f"The execution timed out after {timeout} seconds")
            )
        except asyncio.CancelledError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            if not self._cancel_requested:
                await self._finish("canceled", None, started)
                raise
            status, error = "canceled", {"message": "The execution was canceled", "name": "ExecutionCancelledError"}
        return await self._finish(status, error, started)

    async def _finish(self, status: str, error: dict[str, Any] | None, started: datetime) -> ExecutionResult:
        result = ExecutionResult(
            status=status, run_data=self.state.run_data, mode=self.mode,
            last_node_executed=self.state.last_node_executed, error=error,
            wait_till=self.wait_till if status == "waiting" else None,
            started_at=started, finished_at=datetime.now(UTC),
            execution_data=self.state.to_json(),
        )
        if self._owns_services:
            self.services.evaluator.close()
        await self.hooks.on_execution_finish(result)
        return result

    async def _loop(self) -> tuple[str, dict[str, Any] | None]:
        state = self.state
        while True:
            while state.stack:
                outcome = await self._step(state.stack.popleft())
                if outcome is not None:
                    return outcome
            if not state.waiting or not self.scheduler.release_waiting():
                return "success", None

    def _choose_input(self, inputs: list[list[Item] | None]) -> int | None:
        if self.workflow.execution_order == "v1":
            for k, items in enumerate(inputs):
                if items:
                    return k
            return None
        return 0 if inputs and inputs[0] else None

    async def _step(self, entry: StackEntry) -> tuple[str, dict[str, Any] | None] | None:
        wf, state = self.workflow, self.state
        node = wf.node(entry.node)
        impl = self.registry.get(node.type, node.type_version)
        if not impl.description.executable:
            return None
        run_index = len(state.run_data.get(node.name, []))
        inputs = with_input_pairing(entry.inputs)
        pass_through = self._pass_through_next
        self._pass_through_next = False
        chosen: int | None = 0
        if not (node.disabled or node.name in wf.pin_data or pass_through):
            chosen = self._choose_input(inputs)
            if chosen is None:
                return None
        expr = ExprContext(
            workflow=wf, node=node, run_data=state.run_data,
            inputs=[i if i is not None else [] for i in inputs], input_index=chosen or 0,
            source=entry.source, run_index=run_index, mode=self.mode,
            execution_id=self.execution_id, resume_url=self.resume_url,
            variables=self.variables, env=self.env, timezone=self.timezone,
            now=self.services.clock.now, workflow_id=self.workflow_id,
            node_state=self.services.extras.setdefault("node_state", {}),
        )
        await self.hooks.on_node_start(node.name, run_index)
        start_ms, started = time.time() * 1000, time.perf_counter()
        if pass_through and self.resume_items is not None:
            run = NodeRun(outputs=[self.resume_items])
            self.resume_items = None
        else:
            run = await self.runner.run(node=node, impl=impl, inputs=inputs, expr=expr, pass_through=pass_through)
        regular = impl.description.output_count(node.parameters)
        outputs = finish_outputs(run, node=node, inputs=inputs, regular_outputs=regular)
        if outputs is None and run.error is None and self.wait_till is None:
            return None
        waiting = self.wait_till is not None and run.error is None
        task = make_task(
            start_ms=start_ms, started=started, execution_index=state.next_execution_index(),
            source=entry.source, outputs=outputs, error=run.error, node=node.name,
            status="waiting" if waiting else None, hints=run.hints,
        )
        state.run_data.setdefault(node.name, []).append(task)
        state.last_node_executed = node.name
        if run.error is not None and not run.continued:
            state.stack.appendleft(entry)
            await self.hooks.on_node_finish(node.name, run_index, task, self)
            return "error", task["error"]
        if waiting:
            state.stack.appendleft(entry)
            await self.hooks.on_node_finish(node.name, run_index, task, self)
            return "waiting", None
        if outputs is not None:
            self.scheduler.schedule_children(node.name, outputs, run_index)
        await self.hooks.on_node_finish(node.name, run_index, task, self)
        return None

    # --- resuming ------------------------------------------------------------------------
    def prepare_resume(self, resume_items: list[Item] | None = None) -> None:
        """Continue a run that stopped in ``waiting``: the waiting node's pending task is
        dropped and the node passes its input through (or emits ``resume_items``)."""
        if not self.state.stack:
            return
        head = self.state.stack[0].node
        runs = self.state.run_data.get(head) or []
        if runs and runs[-1].get("executionStatus") == "waiting":
            runs.pop()
            if not runs:
                del self.state.run_data[head]
            self._pass_through_next = True
            self.resume_items = resume_items
        self.wait_till = None


async def run_workflow(
    workflow: Workflow,
    *,
    mode: str = "manual",
    trigger_items: list[Item] | None = None,
    start_node: str | None = None,
    destination_node: str | None = None,
    run_data: RunData | None = None,
    dirty_nodes: list[str] | None = None,
    saved: Mapping[str, Any] | None = None,
    resume_items: list[Item] | None = None,
    **options: Any,
) -> ExecutionResult:
    """Run ``workflow`` and return its result.

    * a normal run starts at the start node (§7.1) with ``trigger_items`` (default one empty item);
    * ``destination_node`` + ``run_data``: a partial run up to that node, reusing earlier data;
    * ``saved`` (a :meth:`WorkflowRun.snapshot`): continue an interrupted or waiting run.
    Extra keyword ``options`` go to :class:`WorkflowRun`.
    """
    if saved is not None:
        state = ExecutionState.from_json(
            dict((saved.get("resultData") or {}).get("runData") or {}), saved.get("executionData")
        )
        state.last_node_executed = (saved.get("resultData") or {}).get("lastNodeExecuted")
        run = WorkflowRun(workflow, mode=mode, state=state, **options)
        check_node_types(workflow, run.registry)
        run.prepare_resume(resume_items)
        return await run.run()
    if destination_node is not None and run_data:
        from wirework.engine.partial import plan_partial_run

        plan = plan_partial_run(
            workflow, destination=destination_node, run_data=run_data, dirty=dirty_nodes or []
        )
        run = WorkflowRun(workflow, mode=mode, state=plan.state, allowed_nodes=plan.allowed, **options)
        check_node_types(workflow, run.registry)
        return await run.run()
    allowed = None
    if destination_node is not None:
        if destination_node not in workflow:
            raise WorkflowRunError(f"destination node '{destination_node}' is not in the workflow")
        allowed = {destination_node, *workflow.ancestors(destination_node)}
    run = WorkflowRun(workflow, mode=mode, allowed_nodes=allowed, **options)
    run.start_at(start_node, trigger_items)
    return await run.run()


def with_services(services: ExecutionServices, **changes: Any) -> ExecutionServices:
    """A copy of ``services`` with some fields replaced (fresh per-execution extras)."""
    return replace(services, extras=dict(changes.pop("extras", {})), **changes)
