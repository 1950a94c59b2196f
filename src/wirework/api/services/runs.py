"""Starting and awaiting executions through the runtime's ExecutionService."""

from __future__ import annotations

from typing import Any

from wirework.api.context import AppContext
from wirework.api.envelope import ApiError, not_found

FINAL = ("success", "error", "canceled", "crashed", "waiting")


def service(ctx: AppContext) -> Any:
    if ctx.runtime is None:
        raise ApiError(503, "EXECUTION_FAILED", "the runtime is not running in this process")
    return ctx.runtime.executions


def execution_public(row: dict[str, Any], *, with_data: bool = False) -> dict[str, Any]:
    keys = ("id", "workflow_id", "status", "mode", "created_at", "started_at", "finished_at",
            "wait_till", "retry_of", "retry_success_id", "error", "last_node_executed", "attempts",
            "created_by")
    out = {k: row.get(k) for k in keys}
    out["finished"] = row.get("status") == "success"
    if "output" in row:
        out["output"] = row["output"]
    if with_data:
        out["data"] = row.get("data")
        out["workflow_data"] = row.get("workflow_snapshot")
    return out


async def start_and_maybe_wait(
    ctx: AppContext, *, wait: bool, timeout: float, **start_kw: Any
) -> dict[str, Any]:
    from wirework.runtime import RuntimeServiceError

    svc = service(ctx)
    try:
        execution_id = await svc.start(**start_kw)
    except RuntimeServiceError as exc:
        raise ApiError(422, "EXECUTION_FAILED", str(exc)) from None
    if not wait:
        return {"id": execution_id, "status": "queued"}
    try:
        row = await svc.wait(execution_id, timeout=timeout)
    except TimeoutError:
        return {"id": execution_id, "status": "running",
                "message": f"still running after {timeout:g}s; poll GET /executions/{execution_id}"}
    return execution_public(row)


async def get_row(ctx: AppContext, execution_id: str, *, with_data: bool) -> dict[str, Any]:
    from wirework.runtime import ExecutionNotFoundError

    try:
        row: dict[str, Any] = await service(ctx).get(execution_id, with_data=with_data)
    except ExecutionNotFoundError:
        raise not_found(f"execution '{execution_id}'") from None
    return row
