"""``/audit``: the audit log (admins only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from starlette.responses import Response

from wirework.api.deps import AdminUser, PageDep, SessionDep, scope_guard
from wirework.api.envelope import ListEnvelope, paged
from wirework.store.repos import AuditRepo

router = APIRouter(prefix="/audit", tags=["audit"], dependencies=[scope_guard("audit")])


class AuditPublic(BaseModel):
    id: int
    created_at: datetime
    actor_id: str | None
    action: str
    resource_type: str | None
    resource_id: str | None
    ip: str | None
    details: dict[str, Any]


@router.get("", operation_id="audit-list", response_model=ListEnvelope[AuditPublic])
async def list_audit(
    admin: AdminUser, session: SessionDep, page: PageDep,
    action: Annotated[str | None, Query(max_length=80)] = None,
    actor_id: Annotated[str | None, Query(max_length=32)] = None,
    since: datetime | None = None,
) -> Response:
    rows, total = await AuditRepo(session).list(action=action, actor_id=actor_id, since=since,
                                                offset=page.offset, limit=page.limit)
    data = [{"id": r.id, "created_at": r.created_at, "actor_id": r.actor_id, "action": r.action,
             "resource_type": r.resource_type, "resource_id": r.resource_id, "ip": r.ip,
             "details": r.details} for r in rows]
    return paged(data, page=page.page, limit=page.limit, total=total)
