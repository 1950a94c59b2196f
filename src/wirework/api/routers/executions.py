"""``/executions``: list, get (with run data), data, retry, stop, delete (single and bulk)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import CtxDep, CurrentUser, PageDep, SessionDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, ListEnvelope, invalid, not_found, ok, paged
from wirework.api.services import runs
from wirework.security import Action, allows
from wirework.store.models import ExecutionRow, WorkflowRow
from wirework.store.models_exec import STATUSES
from wirework.store.repos import AuditRepo, ExecutionFilter, ExecutionRepo, role_on

router = APIRouter(prefix="/executions", tags=["executions"], dependencies=[scope_guard("execution")])
MODES = ("manual", "trigger", "webhook", "schedule", "retry", "error", "cli", "integrated", "internal")


class ExecutionPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    workflow_id: str | None
    status: str
    mode: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RetryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_failed_node: bool = True
    use_saved_workflow: bool = False


class BulkDeleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[str] = Field(min_length=1, max_length=1000)


def status_list(raw: str | None) -> list[str] | None:
    if not raw:
        return None
    values = [v.strip() for v in raw.split(",") if v.strip()]
    bad = [v for v in values if v not in STATUSES]
    if bad:
        raise invalid(f"unknown status {bad[0]!r}; use one of {', '.join(STATUSES)}")
    return values


@dataclass
class ExecutionAccess:
    row: ExecutionRow
    role: str

    def require(self, action: Action) -> None:
        if not allows(self.role, action):
            raise ApiError(403, "FORBIDDEN", f"your role '{self.role}' does not allow '{action.value}' here")


async def execution_access(execution_id: str, principal: CurrentUser, session: SessionDep) -> ExecutionAccess:
    row = await ExecutionRepo(session).get(execution_id)
    if row is None:
        raise not_found(f"execution '{execution_id}'")
    role: str | None = "owner" if principal.is_admin else None
    if role is None and row.workflow_id is not None:
        wf = await session.get(WorkflowRow, row.workflow_id)
        if wf is not None:
            role = await role_on(session, resource_type="workflow", resource_id=wf.id,
                                 owner_id=wf.owner_id, user_id=principal.id)
    elif role is None and row.created_by == principal.id:
        role = "owner"
    if role is None:
        raise not_found(f"execution '{execution_id}'")
    return ExecutionAccess(row, role)


ExecutionDep = Annotated[ExecutionAccess, Depends(execution_access)]


@router.get("", operation_id="executions-list", response_model=ListEnvelope[ExecutionPublic])
async def list_executions(
    principal: CurrentUser, session: SessionDep, page: PageDep,
    workflow_id: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[str | None, Query(max_length=200, description="comma-separated statuses")] = None,
    mode: Annotated[str | None, Query(max_length=200, description="comma-separated modes")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    modes = [m.strip() for m in (mode or "").split(",") if m.strip()] or None
    if bad := [m for m in modes or () if m not in MODES]:
        raise invalid(f"unknown mode {bad[0]!r}; use one of {', '.join(MODES)}")
    f = ExecutionFilter(workflow_id=workflow_id, status=status_list(status), mode=modes,
                        since=since, until=until, visible_to=principal.scope_user)
    rows, total = await ExecutionRepo(session).list(f, offset=page.offset, limit=page.limit)
    return paged([runs.execution_public(r.to_dict()) for r in rows], page=page.page,
                 limit=page.limit, total=total)


@router.post("/bulk-delete", operation_id="executions-bulk-delete", response_model=Envelope[dict[str, int]])
async def bulk_delete(body: BulkDeleteIn, principal: CurrentUser, session: SessionDep) -> Response:
    """Deletes those of ``ids`` the caller may delete; others are skipped (and counted)."""
    deletable = []
    for eid in dict.fromkeys(body.ids):
        try:
            access = await execution_access(eid, principal, session)
        except ApiError:
            continue
        if allows(access.role, Action.UPDATE) and access.row.status not in ("running", "queued", "new"):
            deletable.append(eid)
    deleted = await ExecutionRepo(session).delete(deletable)
    await AuditRepo(session).log("execution.deleted", actor_id=principal.id, details={"count": deleted})
    return ok({"deleted": deleted, "skipped": len(set(body.ids)) - deleted})


@router.get("/{execution_id}", operation_id="executions-get", response_model=Envelope[ExecutionPublic])
async def get_execution(
    access: ExecutionDep, ctx: CtxDep, include_data: bool = False
) -> Response:
    row = await runs.get_row(ctx, access.row.id, with_data=include_data)
    return ok(runs.execution_public(row, with_data=include_data))


@router.get("/{execution_id}/data", operation_id="executions-data", response_model=Envelope[dict[str, Any]])
async def execution_data(access: ExecutionDep, session: SessionDep) -> Response:
    run_data, trigger = await ExecutionRepo(session).get_data(access.row.id)
    return ok({"id": access.row.id, "status": access.row.status, "data": run_data,
               "trigger_input": trigger, "workflow_data": access.row.workflow_snapshot})


@router.post("/{execution_id}/retry", operation_id="executions-retry", status_code=202,
             response_model=Envelope[dict[str, str]])
async def retry_execution(
    access: ExecutionDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep, body: RetryIn | None = None
) -> Response:
    access.require(Action.EXECUTE)
    body = body or RetryIn()
    from wirework.runtime import ExecutionStateError

    workflow = None
    if body.use_saved_workflow and access.row.workflow_id:
        wf = await session.get(WorkflowRow, access.row.workflow_id)
        if wf is not None and wf.deleted_at is None:
            workflow = {"name": wf.name, **wf.document, "id": wf.id}
    await session.commit()
    try:
        new_id = await runs.service(ctx).retry(
            access.row.id, from_failed_node=body.from_failed_node, workflow=workflow, user_id=principal.id)
    except ExecutionStateError as exc:
        raise ApiError(409, "CONFLICT", str(exc)) from None
    return ok({"id": new_id, "retry_of": access.row.id, "status": "queued"}, 202)


@router.post("/{execution_id}/stop", operation_id="executions-stop", response_model=Envelope[dict[str, Any]])
async def stop_execution(access: ExecutionDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep) -> Response:
    access.require(Action.EXECUTE)
    if access.row.status in ("success", "error", "canceled", "crashed"):
        raise ApiError(409, "CONFLICT", f"execution '{access.row.id}' already finished ({access.row.status})")
    await session.commit()
    await runs.service(ctx).stop(access.row.id)
    return ok({"id": access.row.id, "stopping": True})


@router.delete("/{execution_id}", operation_id="executions-delete", response_model=Envelope[dict[str, Any]])
async def delete_execution(access: ExecutionDep, principal: CurrentUser, session: SessionDep) -> Response:
    access.require(Action.UPDATE)
    if access.row.status in ("running", "queued", "new"):
        raise ApiError(409, "CONFLICT", f"execution '{access.row.id}' is {access.row.status}; stop it first")
    await ExecutionRepo(session).delete([access.row.id])
    await AuditRepo(session).log("execution.deleted", actor_id=principal.id, resource_type="execution",
                                 resource_id=access.row.id)
    return ok({"id": access.row.id, "deleted": True})
