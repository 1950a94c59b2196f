"""Sign-up, login (throttled, optional TOTP), refresh-token rotation with reuse detection."""

from __future__ import annotations

import base64
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.api.context import AppContext
from wirework.api.envelope import ApiError
from wirework.security import totp
from wirework.store.models import RefreshToken, Setting, User
from wirework.store.repos import AuditRepo, SettingRepo, TokenRepo, UserRepo
from wirework.store.types import new_id, utcnow

OWNER_KEY = "instance_owner"


def _unauthorized(message: str, details: object = None) -> ApiError:
    return ApiError(401, "UNAUTHORIZED", message, details)


async def register(
    ctx: AppContext, s: AsyncSession, *, email: str, password: str, name: str,
    by_admin: bool = False, ip: str | None = None,
) -> User:
    users = UserRepo(s)
    first = await users.count() == 0
    mode = await SettingRepo(s).get("signup_mode", ctx.settings.signup_mode)
    if not first and mode != "open" and not by_admin:
        raise ApiError(403, "FORBIDDEN", "sign-up is invite-only on this instance; ask an admin")
    if await users.by_email(email) is not None:
        raise ApiError(409, "CONFLICT", f"a user with email '{email}' already exists")
    hashed = await ctx.passwords.hash_async(password)
    user = await users.create(email=email, password_hash=hashed, name=name,
                              role="admin" if first else "member")
    if first and not await _claim_instance(s, user.id):  # another sign-up got there first
        if mode != "open" and not by_admin:
            raise ApiError(403, "FORBIDDEN", "sign-up is invite-only on this instance; ask an admin")
        user.role = "member"
    await AuditRepo(s).log("user.registered", actor_id=user.id, resource_type="user",
                           resource_id=user.id, ip=ip, details={"role": user.role})
    return user


async def _claim_instance(s: AsyncSession, user_id: str) -> bool:
    """Record the first user as the instance owner; False when a concurrent sign-up already did
    (the settings key is unique, so exactly one of them wins on SQLite and PostgreSQL alike)."""
    await s.flush()
    try:
        async with s.begin_nested():
            s.add(Setting(key=OWNER_KEY, value=user_id))
    except IntegrityError:
        owner = await s.get(Setting, OWNER_KEY, populate_existing=True)
        if owner is None or await s.get(User, owner.value) is not None:
            return False
        owner.value = user_id  # the recorded owner's account is gone: this sign-up is first again
    return True


async def issue_tokens(
    ctx: AppContext, s: AsyncSession, user: User, *, family_id: str | None = None,
    replaces: RefreshToken | None = None, ip: str | None = None,
) -> dict[str, object]:
    raw = ctx.tokens.new_refresh_token()
    row = RefreshToken(
        id=new_id(), user_id=user.id, family_id=family_id or new_id(),
        token_hash=ctx.tokens.digest(raw), created_at=utcnow(),
        expires_at=utcnow() + timedelta(seconds=ctx.settings.refresh_token_ttl), ip=ip,
    )
    repo = TokenRepo(s)
    if replaces is not None:
        if not await repo.rotate(replaces, row):
            raise _unauthorized("refresh token was already used")
    else:
        await repo.add(row)
    return {
        "access_token": ctx.tokens.access_token(user_id=user.id, role=user.role),
        "refresh_token": raw, "token_type": "bearer", "expires_in": ctx.settings.access_token_ttl,
    }


async def login(
    ctx: AppContext, s: AsyncSession, *, email: str, password: str, totp_code: str | None, ip: str
) -> dict[str, object]:
    email = email.strip().lower()
    retry = await ctx.login_throttle.check_async(ip=ip, email=email)
    if retry is not None:
        raise ApiError(429, "RATE_LIMIT", "too many failed sign-in attempts; try again later",
                       {"retry_after": retry}, {"Retry-After": str(retry)})
    user = await UserRepo(s).by_email(email)
    ok, new_hash = await ctx.passwords.verify_async(password, user.password_hash if user else None)
    if user is None or not ok or not user.is_active:
        await ctx.login_throttle.failed_async(ip=ip, email=email)
        await AuditRepo(s).log("auth.login_failed", actor_id=user.id if user else None, ip=ip,
                               details={"email": email})
        await s.commit()  # the error below rolls the request's session back; the trail stays
        raise _unauthorized("wrong email or password")
    if user.totp_enabled:
        if not totp_code:
            raise _unauthorized("a TOTP code is required for this account", {"totp_required": True})
        if not totp.verify(totp_secret(ctx, user), totp_code):
            await ctx.login_throttle.failed_async(ip=ip, email=email)
            await AuditRepo(s).log("auth.login_failed", actor_id=user.id, ip=ip,
                                   details={"email": email, "reason": "totp"})
            await s.commit()
            raise _unauthorized("wrong TOTP code", {"totp_required": True})
    await ctx.login_throttle.succeeded_async(email=email)
    if new_hash:  # e.g. an imported n8n bcrypt hash becomes argon2id
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    await AuditRepo(s).log("auth.login", actor_id=user.id, resource_type="user", resource_id=user.id, ip=ip)
    return await issue_tokens(ctx, s, user, ip=ip)


async def refresh(ctx: AppContext, s: AsyncSession, *, raw: str, ip: str) -> dict[str, object]:
    repo = TokenRepo(s)
    row = await repo.by_hash(ctx.tokens.digest(raw))
    if row is None:
        raise _unauthorized("unknown refresh token")
    if row.revoked_at is not None:
        # a rotated-away token came back: someone kept a copy — end the whole login
        await repo.revoke_family(row.family_id)
        await AuditRepo(s).log("auth.refresh_reuse", actor_id=row.user_id, ip=ip,
                               details={"family_id": row.family_id})
        await s.commit()
        raise _unauthorized("refresh token reuse detected; all sessions of this login were revoked")
    if row.expires_at <= utcnow():
        raise _unauthorized("refresh token expired")
    user = await UserRepo(s).get(row.user_id)
    if user is None or not user.is_active:
        raise _unauthorized("user no longer exists or is disabled")
    return await issue_tokens(ctx, s, user, family_id=row.family_id, replaces=row, ip=ip)


def totp_secret(ctx: AppContext, user: User) -> str:
    blob = base64.b64decode(user.totp_secret or "")
    return ctx.cipher.decrypt(blob, aad=f"totp:{user.id}").decode()


def seal_totp_secret(ctx: AppContext, user: User, secret: str) -> str:
    return base64.b64encode(ctx.cipher.encrypt(secret.encode(), aad=f"totp:{user.id}")).decode()
