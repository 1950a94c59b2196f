from __future__ import annotations

import pytest

from wirework.store import Database
from wirework.store.errors import ConflictError
from wirework.store.repos import (
    ShareRepo,
    TeamRepo,
    UserRepo,
    WorkflowFilter,
    WorkflowRepo,
    role_on,
)

DOC = {"nodes": [], "connections": {}}


async def _users(db: Database) -> tuple[str, str, str]:
    async with db.session() as s:
        repo = UserRepo(s)
        a = await repo.create(email="A@x.io", password_hash="h")
        b = await repo.create(email="b@x.io", password_hash="h")
        c = await repo.create(email="c@x.io", password_hash="h")
        return a.id, b.id, c.id


async def test_update_needs_the_current_version_and_keeps_every_version(db: Database) -> None:
    async with db.session() as s:
        wf = await WorkflowRepo(s).create(name="one", document=DOC, owner_id=None)
    async with db.session() as s:
        repo = WorkflowRepo(s)
        row = await repo.get(wf.id)
        assert row is not None
        await repo.update(row, name="two", document=DOC, expected_version=1, author_id=None)
        assert row.version == 2
        with pytest.raises(ConflictError) as err:
            await repo.update(row, name="three", document=DOC, expected_version=1, author_id=None)
        assert err.value.current_version == 2
    async with db.session() as s:
        versions = await WorkflowRepo(s).versions(wf.id)
    assert [(v.version, v.name) for v in versions] == [(2, "two"), (1, "one")]


async def test_list_scopes_filters_and_sorts(db: Database) -> None:
    a, b, c = await _users(db)
    async with db.session() as s:
        repo = WorkflowRepo(s)
        w1 = await repo.create(name="Alpha 100%", document=DOC, owner_id=a)
        w2 = await repo.create(name="beta", document=DOC, owner_id=b, active=True)
        await repo.set_tags(w2.id, ["prod", "prod", "crm"])
        team = await TeamRepo(s).create("ops", owner_id=b)
        await TeamRepo(s).set_member(team.id, c, "viewer")
        await ShareRepo(s).upsert(resource_type="workflow", resource_id=w2.id,
                                  principal_type="team", principal_id=team.id, role="editor")
    async with db.session() as s:
        repo = WorkflowRepo(s)
        assert [r.id for r in (await repo.list(WorkflowFilter(user_id=a)))[0]] == [w1.id]
        assert [r.id for r in (await repo.list(WorkflowFilter(user_id=c)))[0]] == [w2.id]
        rows, total = await repo.list(WorkflowFilter(sort="name"))
        assert total == 2 and [r.id for r in rows] == [w1.id, w2.id]
        assert [r.id for r in (await repo.list(WorkflowFilter(search="100%")))[0]] == [w1.id]
        assert [r.id for r in (await repo.list(WorkflowFilter(search="_")))[0]] == []
        assert [r.id for r in (await repo.list(WorkflowFilter(tag="prod")))[0]] == [w2.id]
        assert [r.id for r in (await repo.list(WorkflowFilter(active=False)))[0]] == [w1.id]
        tags = await repo.tags_for([w1.id, w2.id])
        assert [t.name for t in tags[w2.id]] == ["crm", "prod"] and tags[w1.id] == []
        assert await role_on(s, resource_type="workflow", resource_id=w2.id, owner_id=b, user_id=c) == "editor"
        assert await role_on(s, resource_type="workflow", resource_id=w1.id, owner_id=a, user_id=c) is None


async def test_soft_deleted_workflows_disappear(db: Database) -> None:
    async with db.session() as s:
        repo = WorkflowRepo(s)
        wf = await repo.create(name="gone", document=DOC, owner_id=None, active=True)
        await repo.soft_delete(wf)
    async with db.session() as s:
        repo = WorkflowRepo(s)
        assert await repo.get(wf.id) is None
        assert (await repo.get(wf.id, include_deleted=True)) is not None
        assert (await repo.list(WorkflowFilter()))[1] == 0


async def test_emails_are_unique_case_insensitively(db: Database) -> None:
    await _users(db)
    async with db.session() as s:
        assert (await UserRepo(s).by_email(" a@X.io ")) is not None
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        async with db.session() as s:
            await UserRepo(s).create(email="a@x.IO", password_hash="h")
