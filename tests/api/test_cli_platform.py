from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from wirework.cli_platform import register


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("WIREWORK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIREWORK_PASSWORD_MEMORY_KIB", "1024")
    monkeypatch.delenv("WIREWORK_DATABASE_URL", raising=False)
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_db_upgrade_user_create_import_export(cli: Any, tmp_path: Path, simple_wf: dict[str, Any]) -> None:
    r = cli("db", "upgrade")
    assert r.exit_code == 0 and "database at head (sqlite)" in r.output
    assert (tmp_path / "data" / "wirework.db").exists()
    r = cli("user", "create", "Root@X.io", "--password", "password123", "--admin")
    assert r.exit_code == 0 and r.output.startswith("created admin root@x.io")
    r = cli("user", "create", "root@x.io", "--password", "password123")
    assert r.exit_code == 1 and "already exists" in r.output
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.json").write_text(json.dumps({**simple_wf, "id": "wfA", "tags": [{"name": "x"}]}))
    (src / "b.json").write_text(json.dumps([{**simple_wf, "name": "B", "id": "wfB"}]))
    r = cli("import", str(src))
    assert r.exit_code == 0 and r.output.splitlines() == ["imported wfA  Simple", "imported wfB  B"]
    out = tmp_path / "out"
    r = cli("export", "--dir", str(out))
    assert r.exit_code == 0 and "exported 2 workflow(s)" in r.output
    text = (out / "wfA.json").read_text()
    doc = json.loads(text)
    assert text == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert doc["nodes"] == simple_wf["nodes"] and doc["tags"][0]["name"] == "x"


def test_import_reports_bad_workflows(cli: Any, tmp_path: Path, simple_wf: dict[str, Any]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**simple_wf, "nodes": [{**simple_wf["nodes"][0], "type": "x.unknown"},
                                                      *simple_wf["nodes"][1:]]}))
    r = cli("import", str(bad))
    assert r.exit_code == 1 and "node 'Start'" in r.output and "x.unknown" in r.output
    bad.write_text("{not json")
    assert cli("import", str(bad)).exit_code == 1


def test_serve_answers_http(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "WIREWORK_DATA_DIR": str(tmp_path / "srv")}
    env.pop("WIREWORK_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "wirework.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/ready", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["data"]["database"] == "sqlite"
        assert (tmp_path / "srv" / "encryption.key").stat().st_mode & 0o777 == 0o600
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_rekey_moves_secrets_to_the_newest_key(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from sqlalchemy import select

    from wirework.security import CredentialCipher, InstanceKeys
    from wirework.settings import Settings
    from wirework.store import Database
    from wirework.store.models import CredentialRow

    monkeypatch.setenv("WIREWORK_ENCRYPTION_KEY", "old-key")
    assert cli("db", "upgrade").exit_code == 0
    url = Settings().effective_database_url
    old = CredentialCipher(InstanceKeys.from_spec("old-key"))

    async def add() -> None:
        db = Database(url)
        async with db.session() as s:
            s.add(CredentialRow(id="c1", name="c", type="httpBasicAuth",
                                data=old.encrypt_json({"password": "p"}, aad="c1")))
        await db.dispose()

    async def blob() -> bytes:
        db = Database(url)
        async with db.session() as s:
            data = (await s.execute(select(CredentialRow.data))).scalar_one()
        await db.dispose()
        return bytes(data)

    asyncio.run(add())
    monkeypatch.setenv("WIREWORK_ENCRYPTION_KEY", "v2:new-key,v1:old-key")
    r = cli("db", "rekey")
    assert r.exit_code == 0 and "re-encrypted 1 secret(s)" in r.output
    data = asyncio.run(blob())
    assert data.startswith(b"v2:")
    assert CredentialCipher(InstanceKeys.from_spec("v2:new-key")).decrypt_json(data, aad="c1") == {"password": "p"}
    assert "re-encrypted 0" in cli("db", "rekey").output
