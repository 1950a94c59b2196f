"""Workflows with optimistic concurrency, every save kept as a version, and tags."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store.errors import ConflictError
from wirework.store.models import Tag, WorkflowRow, WorkflowTag, WorkflowVersion
from wirework.store.repos.access import workflow_scope
from wirework.store.types import new_id, utcnow

SORTS = {
    "updated_at": WorkflowRow.updated_at,
    "created_at": WorkflowRow.created_at,
    "name": WorkflowRow.name,
}


@dataclass(frozen=True, slots=True)
class WorkflowFilter:
    user_id: str | None = None  # visibility scope; None = everything (admin)
    search: str | None = None
    tag: str | None = None
    active: bool | None = None
    sort: str = "-updated_at"


class WorkflowRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def create(
        self, *, name: str, document: dict[str, Any], owner_id: str | None, active: bool = False,
        static_data: dict[str, Any] | None = None, workflow_id: str | None = None,
    ) -> WorkflowRow:
        now = utcnow()
        row = WorkflowRow(
            id=workflow_id or new_id(), name=name, document=document, owner_id=owner_id,
            active=active, version=1, static_data=static_data, created_at=now, updated_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        await self._snapshot(row, owner_id)
        return row

    async def get(self, workflow_id: str, *, include_deleted: bool = False) -> WorkflowRow | None:
        row = await self.s.get(WorkflowRow, workflow_id, populate_existing=True)
        if row is None or (row.deleted_at is not None and not include_deleted):
            return None
        return row

    async def update(
        self, row: WorkflowRow, *, name: str, document: dict[str, Any], expected_version: int | None,
        author_id: str | None,
    ) -> WorkflowRow:
        """Save a new version; ``expected_version`` guards against lost updates."""
        current = row.version
        if expected_version is not None and expected_version != current:
            raise ConflictError(
                f"workflow was changed by someone else (version {current}, you sent {expected_version})",
                current_version=current,
            )
        result = await self.s.execute(
            update(WorkflowRow)
            .where(WorkflowRow.id == row.id, WorkflowRow.version == current)
            .values(name=name, document=document, version=current + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError("workflow was changed concurrently; reload and retry")
        await self.s.refresh(row)
        await self._snapshot(row, author_id)
        return row

    async def set_active(self, row: WorkflowRow, active: bool) -> None:
        row.active = active
        await self.s.flush()

    async def get_static_data(self, workflow_id: str) -> dict[str, Any]:
        """The workflow's static data (a fresh dict; empty when unset or the workflow is gone)."""
        value = await self.s.scalar(select(WorkflowRow.static_data).where(WorkflowRow.id == workflow_id))
        return dict(value or {})

    async def set_static_data(self, workflow_id: str, data: dict[str, Any] | None) -> None:
        await self.s.execute(
            update(WorkflowRow).where(WorkflowRow.id == workflow_id).values(static_data=data)
        )

    async def soft_delete(self, row: WorkflowRow) -> None:
        row.deleted_at = utcnow()
        row.active = False
        await self.s.flush()

    async def _snapshot(self, row: WorkflowRow, author_id: str | None) -> None:
        self.s.add(
            WorkflowVersion(
                workflow_id=row.id, version=row.version, name=row.name, document=row.document,
                author_id=author_id, created_at=utcnow(),
            )
        )
        await self.s.flush()

    def _filtered(self, stmt: Any, f: WorkflowFilter) -> Any:
        stmt = stmt.where(WorkflowRow.deleted_at.is_(None))
        if (scope := workflow_scope(f.user_id)) is not None:
            stmt = stmt.where(scope)
        if f.search:
            escaped = f.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(func.lower(WorkflowRow.name).like(f"%{escaped}%", escape="\\"))
        if f.active is not None:
            stmt = stmt.where(WorkflowRow.active.is_(f.active))
        if f.tag:
            tagged = (
                select(WorkflowTag.workflow_id)
                .join(Tag, Tag.id == WorkflowTag.tag_id)
                .where((Tag.name == f.tag) | (Tag.id == f.tag))
            )
            stmt = stmt.where(WorkflowRow.id.in_(tagged))
        return stmt

    async def list(
        self, f: WorkflowFilter, *, offset: int = 0, limit: int = 50
    ) -> tuple[builtins.list[WorkflowRow], int]:
        total = (await self.s.execute(self._filtered(select(func.count(WorkflowRow.id)), f))).scalar_one()
        key = f.sort.lstrip("-")
        col = SORTS.get(key, WorkflowRow.updated_at)
        order = col.desc() if f.sort.startswith("-") else col.asc()
        stmt = self._filtered(select(WorkflowRow), f).order_by(order, WorkflowRow.id)
        rows = (await self.s.execute(stmt.offset(offset).limit(limit))).scalars()
        return list(rows), int(total)

    async def all_ids(self) -> builtins.list[str]:
        stmt = select(WorkflowRow.id).where(WorkflowRow.deleted_at.is_(None))
        return list((await self.s.execute(stmt)).scalars())

    async def active_ids(self) -> builtins.list[str]:
        stmt = select(WorkflowRow.id).where(
            WorkflowRow.deleted_at.is_(None), WorkflowRow.active.is_(True)
        )
        return list((await self.s.execute(stmt)).scalars())

    async def versions(self, workflow_id: str) -> builtins.list[WorkflowVersion]:
        stmt = (
            select(WorkflowVersion)
            .where(WorkflowVersion.workflow_id == workflow_id)
            .order_by(WorkflowVersion.version.desc())
        )
        return list((await self.s.execute(stmt)).scalars())

    async def version(self, workflow_id: str, version: int) -> WorkflowVersion | None:
        stmt = select(WorkflowVersion).where(
            WorkflowVersion.workflow_id == workflow_id, WorkflowVersion.version == version
        )
        return (await self.s.execute(stmt)).scalar_one_or_none()

    # --- tags ----------------------------------------------------------------------------
    async def set_tags(self, workflow_id: str, names: Sequence[str]) -> builtins.list[Tag]:
        tags = [await TagRepo(self.s).ensure(n) for n in dict.fromkeys(names) if n.strip()]
        await self.s.execute(delete(WorkflowTag).where(WorkflowTag.workflow_id == workflow_id))
        for tag in tags:
            self.s.add(WorkflowTag(workflow_id=workflow_id, tag_id=tag.id))
        await self.s.flush()
        return tags

    async def tags_for(self, workflow_ids: Sequence[str]) -> dict[str, builtins.list[Tag]]:
        out: dict[str, builtins.list[Tag]] = {wid: [] for wid in workflow_ids}
        if not workflow_ids:
            return out
        stmt = (
            select(WorkflowTag.workflow_id, Tag)
            .join(Tag, Tag.id == WorkflowTag.tag_id)
            .where(WorkflowTag.workflow_id.in_(list(workflow_ids)))
            .order_by(Tag.name)
        )
        for wid, tag in (await self.s.execute(stmt)).all():
            out[wid].append(tag)
        return out


class TagRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def ensure(self, name: str) -> Tag:
        name = name.strip()
        tag = (await self.s.execute(select(Tag).where(Tag.name == name))).scalar_one_or_none()
        if tag is None:
            tag = Tag(name=name)
            self.s.add(tag)
            await self.s.flush()
        return tag

    async def get(self, tag_id: str) -> Tag | None:
        return await self.s.get(Tag, tag_id)

    async def by_name(self, name: str) -> Tag | None:
        return (await self.s.execute(select(Tag).where(Tag.name == name))).scalar_one_or_none()

    async def list_with_counts(self) -> builtins.list[tuple[Tag, int]]:
        stmt = (
            select(Tag, func.count(WorkflowTag.workflow_id))
            .outerjoin(WorkflowTag, WorkflowTag.tag_id == Tag.id)
            .group_by(Tag.id)
            .order_by(Tag.name)
        )
        return [(t, int(c)) for t, c in (await self.s.execute(stmt)).all()]

    async def delete(self, tag: Tag) -> None:
        await self.s.delete(tag)
        await self.s.flush()
