"""Running a sub-workflow for the Execute Workflow node.

The engine resolves inline JSON and local files itself; workflows stored in the database
come through ``load_by_id``, which the runtime provides.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from wirework.model import Item, Workflow, WorkflowError, load_workflow
from wirework.nodes.sdk import ExecutionServices, NodeContext, NodeError

LoadById = Callable[[str], Awaitable[Mapping[str, Any]]]
TRIGGER = "n8n-nodes-base.executeWorkflowTrigger"


def _unwrap(value: Any) -> Any:
    # resourceLocator parameters arrive as {"__rl": true, "value": …, "mode": …}
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


class SubworkflowRunner:
    def __init__(self, *, base_dir: Path | None = None, load_by_id: LoadById | None = None) -> None:
        self.base_dir = base_dir or Path.cwd()
        self.load_by_id = load_by_id

    async def _load(self, spec: Mapping[str, Any], parent: NodeContext) -> Workflow:
        source = spec.get("source", "database")
        try:
            if source == "parameter":
                raw = spec.get("workflowJson")
                return load_workflow(raw if isinstance(raw, (dict, str)) else json.dumps(raw))
            if source == "localFile":
                path = Path(str(_unwrap(spec.get("workflowPath")) or ""))
                if not path.is_absolute():
                    path = self.base_dir / path
                return load_workflow(path.read_text(encoding="utf-8"))
            if source == "database":
                wf_id = str(_unwrap(spec.get("workflowId")) or "")
                if self.load_by_id is None:
                    raise NodeError("Workflows stored on the server can only be called from the server",
                                    node=parent.node.name, parameter="workflowId", retryable=False)
                return load_workflow(dict(await self.load_by_id(wf_id)))
        except (OSError, WorkflowError) as exc:
            raise NodeError(f"Could not load the sub-workflow: {exc}", node=parent.node.name,
                            parameter="source", retryable=False) from exc
        raise NodeError(f"Unknown sub-workflow source '{source}'", node=parent.node.name,
                        parameter="source", retryable=False)

    async def __call__(
        self, spec: Mapping[str, Any], items: list[Item], *, parent: NodeContext, wait: bool = True,
        **_: Any,
    ) -> list[list[Item]]:
        from wirework.engine.run import run_workflow, with_services

        wf = await self._load(spec, parent)
        start = next((n.name for n in wf.nodes if n.type == TRIGGER and not n.disabled), None)
        folder = parent.execution_id or parent.services.extras.get("binary_folder")
        services: ExecutionServices = with_services(parent.services, extras={"binary_folder": folder} if folder else {})
        result = await run_workflow(
            wf, mode="integrated", start_node=start,
            trigger_items=[{"json": i.get("json", {}), **({"binary": i["binary"]} if i.get("binary") else {})}
                           for i in items],
            services=services,
        )
        if result.status == "error":
            msg = (result.error or {}).get("message", "sub-workflow failed")
            raise NodeError(msg, node=parent.node.name, description="Error in sub-workflow")
        if not wait or not result.last_node_executed:
            return [items]
        runs = result.run_data.get(result.last_node_executed) or []
        main = (runs[-1].get("data") or {}).get("main") if runs else None
        return [list(o or []) for o in main] if main else [[]]
