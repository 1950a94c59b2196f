"""``/api-keys``: the caller's API keys (the key itself is shown once, at creation)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from wirework.api.deps import CtxDep, CurrentUser, SessionDep, SignedInUser
from wirework.api.envelope import Envelope, invalid, not_found, ok
from wirework.api.schemas.auth import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic
from wirework.security.permissions import SCOPES
from wirework.store.models import ApiKey
from wirework.store.repos import ApiKeyRepo, AuditRepo
from wirework.store.types import utcnow

router = APIRouter(prefix="/api-keys", tags=["api-keys"])


def _public(k: ApiKey) -> dict[str, Any]:
    return {"id": k.id, "name": k.name, "prefix": k.prefix, "scopes": k.scopes,
            "created_at": k.created_at, "expires_at": k.expires_at, "last_used_at": k.last_used_at}


@router.get("", operation_id="api-keys-list", response_model=Envelope[list[ApiKeyPublic]])
async def list_keys(principal: CurrentUser, session: SessionDep) -> Response:
    return ok([_public(k) for k in await ApiKeyRepo(session).list_for(principal.id)])


@router.post("", operation_id="api-keys-create", status_code=201, response_model=Envelope[ApiKeyCreated])
async def create_key(body: ApiKeyCreate, principal: SignedInUser, session: SessionDep, ctx: CtxDep) -> Response:
    bad = [s for s in body.scopes if s != "*" and s not in SCOPES]
    if bad:
        raise invalid(f"unknown scope '{bad[0]}'", {"known": ["*", *SCOPES]})
    raw = ctx.tokens.new_api_key()
    expires = utcnow() + timedelta(days=body.expires_in_days) if body.expires_in_days else None
    key = await ApiKeyRepo(session).add(ApiKey(
        user_id=principal.id, name=body.name, prefix=raw[:10], key_hash=ctx.tokens.digest(raw),
        scopes=body.scopes, created_at=utcnow(), expires_at=expires))
    await AuditRepo(session).log("api_key.created", actor_id=principal.id, resource_type="api_key",
                                 resource_id=key.id, details={"scopes": body.scopes})
    return ok({**_public(key), "key": raw}, 201)


@router.delete("/{key_id}", operation_id="api-keys-delete", response_model=Envelope[dict[str, Any]])
async def revoke_key(key_id: str, principal: SignedInUser, session: SessionDep) -> Response:
    key = await ApiKeyRepo(session).get_for(key_id, principal.id)
    if key is None:
        raise not_found(f"API key '{key_id}'")
    key.revoked_at = utcnow()
    await AuditRepo(session).log("api_key.revoked", actor_id=principal.id, resource_type="api_key",
                                 resource_id=key.id)
    return ok({"id": key.id, "deleted": True})
