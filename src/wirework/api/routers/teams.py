"""``/teams``: teams and their members (owner/editor/viewer)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import CurrentUser, SessionDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, forbidden, not_found, ok
from wirework.security import Action, allows
from wirework.store.models import Team
from wirework.store.repos import AuditRepo, TeamRepo, UserRepo

router = APIRouter(prefix="/teams", tags=["teams"], dependencies=[scope_guard("team")])
ROLE = "^(owner|editor|viewer)$"


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: str = Field(min_length=1, max_length=32)
    role: str = Field(default="viewer", pattern=ROLE)


class MemberRoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str = Field(pattern=ROLE)


class TeamPublic(BaseModel):
    id: str
    name: str
    created_at: datetime
    role: str | None = None


class MemberPublic(BaseModel):
    user_id: str
    role: str
    email: str | None = None
    name: str | None = None


class TeamAccess:
    def __init__(self, team: Team, role: str) -> None:
        self.team, self.role = team, role

    def require(self, action: Action) -> None:
        if not allows(self.role, action):
            raise forbidden(f"your team role '{self.role}' does not allow '{action.value}'")


async def team_access(team_id: str, principal: CurrentUser, session: SessionDep) -> TeamAccess:
    repo = TeamRepo(session)
    team = await repo.get(team_id)
    if team is None:
        raise not_found(f"team '{team_id}'")
    member = await repo.member(team_id, principal.id)
    role = "owner" if principal.is_admin else (member.role if member else None)
    if role is None:
        raise not_found(f"team '{team_id}'")
    return TeamAccess(team, role)


TeamDep = Annotated[TeamAccess, Depends(team_access)]


def _team(t: Team, role: str | None = None) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "created_at": t.created_at, "role": role}


@router.get("", operation_id="teams-list", response_model=Envelope[list[TeamPublic]])
async def list_teams(principal: CurrentUser, session: SessionDep) -> Response:
    return ok([_team(t) for t in await TeamRepo(session).list(principal.scope_user)])


@router.post("", operation_id="teams-create", status_code=201, response_model=Envelope[TeamPublic])
async def create_team(body: TeamIn, principal: CurrentUser, session: SessionDep) -> Response:
    team = await TeamRepo(session).create(body.name, owner_id=principal.id)
    await AuditRepo(session).log("team.created", actor_id=principal.id, resource_type="team", resource_id=team.id)
    return ok(_team(team, "owner"), 201)


@router.get("/{team_id}", operation_id="teams-get", response_model=Envelope[TeamPublic])
async def get_team(access: TeamDep) -> Response:
    return ok(_team(access.team, access.role))


@router.put("/{team_id}", operation_id="teams-update", response_model=Envelope[TeamPublic])
async def rename_team(body: TeamIn, access: TeamDep, session: SessionDep) -> Response:
    access.require(Action.UPDATE)
    access.team.name = body.name
    await session.flush()
    return ok(_team(access.team, access.role))


@router.delete("/{team_id}", operation_id="teams-delete", response_model=Envelope[dict[str, Any]])
async def delete_team(access: TeamDep, principal: CurrentUser, session: SessionDep) -> Response:
    access.require(Action.DELETE)
    await TeamRepo(session).delete(access.team)
    await AuditRepo(session).log("team.deleted", actor_id=principal.id, resource_type="team",
                                 resource_id=access.team.id, details={"name": access.team.name})
    return ok({"id": access.team.id, "deleted": True})


@router.get("/{team_id}/members", operation_id="teams-members", response_model=Envelope[list[MemberPublic]])
async def list_members(access: TeamDep, session: SessionDep) -> Response:
    members = await TeamRepo(session).members(access.team.id)
    users = await UserRepo(session).by_ids([m.user_id for m in members])
    return ok([{"user_id": m.user_id, "role": m.role, "email": getattr(users.get(m.user_id), "email", None),
                "name": getattr(users.get(m.user_id), "name", None)} for m in members])


@router.post("/{team_id}/members", operation_id="teams-add-member", status_code=201,
             response_model=Envelope[MemberPublic])
async def add_member(body: MemberIn, access: TeamDep, principal: CurrentUser, session: SessionDep) -> Response:
    access.require(Action.SHARE)
    if await UserRepo(session).get(body.user_id) is None:
        raise not_found(f"user '{body.user_id}'")
    m = await TeamRepo(session).set_member(access.team.id, body.user_id, body.role)
    await AuditRepo(session).log("team.member_added", actor_id=principal.id, resource_type="team",
                                 resource_id=access.team.id, details={"user_id": m.user_id, "role": m.role})
    return ok({"user_id": m.user_id, "role": m.role}, 201)


@router.put("/{team_id}/members/{user_id}", operation_id="teams-update-member",
            response_model=Envelope[MemberPublic])
async def change_member(
    user_id: str, body: MemberRoleIn, access: TeamDep, principal: CurrentUser, session: SessionDep
) -> Response:
    access.require(Action.SHARE)
    repo = TeamRepo(session)
    m = await repo.member(access.team.id, user_id)
    if m is None:
        raise not_found(f"member '{user_id}' of team '{access.team.id}'")
    await _keep_an_owner(repo, access.team.id, m.user_id, body.role)
    m.role = body.role
    await AuditRepo(session).log("team.role_changed", actor_id=principal.id, resource_type="team",
                                 resource_id=access.team.id, details={"user_id": user_id, "role": body.role})
    return ok({"user_id": m.user_id, "role": m.role})


@router.delete("/{team_id}/members/{user_id}", operation_id="teams-remove-member",
               response_model=Envelope[dict[str, Any]])
async def remove_member(user_id: str, access: TeamDep, principal: CurrentUser, session: SessionDep) -> Response:
    if user_id != principal.id:
        access.require(Action.SHARE)
    repo = TeamRepo(session)
    m = await repo.member(access.team.id, user_id)
    if m is None:
        raise not_found(f"member '{user_id}' of team '{access.team.id}'")
    await _keep_an_owner(repo, access.team.id, user_id, None)
    await repo.remove_member(m)
    await AuditRepo(session).log("team.member_removed", actor_id=principal.id, resource_type="team",
                                 resource_id=access.team.id, details={"user_id": user_id})
    return ok({"user_id": user_id, "deleted": True})


async def _keep_an_owner(repo: TeamRepo, team_id: str, user_id: str, new_role: str | None) -> None:
    owners = [m.user_id for m in await repo.members(team_id) if m.role == "owner"]
    if owners == [user_id] and new_role != "owner":
        raise ApiError(409, "CONFLICT", "a team needs at least one owner")
