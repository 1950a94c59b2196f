"""``/users``: the people on this instance (admins change roles and disable accounts)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from wirework.api.deps import AdminUser, CtxDep, CurrentUser, PageDep, SessionDep, scope_guard
from wirework.api.envelope import ApiError, Envelope, ListEnvelope, not_found, ok, paged
from wirework.api.schemas.auth import UserPublic, UserUpdateIn, user_public
from wirework.api.services import auth as svc
from wirework.store.repos import AuditRepo, SettingRepo, TokenRepo, UserRepo

router = APIRouter(prefix="/users", tags=["users"], dependencies=[scope_guard("user")])


class UserCreateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(min_length=8, max_length=1024)
    name: str = Field(default="", max_length=200)
    role: str = Field(default="member", pattern="^(admin|member)$")


class SignupModeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signup_mode: str = Field(pattern="^(open|invite)$")


@router.get("", operation_id="users-list", response_model=ListEnvelope[UserPublic])
async def list_users(principal: CurrentUser, session: SessionDep, page: PageDep) -> Response:
    rows, total = await UserRepo(session).list(offset=page.offset, limit=page.limit)
    if principal.is_admin:
        data = [user_public(u) for u in rows]
    else:  # members see who they can share with, nothing more
        data = [{"id": u.id, "email": u.email, "name": u.name} for u in rows]
    return paged(data, page=page.page, limit=page.limit, total=total)


@router.post("", operation_id="users-create", status_code=201, response_model=Envelope[UserPublic])
async def create_user(body: UserCreateIn, admin: AdminUser, session: SessionDep, ctx: CtxDep) -> Response:
    user = await svc.register(ctx, session, email=body.email, password=body.password, name=body.name,
                              by_admin=True)
    if body.role != user.role:
        user.role = body.role
    await AuditRepo(session).log("user.created", actor_id=admin.id, resource_type="user",
                                 resource_id=user.id, details={"role": user.role})
    return ok(user_public(user), 201)


@router.patch("/{user_id}", operation_id="users-update", response_model=Envelope[UserPublic])
async def update_user(user_id: str, body: UserUpdateIn, admin: AdminUser, session: SessionDep) -> Response:
    user = await UserRepo(session).get(user_id)
    if user is None:
        raise not_found(f"user '{user_id}'")
    if user.id == admin.id and (body.role == "member" or body.is_active is False):
        raise ApiError(409, "CONFLICT", "you cannot demote or disable yourself")
    changes = body.model_dump(exclude_none=True)
    for key, value in changes.items():
        setattr(user, key, value)
    if body.is_active is False:
        await TokenRepo(session).revoke_user(user.id)
    if "role" in changes or "is_active" in changes:
        await AuditRepo(session).log("user.role_changed", actor_id=admin.id, resource_type="user",
                                     resource_id=user.id, details=changes)
    return ok(user_public(user))


@router.put("/settings/signup", operation_id="users-signup-mode", response_model=Envelope[SignupModeIn])
async def set_signup_mode(body: SignupModeIn, admin: AdminUser, session: SessionDep) -> Response:
    await SettingRepo(session).set("signup_mode", body.signup_mode)
    await AuditRepo(session).log("settings.signup_mode", actor_id=admin.id, details=body.model_dump())
    return ok(body.model_dump())
