"""Credentials, shares, teams, variables, settings and the audit log."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store.models import (
    AuditEntry,
    CredentialRow,
    Setting,
    Share,
    Team,
    TeamMember,
    Variable,
)
from wirework.store.repos.access import credential_scope
from wirework.store.types import utcnow


class CredentialRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, row: CredentialRow) -> CredentialRow:
        self.s.add(row)
        await self.s.flush()
        return row

    async def get(self, cred_id: str) -> CredentialRow | None:
        return await self.s.get(CredentialRow, cred_id, populate_existing=True)

    async def list(
        self, *, user_id: str | None, type_: str | None = None, offset: int = 0, limit: int = 50
    ) -> tuple[builtins.list[CredentialRow], int]:
        stmt = select(CredentialRow)
        count = select(func.count(CredentialRow.id))
        for cond in (credential_scope(user_id), CredentialRow.type == type_ if type_ else None):
            if cond is not None:
                stmt, count = stmt.where(cond), count.where(cond)
        total = (await self.s.execute(count)).scalar_one()
        stmt = stmt.order_by(CredentialRow.name, CredentialRow.id).offset(offset).limit(limit)
        return list((await self.s.execute(stmt)).scalars()), int(total)

    async def delete(self, row: CredentialRow) -> None:
        await ShareRepo(self.s).delete_for("credential", row.id)
        await self.s.delete(row)
        await self.s.flush()


class ShareRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def list_for(self, resource_type: str, resource_id: str) -> builtins.list[Share]:
        stmt = select(Share).where(
            Share.resource_type == resource_type, Share.resource_id == resource_id
        ).order_by(Share.created_at)
        return list((await self.s.execute(stmt)).scalars())

    async def upsert(
        self, *, resource_type: str, resource_id: str, principal_type: str, principal_id: str, role: str
    ) -> Share:
        stmt = select(Share).where(
            Share.resource_type == resource_type, Share.resource_id == resource_id,
            Share.principal_type == principal_type, Share.principal_id == principal_id,
        )
        share = (await self.s.execute(stmt)).scalar_one_or_none()
        if share is None:
            share = Share(
                resource_type=resource_type, resource_id=resource_id,
                principal_type=principal_type, principal_id=principal_id, role=role,
            )
            self.s.add(share)
        else:
            share.role = role
        await self.s.flush()
        return share

    async def get(self, share_id: str) -> Share | None:
        return await self.s.get(Share, share_id)

    async def remove(self, share: Share) -> None:
        await self.s.delete(share)
        await self.s.flush()

    async def delete_for(self, resource_type: str, resource_id: str) -> None:
        await self.s.execute(
            delete(Share).where(Share.resource_type == resource_type, Share.resource_id == resource_id)
        )


class TeamRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def create(self, name: str, owner_id: str) -> Team:
        team = Team(name=name)
        self.s.add(team)
        await self.s.flush()
        self.s.add(TeamMember(team_id=team.id, user_id=owner_id, role="owner"))
        await self.s.flush()
        return team

    async def get(self, team_id: str) -> Team | None:
        return await self.s.get(Team, team_id)

    async def list(self, user_id: str | None) -> builtins.list[Team]:
        stmt = select(Team).order_by(Team.name, Team.id)
        if user_id is not None:
            mine = select(TeamMember.team_id).where(TeamMember.user_id == user_id)
            stmt = stmt.where(Team.id.in_(mine))
        return list((await self.s.execute(stmt)).scalars())

    async def members(self, team_id: str) -> builtins.list[TeamMember]:
        stmt = select(TeamMember).where(TeamMember.team_id == team_id).order_by(TeamMember.created_at)
        return list((await self.s.execute(stmt)).scalars())

    async def member(self, team_id: str, user_id: str) -> TeamMember | None:
        return await self.s.get(TeamMember, (team_id, user_id))

    async def set_member(self, team_id: str, user_id: str, role: str) -> TeamMember:
        m = await self.member(team_id, user_id)
        if m is None:
            m = TeamMember(team_id=team_id, user_id=user_id, role=role)
            self.s.add(m)
        else:
            m.role = role
        await self.s.flush()
        return m

    async def remove_member(self, m: TeamMember) -> None:
        await self.s.delete(m)
        await self.s.flush()

    async def delete(self, team: Team) -> None:
        await self.s.execute(
            delete(Share).where(Share.principal_type == "team", Share.principal_id == team.id)
        )
        await self.s.delete(team)
        await self.s.flush()


class VariableRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def list(self) -> builtins.list[Variable]:
        return list((await self.s.execute(select(Variable).order_by(Variable.key))).scalars())

    async def get(self, var_id: str) -> Variable | None:
        return await self.s.get(Variable, var_id)

    async def by_key(self, key: str) -> Variable | None:
        return (await self.s.execute(select(Variable).where(Variable.key == key))).scalar_one_or_none()

    async def add(self, var: Variable) -> Variable:
        self.s.add(var)
        await self.s.flush()
        return var

    async def delete(self, var: Variable) -> None:
        await self.s.delete(var)
        await self.s.flush()

    async def as_dict(self) -> dict[str, str]:
        return {v.key: v.value for v in await self.list()}


class SettingRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, key: str, default: Any = None) -> Any:
        row = await self.s.get(Setting, key)
        return default if row is None else row.value

    async def set(self, key: str, value: Any) -> None:
        row = await self.s.get(Setting, key)
        if row is None:
            self.s.add(Setting(key=key, value=value))
        else:
            row.value = value
        await self.s.flush()


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def log(
        self, action: str, *, actor_id: str | None, resource_type: str | None = None,
        resource_id: str | None = None, ip: str | None = None, details: dict[str, Any] | None = None,
    ) -> None:
        self.s.add(
            AuditEntry(
                action=action, actor_id=actor_id, resource_type=resource_type,
                resource_id=resource_id, ip=ip, details=details or {}, created_at=utcnow(),
            )
        )
        await self.s.flush()

    async def list(
        self, *, action: str | None = None, actor_id: str | None = None,
        since: datetime | None = None, offset: int = 0, limit: int = 50,
    ) -> tuple[builtins.list[AuditEntry], int]:
        stmt, count = select(AuditEntry), select(func.count(AuditEntry.id))
        conds = [
            AuditEntry.action == action if action else None,
            AuditEntry.actor_id == actor_id if actor_id else None,
            AuditEntry.created_at >= since if since else None,
        ]
        for cond in conds:
            if cond is not None:
                stmt, count = stmt.where(cond), count.where(cond)
        total = (await self.s.execute(count)).scalar_one()
        stmt = stmt.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
        return list((await self.s.execute(stmt)).scalars()), int(total)
