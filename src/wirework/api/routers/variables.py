"""``/variables``: instance variables (``$vars`` in expressions); admins write, members read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import AdminUser, CurrentUser, SessionDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, not_found, ok
from wirework.store.models import Variable
from wirework.store.repos import AuditRepo, VariableRepo

router = APIRouter(prefix="/variables", tags=["variables"], dependencies=[scope_guard("variable")])
KEY = r"^[A-Za-z_][A-Za-z0-9_]{0,199}$"


class VariableIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=KEY, description="letters, digits and _, not starting with a digit")
    value: str = Field(default="", max_length=100_000)
    type: str = Field(default="string", pattern="^(string|number|boolean|secret)$")


class VariablePublic(VariableIn):
    id: str
    created_at: datetime
    updated_at: datetime


def _public(v: Variable) -> dict[str, Any]:
    return {"id": v.id, "key": v.key, "value": v.value, "type": v.type,
            "created_at": v.created_at, "updated_at": v.updated_at}


@router.get("", operation_id="variables-list", response_model=Envelope[list[VariablePublic]])
async def list_variables(principal: CurrentUser, session: SessionDep) -> Response:
    return ok([_public(v) for v in await VariableRepo(session).list()])


@router.post("", operation_id="variables-create", status_code=201, response_model=Envelope[VariablePublic])
async def create_variable(body: VariableIn, admin: AdminUser, session: SessionDep) -> Response:
    repo = VariableRepo(session)
    if await repo.by_key(body.key) is not None:
        raise ApiError(409, "CONFLICT", f"variable '{body.key}' already exists")
    var = await repo.add(Variable(key=body.key, value=body.value, type=body.type))
    await AuditRepo(session).log("variable.created", actor_id=admin.id, resource_type="variable",
                                 resource_id=var.id, details={"key": var.key})
    return ok(_public(var), 201)


@router.get("/{variable_id}", operation_id="variables-get", response_model=Envelope[VariablePublic])
async def get_variable(variable_id: str, principal: CurrentUser, session: SessionDep) -> Response:
    var = await VariableRepo(session).get(variable_id)
    if var is None:
        raise not_found(f"variable '{variable_id}'")
    return ok(_public(var))


@router.put("/{variable_id}", operation_id="variables-update", response_model=Envelope[VariablePublic])
async def update_variable(variable_id: str, body: VariableIn, admin: AdminUser, session: SessionDep) -> Response:
    repo = VariableRepo(session)
    var = await repo.get(variable_id)
    if var is None:
        raise not_found(f"variable '{variable_id}'")
    other = await repo.by_key(body.key)
    if other is not None and other.id != var.id:
        raise ApiError(409, "CONFLICT", f"variable '{body.key}' already exists")
    var.key, var.value, var.type = body.key, body.value, body.type
    await session.flush()
    return ok(_public(var))


@router.delete("/{variable_id}", operation_id="variables-delete", response_model=Envelope[dict[str, Any]])
async def delete_variable(variable_id: str, admin: AdminUser, session: SessionDep) -> Response:
    repo = VariableRepo(session)
    var = await repo.get(variable_id)
    if var is None:
        raise not_found(f"variable '{variable_id}'")
    await repo.delete(var)
    await AuditRepo(session).log("variable.deleted", actor_id=admin.id, resource_type="variable",
                                 resource_id=var.id, details={"key": var.key})
    return ok({"id": var.id, "deleted": True})
