"""Shared fixtures: a real PostgreSQL cluster and a real Redis server on 127.0.0.1.

Both start once per test session (per xdist worker) in a temp directory and are torn down
at the end. ``WIREWORK_TEST_POSTGRES_URL`` / ``WIREWORK_TEST_REDIS_URL`` point the fixtures
at servers that already run instead. Tests skip with a clear reason only when the server
binaries are not installed (``apt-get install postgresql redis-server``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from wirework.store import Database


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on 127.0.0.1:{port} did not come up in {timeout}s")


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL (``postgresql+psycopg://postgres@127.0.0.1:PORT``) of a throwaway cluster."""
    if url := os.environ.get("WIREWORK_TEST_POSTGRES_URL"):
        yield url.rsplit("/", 1)[0]
        return
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    tmp = Path(tempfile.mkdtemp(prefix="wirework-pg-"))
    tmp.chmod(0o755)
    data, log = tmp / "data", tmp / "pg.log"
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--no-sync", "--no-instructions"]),
        check=True, capture_output=True,
    )
    opts = (f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts,
                      "-w", "-t", "60", "start"]),
        check=True, capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def _create_database(base_url: str, name: str) -> str:
    import psycopg

    plain = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base_url}/{name}"


async def _migrate_async(url: str) -> None:
    db = Database(url)
    try:
        await db.migrate()
    finally:
        await db.dispose()


def _migrate(url: str) -> None:
    # a thread of its own: session fixtures may be first requested from inside a running loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _migrate_async(url)).result()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: str) -> str:
    """A migrated database on the test cluster (tables truncated by the ``db`` fixture)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = _create_database(postgres_server, f"wirework_test_{worker}")
    _migrate(url)
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    _migrate(f"sqlite+aiosqlite:///{path}")
    return path


async def _truncate_all(db: Database) -> None:
    from sqlalchemy import text

    from wirework.store.models import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with db.session() as s:
        await s.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[Database]:
    """A migrated, empty Database — once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        target = tmp_path / "wirework.db"
        shutil.copyfile(sqlite_template, target)
        database = Database(f"sqlite+aiosqlite:///{target}")
    else:
        database = Database(request.getfixturevalue("postgres_url"), pool_size=5)
        await _truncate_all(database)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a throwaway ``redis-server`` (no persistence)."""
    if url := os.environ.get("WIREWORK_TEST_REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed (apt-get install redis-server)")
    port = _free_port()
    tmp = tempfile.mkdtemp(prefix="wirework-redis-")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", tmp],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
