"""Dependencies as ``Annotated`` aliases: the session, the caller, and access to resources.

Access checks live here only: ``WorkflowDep`` / ``CredentialDep`` load the resource and the
caller's role on it (a resource the caller cannot see is a 404, never a 403 that would
confirm it exists); handlers then call ``access.require(Action.X)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.api.context import AppContext
from wirework.api.envelope import ApiError, forbidden, not_found
from wirework.api.middleware import client_ip
from wirework.security import Action, TokenError, allows, scope_allows
from wirework.security.permissions import SCOPES
from wirework.store.models import CredentialRow, User, WorkflowRow
from wirework.store.repos import ApiKeyRepo, CredentialRepo, UserRepo, WorkflowRepo, role_on
from wirework.store.types import utcnow


async def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


CtxDep = Annotated[AppContext, Depends(get_ctx)]


async def get_session(ctx: CtxDep) -> AsyncIterator[AsyncSession]:
    async with ctx.db.session() as session:
        yield session


#: committed before the response is sent, so a client never reads its own write too early
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key from /api-keys")


@dataclass
class Principal:
    user: User
    scopes: list[str] | None = None  # None: signed in with a token (all the user's rights)
    api_key_id: str | None = None

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"

    @property
    def scope_user(self) -> str | None:
        """The user id to scope queries by; None for admins (they see everything)."""
        return None if self.is_admin else self.user.id


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "UNAUTHORIZED", message, headers={"WWW-Authenticate": "Bearer"})


async def current_principal(
    request: Request,
    ctx: CtxDep,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    principal: Principal | None = None
    if api_key:
        principal = await _from_api_key(ctx, session, api_key)
    elif bearer is not None:
        try:
            claims = ctx.tokens.decode_access(bearer.credentials)
        except TokenError as exc:
            raise _unauthorized(str(exc)) from None
        user = await UserRepo(session).get(claims.user_id)
        if user is None or not user.is_active:
            raise _unauthorized("user no longer exists or is disabled")
        principal = Principal(user)
    if principal is None:
        raise _unauthorized("authentication required: send 'Authorization: Bearer <token>' or 'X-API-Key'")
    retry = await ctx.user_limiter.hit_async("user:" + principal.id)
    if retry is not None:
        raise ApiError(429, "RATE_LIMIT", "too many requests for this user",
                       {"retry_after": retry}, {"Retry-After": str(retry)})
    request.state.user_id = principal.id
    return principal


async def _from_api_key(ctx: AppContext, session: AsyncSession, raw: str) -> Principal:
    key = await ApiKeyRepo(session).by_hash(ctx.tokens.digest(raw))
    now = utcnow()
    if key is None or key.revoked_at is not None:
        raise _unauthorized("invalid API key")
    if key.expires_at is not None and key.expires_at <= now:
        raise _unauthorized("API key expired")
    user = await UserRepo(session).get(key.user_id)
    if user is None or not user.is_active:
        raise _unauthorized("API key owner no longer exists or is disabled")
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        await ApiKeyRepo(session).touch(key.id, now)
    return Principal(user, scopes=list(key.scopes or []), api_key_id=key.id)


CurrentUser = Annotated[Principal, Depends(current_principal)]


async def require_admin(principal: CurrentUser) -> Principal:
    if not principal.is_admin:
        raise forbidden("only instance admins may do this")
    return principal


AdminUser = Annotated[Principal, Depends(require_admin)]


async def require_signed_in(principal: CurrentUser) -> Principal:
    """Account-level changes (2FA, API keys) need a password sign-in, never an API key."""
    if principal.api_key_id is not None:
        raise forbidden("API keys cannot do this; sign in with a password")
    return principal


SignedInUser = Annotated[Principal, Depends(require_signed_in)]


def require_scope(principal: Principal, needed: str) -> None:
    if not scope_allows(principal.scopes, needed):
        raise forbidden(f"this API key lacks the '{needed}' scope")


def scope_guard(resource: str):  # type: ignore[no-untyped-def]
    """Router dependency: API keys need ``<resource>:read`` for GET, ``:write`` otherwise."""

    async def guard(request: Request, principal: CurrentUser) -> None:
        if principal.scopes is None:
            return
        if request.method in ("GET", "HEAD"):
            needed = f"{resource}:read"
        elif request.url.path.endswith(("/execute", "/test")) and f"{resource}:execute" in SCOPES:
            needed = f"{resource}:execute"
        else:
            needed = f"{resource}:write"
        require_scope(principal, needed)

    return Depends(guard)


@dataclass
class Access:
    role: str

    def require(self, action: Action) -> None:
        if not allows(self.role, action):
            raise forbidden(f"your role '{self.role}' does not allow '{action.value}' here")


@dataclass
class WorkflowAccess(Access):
    row: WorkflowRow


@dataclass
class CredentialAccess(Access):
    row: CredentialRow


async def workflow_access(workflow_id: str, principal: CurrentUser, session: SessionDep) -> WorkflowAccess:
    row = await WorkflowRepo(session).get(workflow_id)
    if row is None:
        raise not_found(f"workflow '{workflow_id}'")
    role = "owner" if principal.is_admin else await role_on(
        session, resource_type="workflow", resource_id=row.id, owner_id=row.owner_id, user_id=principal.id
    )
    if role is None:
        raise not_found(f"workflow '{workflow_id}'")
    return WorkflowAccess(role=role, row=row)


async def credential_access(
    credential_id: str, principal: CurrentUser, session: SessionDep
) -> CredentialAccess:
    row = await CredentialRepo(session).get(credential_id)
    if row is None:
        raise not_found(f"credential '{credential_id}'")
    role = "owner" if principal.is_admin else await role_on(
        session, resource_type="credential", resource_id=row.id, owner_id=row.owner_id, user_id=principal.id
    )
    if role is None:
        raise not_found(f"credential '{credential_id}'")
    return CredentialAccess(role=role, row=row)


WorkflowDep = Annotated[WorkflowAccess, Depends(workflow_access)]
CredentialDep = Annotated[CredentialAccess, Depends(credential_access)]


@dataclass
class Page:
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


async def pagination(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
) -> Page:
    return Page(page, limit)


PageDep = Annotated[Page, Depends(pagination)]


def request_ip(request: Request, ctx: AppContext) -> str:
    return client_ip(request.scope, trust_proxy=ctx.settings.trust_proxy_headers)
