"""``/workflows``: CRUD with optimistic concurrency, versions, duplicate, import/export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from starlette.responses import Response

from wirework.api.deps import (
    CtxDep,
    CurrentUser,
    PageDep,
    SessionDep,
    WorkflowDep,
    scope_guard,
    workflow_access,
)
from wirework.api.envelope import Envelope, ListEnvelope, not_found, ok, paged
from wirework.api.schemas.workflows import (
    ImportResult,
    WorkflowCreate,
    WorkflowPublic,
    WorkflowSummary,
    WorkflowUpdate,
    WorkflowVersionPublic,
)
from wirework.api.services import workflow_ops as ops
from wirework.api.services.workflows import build_document, export, public, summary, tag_names
from wirework.security import Action
from wirework.store.repos import AuditRepo, ShareRepo, WorkflowFilter, WorkflowRepo

router = APIRouter(prefix="/workflows", tags=["workflows"], dependencies=[scope_guard("workflow")])
SORT_PATTERN = r"^-?(updated_at|created_at|name)$"
MAX_EXPORT = 10_000


@router.get("", operation_id="workflows-list", response_model=ListEnvelope[WorkflowSummary])
async def list_workflows(
    principal: CurrentUser, session: SessionDep, page: PageDep,
    search: Annotated[str | None, Query(max_length=200, description="name contains")] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    active: bool | None = None,
    sort: Annotated[str, Query(pattern=SORT_PATTERN)] = "-updated_at",
) -> Response:
    repo = WorkflowRepo(session)
    f = WorkflowFilter(user_id=principal.scope_user, search=search, tag=tag, active=active, sort=sort)
    rows, total = await repo.list(f, offset=page.offset, limit=page.limit)
    tags = await repo.tags_for([r.id for r in rows])
    return paged([summary(r, tags[r.id]) for r in rows], page=page.page, limit=page.limit, total=total)


@router.post("", operation_id="workflows-create", status_code=201, response_model=Envelope[WorkflowPublic])
async def create_workflow(body: WorkflowCreate, principal: CurrentUser, session: SessionDep) -> Response:
    data = body.model_dump(exclude_none=True)
    row, tags = await ops.create(session, data, owner_id=principal.id)
    return ok(public(row, tags), 201)


@router.post("/import", operation_id="workflows-import", status_code=201, response_model=Envelope[ImportResult])
async def import_workflows(
    principal: CurrentUser, session: SessionDep,
    body: Annotated[dict[str, Any] | list[Any], Body(
        description="one n8n workflow, a list of them, or {'workflows': [...]}")],
) -> Response:
    docs = body if isinstance(body, list) else body.get("workflows", [body])
    if not isinstance(docs, list) or not docs:
        from wirework.api.envelope import invalid

        raise invalid("nothing to import: send a workflow, a list of workflows or {'workflows': [...]}")
    imported = []
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict):
            from wirework.api.services.workflows import workflow_invalid

            raise workflow_invalid(f"workflows[{i}] must be an object")
        row, tags = await ops.create(session, doc, owner_id=principal.id, keep_id=True, index=i)
        imported.append(summary(row, tags))
    await AuditRepo(session).log("workflow.imported", actor_id=principal.id,
                                 details={"count": len(imported)})
    return ok({"imported": imported}, 201)


@router.get("/export", operation_id="workflows-export-many", response_model=Envelope[dict[str, Any]])
async def export_many(
    principal: CurrentUser, session: SessionDep,
    ids: Annotated[str | None, Query(max_length=20_000, description="comma-separated workflow ids; "
                                     "default: every workflow you can see")] = None,
) -> Response:
    """n8n JSON of many workflows as ``{"workflows": [...]}``, the shape ``/workflows/import`` takes."""
    repo = WorkflowRepo(session)
    if ids:
        rows = [(await workflow_access(i, principal, session)).row
                for i in dict.fromkeys(p.strip() for p in ids.split(",") if p.strip())]
    else:
        rows, _ = await repo.list(WorkflowFilter(user_id=principal.scope_user, sort="created_at"),
                                  limit=MAX_EXPORT)
    tags = await repo.tags_for([r.id for r in rows])
    return ok({"workflows": [export(r, tags[r.id]) for r in rows]})


@router.get("/{workflow_id}", operation_id="workflows-get", response_model=Envelope[WorkflowPublic])
async def get_workflow(access: WorkflowDep, session: SessionDep) -> Response:
    tags = (await WorkflowRepo(session).tags_for([access.row.id]))[access.row.id]
    return ok({**public(access.row, tags), "role": access.role})


@router.put("/{workflow_id}", operation_id="workflows-update", response_model=Envelope[WorkflowPublic])
async def update_workflow(
    body: WorkflowUpdate, access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep
) -> Response:
    access.require(Action.UPDATE)
    row = access.row
    changes = body.model_dump(exclude_unset=True)
    expected = changes.pop("version", None)
    new_tags = changes.pop("tags", None)
    merged = {"name": row.name, **row.document, **changes}
    name, document = build_document(merged)
    repo = WorkflowRepo(session)
    await repo.update(row, name=name, document=document, expected_version=expected, author_id=principal.id)
    if new_tags is not None:
        await repo.set_tags(row.id, tag_names(new_tags))
    warning = await ops.after_save(ctx, session, row)
    tags = (await repo.tags_for([row.id]))[row.id]
    return ok({**public(row, tags), **({"activation_error": warning} if warning else {})})


@router.delete("/{workflow_id}", operation_id="workflows-delete", response_model=Envelope[dict[str, Any]])
async def delete_workflow(access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep) -> Response:
    access.require(Action.DELETE)
    if access.row.active:
        await ops.deactivate_runtime(ctx, access.row.id)
    await WorkflowRepo(session).soft_delete(access.row)
    await ShareRepo(session).delete_for("workflow", access.row.id)
    await AuditRepo(session).log("workflow.deleted", actor_id=principal.id, resource_type="workflow",
                                 resource_id=access.row.id, details={"name": access.row.name})
    await ops.publish(ctx, {"type": "workflow.updated", "workflow_id": access.row.id, "deleted": True})
    return ok({"id": access.row.id, "deleted": True})


@router.post("/{workflow_id}/duplicate", operation_id="workflows-duplicate", status_code=201,
             response_model=Envelope[WorkflowPublic])
async def duplicate_workflow(
    access: WorkflowDep, principal: CurrentUser, session: SessionDep,
    name: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
) -> Response:
    src = access.row
    tags = (await WorkflowRepo(session).tags_for([src.id]))[src.id]
    doc = {**src.document, "name": name or f"{src.name} (copy)", "tags": [t.name for t in tags]}
    row, new_tags = await ops.create(session, doc, owner_id=principal.id)
    return ok(public(row, new_tags), 201)


@router.get("/{workflow_id}/export", operation_id="workflows-export", response_model=Envelope[dict[str, Any]])
async def export_workflow(access: WorkflowDep, session: SessionDep) -> Response:
    tags = (await WorkflowRepo(session).tags_for([access.row.id]))[access.row.id]
    return ok(export(access.row, tags))


@router.get("/{workflow_id}/versions", operation_id="workflows-versions",
            response_model=Envelope[list[WorkflowVersionPublic]])
async def list_versions(access: WorkflowDep, session: SessionDep) -> Response:
    rows = await WorkflowRepo(session).versions(access.row.id)
    return ok([{"version": v.version, "name": v.name, "author_id": v.author_id,
                "created_at": v.created_at} for v in rows])


@router.get("/{workflow_id}/versions/{version}", operation_id="workflows-version",
            response_model=Envelope[WorkflowVersionPublic])
async def get_version(version: int, access: WorkflowDep, session: SessionDep) -> Response:
    v = await WorkflowRepo(session).version(access.row.id, version)
    if v is None:
        raise not_found(f"version {version} of workflow '{access.row.id}'")
    return ok({"version": v.version, "name": v.name, "author_id": v.author_id,
               "created_at": v.created_at, "document": v.document})


@router.post("/{workflow_id}/versions/{version}/restore", operation_id="workflows-restore-version",
             response_model=Envelope[WorkflowPublic])
async def restore_version(
    version: int, access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep
) -> Response:
    access.require(Action.UPDATE)
    repo = WorkflowRepo(session)
    v = await repo.version(access.row.id, version)
    if v is None:
        raise not_found(f"version {version} of workflow '{access.row.id}'")
    await repo.update(access.row, name=v.name, document=v.document, expected_version=None,
                      author_id=principal.id)
    warning = await ops.after_save(ctx, session, access.row)
    tags = (await repo.tags_for([access.row.id]))[access.row.id]
    return ok({**public(access.row, tags), **({"activation_error": warning} if warning else {})})
