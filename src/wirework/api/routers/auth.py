"""``/auth``: register, login, refresh, logout, me, TOTP second factor."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from wirework.api.deps import CtxDep, CurrentUser, SessionDep, SignedInUser, request_ip
from wirework.api.envelope import ApiError, Envelope, ok
from wirework.api.schemas.auth import (
    LoginIn,
    LogoutIn,
    PasswordChangeIn,
    RefreshIn,
    RegisterIn,
    RegisterOut,
    TokenPair,
    TotpCodeIn,
    TotpSetupOut,
    UserPublic,
    user_public,
)
from wirework.api.services import auth as svc
from wirework.security import totp
from wirework.store.repos import AuditRepo, TokenRepo

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", operation_id="auth-register", status_code=201,
             response_model=Envelope[RegisterOut])
async def register(body: RegisterIn, request: Request, ctx: CtxDep, session: SessionDep) -> Response:
    ip = request_ip(request, ctx)
    user = await svc.register(ctx, session, email=body.email, password=body.password,
                              name=body.name, ip=ip)
    tokens = await svc.issue_tokens(ctx, session, user, ip=ip)
    return ok({**tokens, "user": user_public(user)}, 201)


@router.post("/login", operation_id="auth-login", response_model=Envelope[TokenPair])
async def login(body: LoginIn, request: Request, ctx: CtxDep, session: SessionDep) -> Response:
    tokens = await svc.login(ctx, session, email=body.email, password=body.password,
                             totp_code=body.totp_code, ip=request_ip(request, ctx))
    return ok(tokens)


@router.post("/refresh", operation_id="auth-refresh", response_model=Envelope[TokenPair])
async def refresh(body: RefreshIn, request: Request, ctx: CtxDep, session: SessionDep) -> Response:
    return ok(await svc.refresh(ctx, session, raw=body.refresh_token, ip=request_ip(request, ctx)))


@router.post("/logout", operation_id="auth-logout", response_model=Envelope[dict[str, bool]])
async def logout(body: LogoutIn, principal: CurrentUser, ctx: CtxDep, session: SessionDep) -> Response:
    """Revoke the given refresh token's login, or every login of the caller when none is given."""
    repo = TokenRepo(session)
    row = await repo.by_hash(ctx.tokens.digest(body.refresh_token)) if body.refresh_token else None
    if row is not None and row.user_id == principal.id:
        await repo.revoke_family(row.family_id)
    elif body.refresh_token is None:
        await repo.revoke_user(principal.id)
    await AuditRepo(session).log("auth.logout", actor_id=principal.id)
    return ok({"logged_out": True})


@router.get("/me", operation_id="auth-me", response_model=Envelope[UserPublic])
async def me(principal: CurrentUser) -> Response:
    return ok(user_public(principal.user))


@router.post("/password", operation_id="auth-change-password", response_model=Envelope[UserPublic])
async def change_password(
    body: PasswordChangeIn, request: Request, principal: SignedInUser, ctx: CtxDep, session: SessionDep
) -> Response:
    """Change the caller's password; every refresh token (every other login) is revoked."""
    user = principal.user
    ok_, _ = await ctx.passwords.verify_async(body.current_password, user.password_hash)
    if not ok_:
        raise ApiError(422, "VALIDATION_ERROR", "the current password is wrong")
    user.password_hash = await ctx.passwords.hash_async(body.new_password)
    session.add(user)
    await TokenRepo(session).revoke_user(user.id)
    await AuditRepo(session).log("auth.password_changed", actor_id=user.id, ip=request_ip(request, ctx))
    return ok(user_public(user))


@router.post("/2fa/setup", operation_id="auth-totp-setup", response_model=Envelope[TotpSetupOut])
async def totp_setup(principal: SignedInUser, ctx: CtxDep, session: SessionDep) -> Response:
    user = principal.user
    if user.totp_enabled:
        raise ApiError(409, "CONFLICT", "two-factor authentication is already enabled")
    secret = totp.new_secret()
    user.totp_secret = svc.seal_totp_secret(ctx, user, secret)
    session.add(user)
    return ok({"secret": secret, "otpauth_uri": totp.provisioning_uri(secret, email=user.email)})


@router.post("/2fa/enable", operation_id="auth-totp-enable", response_model=Envelope[UserPublic])
async def totp_enable(body: TotpCodeIn, principal: SignedInUser, ctx: CtxDep, session: SessionDep) -> Response:
    user = principal.user
    if not user.totp_secret:
        raise ApiError(409, "CONFLICT", "call /auth/2fa/setup first")
    if not totp.verify(svc.totp_secret(ctx, user), body.code):
        raise ApiError(422, "VALIDATION_ERROR", "wrong TOTP code")
    user.totp_enabled = True
    session.add(user)
    await AuditRepo(session).log("auth.2fa_enabled", actor_id=user.id)
    return ok(user_public(user))


@router.post("/2fa/disable", operation_id="auth-totp-disable", response_model=Envelope[UserPublic])
async def totp_disable(body: TotpCodeIn, principal: SignedInUser, ctx: CtxDep, session: SessionDep) -> Response:
    user = principal.user
    if not user.totp_enabled:
        raise ApiError(409, "CONFLICT", "two-factor authentication is not enabled")
    if not totp.verify(svc.totp_secret(ctx, user), body.code):
        raise ApiError(422, "VALIDATION_ERROR", "wrong TOTP code")
    user.totp_enabled, user.totp_secret = False, None
    session.add(user)
    await AuditRepo(session).log("auth.2fa_disabled", actor_id=user.id)
    return ok(user_public(user))
