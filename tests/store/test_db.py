from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from wirework.store import Database, normalize_url
from wirework.store.models import Base


def test_urls_pick_async_drivers() -> None:
    assert normalize_url("sqlite:////tmp/x.db") == "sqlite+aiosqlite:////tmp/x.db"
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u@h/db").startswith("postgresql+psycopg://")


async def test_every_table_is_created(db: Database) -> None:
    async with db.engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert set(Base.metadata.tables) <= names


async def test_sqlite_pragmas_applied_on_connect(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'sub' / 'w.db'}")
    try:
        await db.migrate()
        async with db.engine.connect() as conn:
            values = [
                (await conn.execute(text(f"PRAGMA {p}"))).scalar()
                for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            ]
        assert values == ["wal", 1, 10000, 1]
    finally:
        await db.dispose()


async def test_migrations_go_down_and_up_again(db: Database) -> None:
    await db.downgrade("base")
    async with db.engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert "workflows" not in names
    await db.migrate()
    await db.migrate()  # idempotent
    async with db.engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert "executions" in names


@pytest.mark.postgres
async def test_concurrent_migrations_on_a_fresh_postgres_database(postgres_server: str) -> None:
    import asyncio

    import psycopg

    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    async with await psycopg.AsyncConnection.connect(f"{plain}/postgres", autocommit=True) as conn:
        await conn.execute("DROP DATABASE IF EXISTS wirework_concurrent")
        await conn.execute("CREATE DATABASE wirework_concurrent")
    dbs = [Database(f"{postgres_server}/wirework_concurrent") for _ in range(3)]
    try:
        await asyncio.gather(*(d.migrate() for d in dbs))
        async with dbs[0].engine.connect() as c:
            assert (await c.execute(text("SELECT version_num FROM alembic_version"))).scalar() == "0001"
    finally:
        for d in dbs:
            await d.dispose()
