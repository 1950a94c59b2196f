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


def test_bad_input_is_one_line_and_exit_1(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*args: str, reason: str) -> None:
        r = cli(*args)
        lines = r.output.strip().splitlines()
        assert r.exit_code == 1 and len(lines) == 1 and "Traceback" not in r.output, (args, r.output)
        assert lines[0].startswith("error: ") and reason in lines[0], (args, lines)

    empty = tmp_path / "empty"
    empty.mkdir()
    fails("import", str(empty), reason="no .json files")
    fails("import", str(tmp_path / "missing.json"), reason="does not exist")
    (tmp_path / "list.json").write_text("[1, 2]")
    fails("import", str(tmp_path / "list.json"), reason="expected a workflow object")
    (tmp_path / "afile").write_text("x")
    fails("export", "--dir", str(tmp_path / "afile"), reason="is not a directory")
    fails("user", "create", "nobody@x.io", "--password", "short", reason="password")
    fails("user", "create", "not-an-email", "--password", "password123", reason="email")
    monkeypatch.setenv("WIREWORK_DATABASE_URL", "nonsense://")
    fails("db", "upgrade", reason="nonsense")
    monkeypatch.setenv("WIREWORK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    fails("db", "upgrade", reason="127.0.0.1")
    monkeypatch.delenv("WIREWORK_DATABASE_URL")
    monkeypatch.setenv("WIREWORK_PORT", "not-a-port")
    fails("serve", reason="WIREWORK_PORT")
    monkeypatch.delenv("WIREWORK_PORT")
    monkeypatch.setenv("WIREWORK_CORS_ORIGINS", '["https://a.example",')
    fails("serve", reason="WIREWORK_CORS_ORIGINS: Value error, not a JSON list")


def test_defaults_are_local_and_in_the_home_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from wirework.settings import Settings

    for name in ("WIREWORK_DATA_DIR", "WIREWORK_HOST", "WIREWORK_PORT", "WIREWORK_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    s = Settings()
    assert (s.host, s.port, s.data_dir) == ("127.0.0.1", 5678, tmp_path / ".wirework")
    assert s.effective_database_url == f"sqlite+aiosqlite:///{tmp_path / '.wirework' / 'wirework.db'}"
    monkeypatch.setenv("WIREWORK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert Settings().data_dir == tmp_path / "elsewhere"
