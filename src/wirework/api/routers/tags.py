"""``/tags``: workflow tags with usage counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import CurrentUser, SessionDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, forbidden, not_found, ok
from wirework.store.repos import AuditRepo, TagRepo

router = APIRouter(prefix="/tags", tags=["tags"], dependencies=[scope_guard("tag")])


class TagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, pattern=r"\S")


class TagPublic(BaseModel):
    id: str
    name: str
    usage_count: int = 0


@router.get("", operation_id="tags-list", response_model=Envelope[list[TagPublic]])
async def list_tags(principal: CurrentUser, session: SessionDep) -> Response:
    rows = await TagRepo(session).list_with_counts()
    return ok([{"id": t.id, "name": t.name, "usage_count": n} for t, n in rows])


@router.post("", operation_id="tags-create", status_code=201, response_model=Envelope[TagPublic])
async def create_tag(body: TagIn, principal: CurrentUser, session: SessionDep) -> Response:
    repo = TagRepo(session)
    if await repo.by_name(body.name.strip()) is not None:
        raise ApiError(409, "CONFLICT", f"tag '{body.name.strip()}' already exists")
    tag = await repo.ensure(body.name)
    return ok({"id": tag.id, "name": tag.name, "usage_count": 0}, 201)


@router.put("/{tag_id}", operation_id="tags-update", response_model=Envelope[TagPublic])
async def rename_tag(tag_id: str, body: TagIn, principal: CurrentUser, session: SessionDep) -> Response:
    repo = TagRepo(session)
    tag = await repo.get(tag_id)
    if tag is None:
        raise not_found(f"tag '{tag_id}'")
    other = await repo.by_name(body.name.strip())
    if other is not None and other.id != tag.id:
        raise ApiError(409, "CONFLICT", f"tag '{body.name.strip()}' already exists")
    tag.name = body.name.strip()
    await session.flush()
    return ok({"id": tag.id, "name": tag.name})


@router.delete("/{tag_id}", operation_id="tags-delete", response_model=Envelope[dict[str, Any]])
async def delete_tag(tag_id: str, principal: CurrentUser, session: SessionDep) -> Response:
    if not principal.is_admin:
        raise forbidden("only instance admins may delete tags")
    repo = TagRepo(session)
    tag = await repo.get(tag_id)
    if tag is None:
        raise not_found(f"tag '{tag_id}'")
    await repo.delete(tag)
    await AuditRepo(session).log("tag.deleted", actor_id=principal.id, resource_type="tag",
                                 resource_id=tag.id, details={"name": tag.name})
    return ok({"id": tag.id, "deleted": True})
