"""Platform commands: ``serve``, ``db upgrade``, ``user create``, ``import``, ``export``."""

from __future__ import annotations

import asyncio
import functools
import getpass
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from wirework.settings import Settings

err = Console(stderr=True)


def _settings(data_dir: Path | None = None) -> Settings:
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    if data_dir is not None:
        os.environ["WIREWORK_DATA_DIR"] = str(data_dir)
    try:
        return Settings()
    except SettingsError as exc:  # e.g. a list setting that is not JSON
        raise ValueError(f"{exc}; list settings take JSON, e.g. '[\"https://a.example\"]'") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ()))
        raise ValueError(f"setting WIREWORK_{field.upper()}: {first.get('msg', 'invalid')}") from None


def _fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _one_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def _guarded(fn: Callable[..., None]) -> Callable[..., None]:
    """Bad input or an unreachable database ends the command with exit 1 and one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from wirework.security import DecryptionError

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            fn(*args, **kwargs)
        except (ValueError, OSError, SQLAlchemyError, DecryptionError) as exc:
            _fail(_one_line(exc))

    return run


async def _with_db(settings: Settings, fn: Any) -> Any:
    from wirework.store import Database

    db = Database(settings.effective_database_url)
    try:
        await db.migrate()
        async with db.session() as s:
            return await fn(s)
    finally:
        await db.dispose()


async def create_user(settings: Settings, *, email: str, password: str, name: str, admin: bool) -> Any:
    from wirework.api.schemas.auth import normalize_email
    from wirework.security import PasswordHasher, password_problem
    from wirework.store.repos import AuditRepo, UserRepo

    try:
        email = normalize_email(email)
    except ValueError as exc:
        raise ValueError(f"{email!r}: {exc}") from None
    if problem := password_problem(password):
        raise ValueError(problem)
    hashed = PasswordHasher(time_cost=settings.password_time_cost,
                            memory_kib=settings.password_memory_kib).hash(password)

    async def run(s: Any) -> Any:
        users = UserRepo(s)
        if await users.by_email(email) is not None:
            raise ValueError(f"a user with email '{email.strip().lower()}' already exists")
        role = "admin" if admin or await users.count() == 0 else "member"
        user = await users.create(email=email, password_hash=hashed, name=name, role=role)
        await AuditRepo(s).log("user.created", actor_id=None, resource_type="user", resource_id=user.id,
                               details={"role": role, "via": "cli"})
        return user

    return await _with_db(settings, run)


def _documents(path: Path) -> list[dict[str, Any]]:
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no .json files to import")
    docs: list[dict[str, Any]] = []
    for f in files:
        try:
            raw = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{f}: {exc}") from None
        items = raw if isinstance(raw, list) else raw.get("workflows", [raw]) if isinstance(raw, dict) else None
        if not isinstance(items, list) or not all(isinstance(d, dict) for d in items):
            raise ValueError(f"{f}: expected a workflow object or a list of them")
        for doc in items:  # n8n test fixtures sometimes carry no name: use the file's
            docs.append(doc if doc.get("name") else {**doc, "name": f.stem})
    return docs


async def import_workflows(settings: Settings, path: Path, *, owner_email: str | None) -> list[Any]:
    from wirework.api.envelope import ApiError
    from wirework.api.services import workflow_ops
    from wirework.store.models import User
    from wirework.store.repos import UserRepo

    docs = _documents(path)

    async def run(s: Any) -> list[Any]:
        from sqlalchemy import select

        owner = await UserRepo(s).by_email(owner_email) if owner_email else (await s.execute(
            select(User).where(User.role == "admin").order_by(User.created_at).limit(1))).scalar_one_or_none()
        if owner_email and owner is None:
            raise ValueError(f"no user with email '{owner_email}'")
        rows = []
        for i, doc in enumerate(docs):
            try:
                row, _tags = await workflow_ops.create(s, doc, owner_id=owner.id if owner else None,
                                                       keep_id=True, index=i)
            except ApiError as exc:
                raise ValueError(exc.message) from None
            rows.append(row)
        return rows

    result: list[Any] = await _with_db(settings, run)
    return result


async def export_workflows(settings: Settings, directory: Path) -> list[Path]:
    from wirework.api.services.workflows import export
    from wirework.store.repos import WorkflowFilter, WorkflowRepo

    async def run(s: Any) -> list[Path]:
        repo = WorkflowRepo(s)
        rows, _ = await repo.list(WorkflowFilter(sort="created_at"), limit=1_000_000)
        tags = await repo.tags_for([r.id for r in rows])
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for row in rows:
            doc = export(row, tags[row.id])
            target = directory / f"{row.id}.json"
            target.write_text(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                              encoding="utf-8")
            written.append(target)
        return written

    result: list[Path] = await _with_db(settings, run)
    return result


async def rekey(settings: Settings) -> int:
    """Re-encrypt credentials and TOTP secrets still sealed with an older key version."""
    import base64

    from sqlalchemy import select

    from wirework.security import CredentialCipher, InstanceKeys
    from wirework.store.models import CredentialRow, User

    cipher = CredentialCipher(InstanceKeys.from_settings(settings))

    async def run(s: Any) -> int:
        count = 0
        for row in (await s.execute(select(CredentialRow))).scalars():
            if cipher.needs_rotation(row.data):
                row.data = cipher.encrypt(cipher.decrypt(row.data, aad=row.id), aad=row.id)
                count += 1
        for user in (await s.execute(select(User).where(User.totp_secret.is_not(None)))).scalars():
            blob = base64.b64decode(user.totp_secret or "")
            if cipher.needs_rotation(blob):
                plain = cipher.decrypt(blob, aad=f"totp:{user.id}")
                user.totp_secret = base64.b64encode(cipher.encrypt(plain, aad=f"totp:{user.id}")).decode()
                count += 1
        return count

    result: int = await _with_db(settings, run)
    return result


DataDir = Annotated[Path | None, typer.Option("--data-dir", help="default ~/.wirework or WIREWORK_DATA_DIR")]


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
    user_app = typer.Typer(help="Manage users.", no_args_is_help=True)
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")

    @app.command()
    @_guarded
    def serve(
        host: Annotated[str | None, typer.Option(help="default 127.0.0.1 (WIREWORK_HOST)")] = None,
        port: Annotated[int | None, typer.Option(help="default 5678 (WIREWORK_PORT)")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Start the server: API, editor, triggers and workers in one process."""
        import uvicorn

        from wirework.api import create_app

        settings = _settings(data_dir)
        settings = settings.model_copy(update={"host": host or settings.host, "port": port or settings.port})
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        err.print(f"Wirework on http://{settings.host}:{settings.port}  (data: {settings.data_dir})")
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level="info", proxy_headers=settings.trust_proxy_headers)

    @db_app.command("upgrade")
    @_guarded
    def db_upgrade(data_dir: DataDir = None) -> None:
        """Apply database migrations (serve does this on start too)."""
        from wirework.store import Database

        settings = _settings(data_dir)

        async def run() -> None:
            db = Database(settings.effective_database_url)
            try:
                await db.migrate()
            finally:
                await db.dispose()

        asyncio.run(run())
        print(f"database at head ({Database(settings.effective_database_url).dialect})")

    @db_app.command("rekey")
    @_guarded
    def db_rekey(data_dir: DataDir = None) -> None:
        """Re-encrypt secrets with the newest key of WIREWORK_ENCRYPTION_KEY ("v2:new,v1:old")."""
        count = asyncio.run(rekey(_settings(data_dir)))
        print(f"re-encrypted {count} secret(s)")

    @user_app.command("create")
    @_guarded
    def user_create(
        email: Annotated[str, typer.Argument(help="sign-in email")],
        password: Annotated[str | None, typer.Option(help="prompted when left out")] = None,
        name: Annotated[str, typer.Option(help="display name")] = "",
        admin: Annotated[bool, typer.Option("--admin", help="instance admin")] = False,
        data_dir: DataDir = None,
    ) -> None:
        """Create a user (the first user is always an admin)."""
        secret = password or os.environ.get("WIREWORK_USER_PASSWORD") or getpass.getpass("Password: ")
        user = asyncio.run(create_user(_settings(data_dir), email=email, password=secret, name=name, admin=admin))
        print(f"created {user.role} {user.email} ({user.id})")

    @app.command("import")
    @_guarded
    def import_cmd(
        path: Annotated[Path, typer.Argument(help="a workflow JSON file or a directory of them")],
        owner: Annotated[str | None, typer.Option(help="owner's email (default: the first admin)")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Import n8n workflow JSON into the database."""
        if not path.exists():
            _fail(f"{path} does not exist")
        rows = asyncio.run(import_workflows(_settings(data_dir), path, owner_email=owner))
        for row in rows:
            print(f"imported {row.id}  {row.name}")

    @app.command("export")
    @_guarded
    def export_cmd(
        directory: Annotated[Path, typer.Option("--dir", help="one pretty, key-sorted JSON per workflow")],
        data_dir: DataDir = None,
    ) -> None:
        """Export every workflow as n8n JSON (diffs cleanly in git)."""
        if directory.exists() and not directory.is_dir():
            _fail(f"{directory} exists and is not a directory")
        written = asyncio.run(export_workflows(_settings(data_dir), directory))
        print(f"exported {len(written)} workflow(s) to {directory}")
