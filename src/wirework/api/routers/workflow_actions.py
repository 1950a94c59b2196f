"""Workflow actions: activate, deactivate, execute (optionally waiting), its executions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from wirework.api.deps import CtxDep, CurrentUser, PageDep, SessionDep, WorkflowDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, ListEnvelope, ok, paged
from wirework.api.routers.executions import ExecutionPublic, status_list
from wirework.api.schemas.workflows import ExecuteIn, ExecutionStarted, WorkflowPublic, as_items
from wirework.api.services import runs
from wirework.api.services import workflow_ops as ops
from wirework.api.services.workflows import build_document, public, workflow_invalid
from wirework.security import Action
from wirework.store.repos import AuditRepo, ExecutionFilter, ExecutionRepo, WorkflowRepo

router = APIRouter(prefix="/workflows", tags=["workflows"], dependencies=[scope_guard("workflow")])


@router.post("/{workflow_id}/activate", operation_id="workflows-activate",
             response_model=Envelope[WorkflowPublic])
async def activate(access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep) -> Response:
    access.require(Action.UPDATE)
    row = access.row
    await ops.activate_runtime(ctx, session, row)
    await WorkflowRepo(session).set_active(row, True)
    await AuditRepo(session).log("workflow.activated", actor_id=principal.id, resource_type="workflow",
                                 resource_id=row.id)
    await ops.publish(ctx, {"type": "workflow.updated", "workflow_id": row.id, "active": True})
    tags = (await WorkflowRepo(session).tags_for([row.id]))[row.id]
    return ok(public(row, tags))


@router.post("/{workflow_id}/deactivate", operation_id="workflows-deactivate",
             response_model=Envelope[WorkflowPublic])
async def deactivate(access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep) -> Response:
    access.require(Action.UPDATE)
    row = access.row
    await ops.deactivate_runtime(ctx, row.id)
    await WorkflowRepo(session).set_active(row, False)
    await AuditRepo(session).log("workflow.deactivated", actor_id=principal.id, resource_type="workflow",
                                 resource_id=row.id)
    await ops.publish(ctx, {"type": "workflow.updated", "workflow_id": row.id, "active": False})
    tags = (await WorkflowRepo(session).tags_for([row.id]))[row.id]
    return ok(public(row, tags))


@router.post("/{workflow_id}/execute", operation_id="workflows-execute", response_model=Envelope[ExecutionStarted])
async def execute(
    access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep,
    body: ExecuteIn | None = None,
    wait: Annotated[bool, Query(description="wait for the end; adds the last node's output")] = False,
    timeout: Annotated[float, Query(gt=0, le=3600)] = 300.0,
) -> Response:
    """Manual run of the saved workflow (or of unsaved changes sent in ``workflow``)."""
    access.require(Action.EXECUTE)
    body = body or ExecuteIn()
    row = access.row
    document: dict[str, Any] = {"name": row.name, **row.document}
    if body.workflow is not None:
        name, doc = build_document({"name": row.name, **body.workflow})
        document = {"name": name, **doc}
    document["id"] = row.id
    names = {n.get("name") for n in document.get("nodes", []) if isinstance(n, dict)}
    for field, value in (("destination_node", body.destination_node), ("start_node", body.start_node)):
        if value is not None and value not in names:
            raise workflow_invalid(f"{field}: node '{value}' is not in the workflow")
    await session.commit()
    result = await runs.start_and_maybe_wait(
        ctx, wait=wait, timeout=timeout, workflow=document, workflow_id=row.id, mode="manual",
        trigger_items=as_items(body.input), start_node=body.start_node,
        destination_node=body.destination_node, run_data=body.run_data, user_id=principal.id,
    )
    return ok(result, 200 if wait else 202)


@router.get("/{workflow_id}/executions", operation_id="workflows-executions",
            response_model=ListEnvelope[ExecutionPublic])
async def workflow_executions(
    access: WorkflowDep, session: SessionDep, page: PageDep,
    status: Annotated[str | None, Query(max_length=200, description="comma-separated")] = None,
) -> Response:
    f = ExecutionFilter(workflow_id=access.row.id, status=status_list(status))
    rows, total = await ExecutionRepo(session).list(f, offset=page.offset, limit=page.limit)
    return paged([runs.execution_public(r.to_dict()) for r in rows], page=page.page,
                 limit=page.limit, total=total)


@router.post("/{workflow_id}/listen", operation_id="workflows-listen", response_model=Envelope[dict[str, Any]])
async def listen_for_test_event(
    access: WorkflowDep, principal: CurrentUser, ctx: CtxDep, body: ExecuteIn | None = None
) -> Response:
    """Listen on the workflow's test webhook URLs (``/webhook-test/…``) for one call; the
    call then starts a manual execution (the editor's "listen for test event")."""
    access.require(Action.EXECUTE)
    row = access.row
    document: dict[str, Any] = {"name": row.name, **row.document}
    if body is not None and body.workflow is not None:
        name, doc = build_document({"name": row.name, **body.workflow})
        document = {"name": name, **doc}
    service = getattr(ctx.runtime, "webhook_service", None)
    if service is None:
        raise ApiError(503, "EXECUTION_FAILED", "the runtime is not running in this process")
    paths = service.register_test({**document, "id": row.id}, workflow_id=row.id, user_id=principal.id)
    if not paths:
        raise workflow_invalid("the workflow has no webhook node to listen on")
    base = ctx.runtime.base_url
    return ok({"paths": paths, "urls": [f"{base}/webhook-test/{p.lstrip('/')}" for p in paths]})


@router.delete("/{workflow_id}/listen", operation_id="workflows-stop-listening",
               response_model=Envelope[dict[str, Any]])
async def stop_listening(access: WorkflowDep, ctx: CtxDep) -> Response:
    access.require(Action.EXECUTE)
    service = getattr(ctx.runtime, "webhook_service", None)
    if service is not None:
        service.unregister_test(access.row.id)
    return ok({"listening": False})
