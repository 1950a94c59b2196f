"""Who may see what: one SQL condition per resource type, used by every scoped query.

A user reaches a workflow or credential by owning it, by a share to them, or by a share to
a team they belong to. Instance admins reach everything (callers pass ``user_id=None``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store.models import CredentialRow, Share, TeamMember, WorkflowRow

ROLE_RANK = {"viewer": 1, "editor": 2, "owner": 3}


def _shared_ids(resource_type: str, user_id: str) -> Any:
    teams = select(TeamMember.team_id).where(TeamMember.user_id == user_id)
    return select(Share.resource_id).where(
        Share.resource_type == resource_type,
        or_(
            (Share.principal_type == "user") & (Share.principal_id == user_id),
            (Share.principal_type == "team") & Share.principal_id.in_(teams),
        ),
    )


def workflow_scope(user_id: str | None) -> ColumnElement[bool] | None:
    if user_id is None:
        return None
    return or_(WorkflowRow.owner_id == user_id, WorkflowRow.id.in_(_shared_ids("workflow", user_id)))


def credential_scope(user_id: str | None) -> ColumnElement[bool] | None:
    if user_id is None:
        return None
    return or_(
        CredentialRow.owner_id == user_id, CredentialRow.id.in_(_shared_ids("credential", user_id))
    )


async def role_on(
    s: AsyncSession, *, resource_type: str, resource_id: str, owner_id: str | None, user_id: str
) -> str | None:
    """The best role ``user_id`` holds on a resource (``owner`` for its owner), or None."""
    if owner_id == user_id:
        return "owner"
    teams = select(TeamMember.team_id).where(TeamMember.user_id == user_id)
    stmt = select(Share.role).where(
        Share.resource_type == resource_type,
        Share.resource_id == resource_id,
        or_(
            (Share.principal_type == "user") & (Share.principal_id == user_id),
            (Share.principal_type == "team") & Share.principal_id.in_(teams),
        ),
    )
    roles = list((await s.execute(stmt)).scalars())
    return max(roles, key=lambda r: ROLE_RANK.get(r, 0)) if roles else None
