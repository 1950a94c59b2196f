"""Node-level edits inside a workflow, and running one node on given or pinned input."""

from __future__ import annotations

import copy
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from wirework.api.deps import CtxDep, CurrentUser, SessionDep, WorkflowDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, not_found, ok
from wirework.api.schemas.workflows import (
    ConnectionIn,
    ExecutionStarted,
    NodeIn,
    NodeTestIn,
    NodeUpdate,
    WorkflowPublic,
    as_items,
)
from wirework.api.services import runs
from wirework.api.services import workflow_ops as ops
from wirework.api.services.workflows import (
    build_document,
    drop_from_connections,
    find_node,
    public,
    rename_in_connections,
    workflow_invalid,
)
from wirework.security import Action
from wirework.store.repos import WorkflowRepo

router = APIRouter(prefix="/workflows", tags=["workflow-nodes"], dependencies=[scope_guard("workflow")])
TEST_TRIGGER = "__wirework_test_input__"


async def _save(
    access: WorkflowDep, document: dict[str, Any], *, principal: CurrentUser, session: SessionDep,
    ctx: CtxDep, expected: int | None,
) -> Response:
    row = access.row
    name, document = build_document({"name": row.name, **document})
    repo = WorkflowRepo(session)
    await repo.update(row, name=name, document=document, expected_version=expected, author_id=principal.id)
    warning = await ops.after_save(ctx, session, row)
    tags = (await repo.tags_for([row.id]))[row.id]
    return ok({**public(row, tags), **({"activation_error": warning} if warning else {})})


def _node_or_404(document: dict[str, Any], node_id: str) -> tuple[int, dict[str, Any]]:
    found = find_node(document, node_id)
    if found is None:
        raise not_found(f"node '{node_id}'")
    return found


@router.post("/{workflow_id}/nodes", operation_id="workflow-nodes-add", status_code=201,
             response_model=Envelope[WorkflowPublic])
