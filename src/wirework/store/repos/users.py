"""Users, refresh tokens (rotation families) and API keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store.models import ApiKey, RefreshToken, User
from wirework.store.types import utcnow


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def count(self) -> int:
        return int((await self.s.execute(select(func.count(User.id)))).scalar_one())

    async def get(self, user_id: str) -> User | None:
        return await self.s.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        stmt = select(User).where(User.email == email.strip().lower())
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def create(self, *, email: str, password_hash: str, name: str = "", role: str = "member") -> User:
        user = User(email=email.strip().lower(), password_hash=password_hash, name=name, role=role)
        self.s.add(user)
        await self.s.flush()
        return user

    async def list(self, *, offset: int = 0, limit: int = 50) -> tuple[list[User], int]:
        total = await self.count()
        stmt = select(User).order_by(User.created_at, User.id).offset(offset).limit(limit)
        return list((await self.s.execute(stmt)).scalars()), total

    async def by_ids(self, ids: Sequence[str]) -> dict[str, User]:
        rows = (await self.s.execute(select(User).where(User.id.in_(list(ids))))).scalars()
        return {u.id: u for u in rows}


class TokenRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, token: RefreshToken) -> RefreshToken:
        self.s.add(token)
        await self.s.flush()
        return token

    async def by_hash(self, token_hash: str) -> RefreshToken | None:
        stmt = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def revoke_family(self, family_id: str) -> None:
        await self.s.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )

    async def revoke_user(self, user_id: str) -> None:
        await self.s.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )

    async def rotate(self, old: RefreshToken, new: RefreshToken) -> bool:
        """Revoke ``old`` (only if still live — concurrent refreshes race here) and add ``new``."""
        result = await self.s.execute(
            update(RefreshToken)
            .where(RefreshToken.id == old.id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow(), replaced_by=new.id)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self.add(new)
        return True


class ApiKeyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, key: ApiKey) -> ApiKey:
        self.s.add(key)
        await self.s.flush()
        return key

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        stmt = select(ApiKey).where(ApiKey.key_hash == key_hash)
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def list_for(self, user_id: str) -> list[ApiKey]:
        stmt = (
            select(ApiKey)
            .where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
            .order_by(ApiKey.created_at.desc())
        )
        return list((await self.s.execute(stmt)).scalars())

    async def get_for(self, key_id: str, user_id: str) -> ApiKey | None:
        key = await self.s.get(ApiKey, key_id)
        return key if key and key.user_id == user_id and key.revoked_at is None else None

    async def touch(self, key_id: str, when: datetime) -> None:
        await self.s.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=when))
