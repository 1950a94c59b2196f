"""``/shares``: give a user or team a role on a workflow or credential (owners only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import (
    CurrentUser,
    SessionDep,
    credential_access,
    require_scope,
    workflow_access,
)
from wirework.api.envelope import Envelope, invalid, not_found, ok
from wirework.security import Action
from wirework.store.models import Share
from wirework.store.repos import AuditRepo, ShareRepo, TeamRepo, UserRepo

router = APIRouter(prefix="/shares", tags=["shares"])
RESOURCE = "^(workflow|credential)$"


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resource_type: str = Field(pattern=RESOURCE)
    resource_id: str = Field(min_length=1, max_length=32)
    principal_type: str = Field(pattern="^(user|team)$")
    principal_id: str = Field(min_length=1, max_length=32)
    role: str = Field(default="viewer", pattern="^(owner|editor|viewer)$")


class SharePublic(BaseModel):
    id: str
    resource_type: str
    resource_id: str
    principal_type: str
    principal_id: str
    role: str
    created_at: datetime


def _public(s: Share) -> dict[str, Any]:
    return {"id": s.id, "resource_type": s.resource_type, "resource_id": s.resource_id,
            "principal_type": s.principal_type, "principal_id": s.principal_id, "role": s.role,
            "created_at": s.created_at}


async def _resource_access(resource_type: str, resource_id: str, principal: CurrentUser, session: SessionDep) -> Any:
    if resource_type == "workflow":
        return await workflow_access(resource_id, principal, session)
    return await credential_access(resource_id, principal, session)


@router.get("", operation_id="shares-list", response_model=Envelope[list[SharePublic]])
async def list_shares(
    principal: CurrentUser, session: SessionDep,
    resource_type: Annotated[str, Query(pattern=RESOURCE)],
    resource_id: Annotated[str, Query(min_length=1, max_length=32)],
) -> Response:
    require_scope(principal, f"{resource_type}:read")
    await _resource_access(resource_type, resource_id, principal, session)
    return ok([_public(s) for s in await ShareRepo(session).list_for(resource_type, resource_id)])


@router.post("", operation_id="shares-create", status_code=201, response_model=Envelope[SharePublic])
async def share(body: ShareIn, principal: CurrentUser, session: SessionDep) -> Response:
    require_scope(principal, f"{body.resource_type}:write")
    access = await _resource_access(body.resource_type, body.resource_id, principal, session)
    access.require(Action.SHARE)
    target: object | None
    if body.principal_type == "user":
        target = await UserRepo(session).get(body.principal_id)
        if target is not None and body.principal_id == access.row.owner_id:
            raise invalid("the owner already has full access")
    else:
        target = await TeamRepo(session).get(body.principal_id)
    if target is None:
        raise not_found(f"{body.principal_type} '{body.principal_id}'")
    row = await ShareRepo(session).upsert(**body.model_dump())
    await AuditRepo(session).log("share.created", actor_id=principal.id, resource_type=body.resource_type,
                                 resource_id=body.resource_id, details=body.model_dump())
    return ok(_public(row), 201)


@router.delete("/{share_id}", operation_id="shares-delete", response_model=Envelope[dict[str, Any]])
async def unshare(share_id: str, principal: CurrentUser, session: SessionDep) -> Response:
    repo = ShareRepo(session)
    row = await repo.get(share_id)
    if row is None:
        raise not_found(f"share '{share_id}'")
    require_scope(principal, f"{row.resource_type}:write")
    access = await _resource_access(row.resource_type, row.resource_id, principal, session)
    is_self = row.principal_type == "user" and row.principal_id == principal.id
    if not is_self:
        access.require(Action.SHARE)
    await repo.remove(row)
    await AuditRepo(session).log("share.deleted", actor_id=principal.id, resource_type=row.resource_type,
                                 resource_id=row.resource_id, details={"share_id": share_id})
    return ok({"id": share_id, "deleted": True})