async def add_node(
    body: NodeIn, access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    access.require(Action.UPDATE)
    document = copy.deepcopy(access.row.document)
    if find_node(document, body.name) is not None:
        raise ApiError(409, "CONFLICT", f"a node named '{body.name}' already exists")
    node = body.model_dump(exclude_none=True)
    node["id"] = body.id or str(uuid.uuid4())
    document["nodes"] = [*document.get("nodes", []), node]
    resp = await _save(access, document, principal=principal, session=session, ctx=ctx, expected=version)
    resp.status_code = 201
    return resp


@router.put("/{workflow_id}/nodes/{node_id}", operation_id="workflow-nodes-update",
            response_model=Envelope[WorkflowPublic])
async def update_node(
    node_id: str, body: NodeUpdate, access: WorkflowDep, principal: CurrentUser, session: SessionDep,
    ctx: CtxDep,
) -> Response:
    access.require(Action.UPDATE)
    document = copy.deepcopy(access.row.document)
    index, node = _node_or_404(document, node_id)
    changes = body.model_dump(exclude_unset=True)
    expected = changes.pop("version", None)
    new_name = changes.get("name")
    if new_name and new_name != node["name"]:
        if find_node(document, new_name) is not None:
            raise ApiError(409, "CONFLICT", f"a node named '{new_name}' already exists")
        document["connections"] = rename_in_connections(document.get("connections", {}), node["name"], new_name)
        if isinstance(document.get("pinData"), dict) and node["name"] in document["pinData"]:
            document["pinData"][new_name] = document["pinData"].pop(node["name"])
    document["nodes"][index] = {**node, **{k: v for k, v in changes.items() if v is not None}}
    return await _save(access, document, principal=principal, session=session, ctx=ctx, expected=expected)


@router.delete("/{workflow_id}/nodes/{node_id}", operation_id="workflow-nodes-delete",
               response_model=Envelope[WorkflowPublic])
async def delete_node(
    node_id: str, access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    access.require(Action.UPDATE)
    document = copy.deepcopy(access.row.document)
    index, node = _node_or_404(document, node_id)
    del document["nodes"][index]
    document["connections"] = drop_from_connections(document.get("connections", {}), node["name"])
    if isinstance(document.get("pinData"), dict):
        document["pinData"].pop(node["name"], None)
    return await _save(access, document, principal=principal, session=session, ctx=ctx, expected=version)


def _names(document: dict[str, Any], body: ConnectionIn) -> tuple[str, str]:
    src = _node_or_404(document, body.source)[1]["name"]
    dst = _node_or_404(document, body.target)[1]["name"]
    return src, dst


@router.post("/{workflow_id}/connections", operation_id="workflow-nodes-connect", status_code=201,
             response_model=Envelope[WorkflowPublic])
async def connect(
    body: ConnectionIn, access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep
) -> Response:
    access.require(Action.UPDATE)
    document = copy.deepcopy(access.row.document)
    src, dst = _names(document, body)
    outputs = document.setdefault("connections", {}).setdefault(src, {}).setdefault(body.type, [])
    while len(outputs) <= body.source_output:
        outputs.append([])
    link = {"node": dst, "type": body.type, "index": body.target_input}
    if link not in outputs[body.source_output]:
        outputs[body.source_output].append(link)
    resp = await _save(access, document, principal=principal, session=session, ctx=ctx, expected=body.version)
    resp.status_code = 201
    return resp


@router.delete("/{workflow_id}/connections", operation_id="workflow-nodes-disconnect",
               response_model=Envelope[WorkflowPublic])
async def disconnect(
    access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep,
    source: Annotated[str, Query(min_length=1, max_length=255)],
    target: Annotated[str, Query(min_length=1, max_length=255)],
    source_output: Annotated[int, Query(ge=0, le=100)] = 0,
    target_input: Annotated[int, Query(ge=0, le=100)] = 0,
    type: Annotated[str, Query(max_length=64)] = "main",
) -> Response:
    access.require(Action.UPDATE)
    document = copy.deepcopy(access.row.document)
    body = ConnectionIn(source=source, target=target, source_output=source_output,
                        target_input=target_input, type=type)
    src, dst = _names(document, body)
    outputs = document.get("connections", {}).get(src, {}).get(type, [])
    link = {"node": dst, "type": type, "index": target_input}
    if source_output >= len(outputs) or link not in (outputs[source_output] or []):
        raise not_found(f"connection {src}[{source_output}] -> {dst}[{target_input}]")
    outputs[source_output].remove(link)
    return await _save(access, document, principal=principal, session=session, ctx=ctx, expected=None)


@router.post("/{workflow_id}/nodes/{node_id}/test", operation_id="workflow-nodes-test",
             response_model=Envelope[ExecutionStarted])
async def test_node(
    node_id: str, access: WorkflowDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep,
    body: NodeTestIn | None = None,
    timeout: Annotated[float, Query(gt=0, le=600)] = 120.0,
) -> Response:
    """Run one node on the given input, else on its parent's pinned data, else one empty item."""
    access.require(Action.EXECUTE)
    body = body or NodeTestIn()
    row = access.row
    _, node = _node_or_404(row.document, node_id)
    node = copy.deepcopy(node)
    if body.parameters is not None:
        node["parameters"] = body.parameters
    items = as_items(body.input) if body.input is not None else _pinned_input(row.document, node["name"])
    if node["name"] == TEST_TRIGGER:
        raise workflow_invalid("this node name is reserved")
    document = {
        "id": row.id, "name": row.name, "settings": row.document.get("settings", {}),
        "nodes": [{"id": "test-input", "name": TEST_TRIGGER, "type": "n8n-nodes-base.manualTrigger",
                   "typeVersion": 1, "position": [0, 0], "parameters": {}}, node],
        "connections": {TEST_TRIGGER: {"main": [[{"node": node["name"], "type": "main", "index": 0}]]}},
        "pinData": {TEST_TRIGGER: items or [{"json": {}}]},
    }
    await session.commit()
    result = await runs.start_and_maybe_wait(
        ctx, wait=True, timeout=timeout, workflow=document, workflow_id=row.id, mode="manual",
        destination_node=node["name"], user_id=principal.id)
    return ok({**result, "node": node["name"]})


def _pinned_input(document: dict[str, Any], name: str) -> list[dict[str, Any]] | None:
    pins = document.get("pinData") or {}
    for src, by_type in (document.get("connections") or {}).items():
        for conns in (by_type or {}).get("main", []) or []:
            if any(c.get("node") == name for c in conns or []) and src in pins:
                return as_items(pins[src])
    return None
