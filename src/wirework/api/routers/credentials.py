"""``/credentials``: encrypted at rest, secrets masked on the way out, types, test."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import CredentialDep, CtxDep, CurrentUser, PageDep, SessionDep, scope_guard
from wirework.api.envelope import Envelope, ListEnvelope, invalid, not_found, ok, paged
from wirework.security import Action, CredentialType
from wirework.security.credential_types import MASK, mask, merge_masked
from wirework.store.models import CredentialRow
from wirework.store.repos import AuditRepo, CredentialRepo
from wirework.store.types import new_id, utcnow

router = APIRouter(prefix="/credentials", tags=["credentials"], dependencies=[scope_guard("credential")])


class CredentialCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=255)
    type: str = Field(min_length=1, max_length=128)
    data: dict[str, Any] = Field(default_factory=dict)


class CredentialUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=255)
    data: dict[str, Any] | None = Field(default=None, description=f"fields equal to '{MASK}' keep their value")


class CredentialPublic(BaseModel):
    id: str
    name: str
    type: str
    owner_id: str | None
    created_at: datetime
    updated_at: datetime
    data: dict[str, Any] | None = None


def _public(row: CredentialRow, data: dict[str, Any] | None = None, role: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, "name": row.name, "type": row.type, "owner_id": row.owner_id,
           "created_at": row.created_at, "updated_at": row.updated_at}
    if data is not None:
        out["data"] = data
    if role is not None:
        out["role"] = role
    return out


def _type_or_422(ctx: CtxDep, name: str) -> CredentialType:
    ctype = ctx.credential_types.get(name)
    if ctype is None:
        raise invalid(f"unknown credential type '{name}'; see GET /api/v1/credentials/types")
    return ctype


def _validate(ctype: CredentialType, data: dict[str, Any]) -> None:
    problems = ctype.validate(data)
    if problems:
        raise invalid(f"{ctype.name}: {problems[0]}", {"problems": problems})


@router.get("/types", operation_id="credentials-types", response_model=Envelope[list[dict[str, Any]]])
async def credential_types(ctx: CtxDep, principal: CurrentUser) -> Response:
    return ok([t.to_json() for t in ctx.credential_types])


@router.get("/types/{type_name}", operation_id="credentials-type", response_model=Envelope[dict[str, Any]])
async def credential_type(type_name: str, ctx: CtxDep, principal: CurrentUser) -> Response:
    ctype = ctx.credential_types.get(type_name)
    if ctype is None:
        raise not_found(f"credential type '{type_name}'")
    return ok(ctype.to_json())


@router.get("", operation_id="credentials-list", response_model=ListEnvelope[CredentialPublic])
async def list_credentials(
    principal: CurrentUser, session: SessionDep, page: PageDep,
    type: Annotated[str | None, Query(max_length=128)] = None,
) -> Response:
    rows, total = await CredentialRepo(session).list(
        user_id=principal.scope_user, type_=type, offset=page.offset, limit=page.limit)
    return paged([_public(r) for r in rows], page=page.page, limit=page.limit, total=total)


@router.post("", operation_id="credentials-create", status_code=201, response_model=Envelope[CredentialPublic])
async def create_credential(body: CredentialCreate, principal: CurrentUser, session: SessionDep, ctx: CtxDep) -> Response:
    ctype = _type_or_422(ctx, body.type)
    _validate(ctype, body.data)
    cred_id = new_id()
    row = CredentialRow(id=cred_id, name=body.name, type=body.type, owner_id=principal.id,
                        data=ctx.cipher.encrypt_json(body.data, aad=cred_id), created_at=utcnow(),
                        updated_at=utcnow())
    await CredentialRepo(session).add(row)
    await AuditRepo(session).log("credential.created", actor_id=principal.id, resource_type="credential",
                                 resource_id=row.id, details={"type": row.type})
    return ok(_public(row, mask(ctype, body.data)), 201)


@router.get("/{credential_id}", operation_id="credentials-get", response_model=Envelope[CredentialPublic])
async def get_credential(access: CredentialDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep) -> Response:
    row = access.row
    data = ctx.cipher.decrypt_json(row.data, aad=row.id)
    await AuditRepo(session).log("credential.accessed", actor_id=principal.id, resource_type="credential",
                                 resource_id=row.id)
    return ok(_public(row, mask(ctx.credential_types.get(row.type), data), access.role))


@router.put("/{credential_id}", operation_id="credentials-update", response_model=Envelope[CredentialPublic])
async def update_credential(
    body: CredentialUpdate, access: CredentialDep, principal: CurrentUser, session: SessionDep, ctx: CtxDep
) -> Response:
    access.require(Action.UPDATE)
    row = access.row
    ctype = ctx.credential_types.get(row.type)
    data = ctx.cipher.decrypt_json(row.data, aad=row.id)
    if body.data is not None:
        data = merge_masked(data, body.data)
        if ctype is not None:
            _validate(ctype, data)
        row.data = ctx.cipher.encrypt_json(data, aad=row.id)
    if body.name is not None:
        row.name = body.name
    row.updated_at = utcnow()
    session.add(row)
    await AuditRepo(session).log("credential.updated", actor_id=principal.id, resource_type="credential",
                                 resource_id=row.id)
    return ok(_public(row, mask(ctype, data), access.role))


@router.delete("/{credential_id}", operation_id="credentials-delete", response_model=Envelope[dict[str, Any]])
async def delete_credential(access: CredentialDep, principal: CurrentUser, session: SessionDep) -> Response:
    access.require(Action.DELETE)
    await CredentialRepo(session).delete(access.row)
    await AuditRepo(session).log("credential.deleted", actor_id=principal.id, resource_type="credential",
                                 resource_id=access.row.id, details={"name": access.row.name})
    return ok({"id": access.row.id, "deleted": True})


@router.post("/{credential_id}/test", operation_id="credentials-test", response_model=Envelope[dict[str, Any]])
async def test_credential(access: CredentialDep, ctx: CtxDep) -> Response:
    """Try the credential against its service (types that declare a test) or check its fields."""
    access.require(Action.UPDATE)
    row = access.row
    ctype = ctx.credential_types.get(row.type)
    data = ctx.cipher.decrypt_json(row.data, aad=row.id)
    if ctype is None:
        return ok({"status": "error", "message": f"unknown credential type '{row.type}'"})
    problems = ctype.validate(data)
    if problems:
        return ok({"status": "error", "message": problems[0], "problems": problems})
    if ctype.test is None:
        return ok({"status": "ok", "message": "fields are valid (this type has no live test)", "tested": False})
    try:
        message = await asyncio.wait_for(ctype.test(data), 15)
    except Exception as exc:  # any failure of the remote service is the answer, not a 500
        return ok({"status": "error", "message": f"{type(exc).__name__}: {exc}"[:500], "tested": True})
    return ok({"status": "ok", "message": message, "tested": True})
