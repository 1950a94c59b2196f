"""One settings object; every environment variable is ``WIREWORK_*``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: a list setting given in the environment as `a,b,c` or as a JSON list
NameList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIREWORK_", extra="ignore")

    # --- where things live ---------------------------------------------------------------
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".wirework")
    database_url: str | None = None  # default: sqlite+aiosqlite:///<data_dir>/wirework.db
    redis_url: str | None = None  # set => scaled-out event bus / webhook routing
    encryption_key: str | None = None  # default: generated once into <data_dir>/encryption.key

    # --- server --------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 5678
    public_url: str | None = None  # base of webhook / resume URLs; default http://host:port
    cors_origins: NameList = Field(default_factory=list)
    #: set => GET /api/v1/metrics needs ``Authorization: Bearer <token>`` (else open, as scrapers expect)
    metrics_token: str | None = None
    signup_mode: str = "open"  # open | invite
    jwt_secret: str | None = None
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 7 * 24 * 3600
    max_body_bytes: int = 16 * 1024 * 1024
    rate_limit_per_minute: int = 600
    login_rate_limit_per_minute: int = 10

    # --- execution -----------------------------------------------------------------------
    timezone: str = "America/New_York"
    concurrency: int = 10
    save_progress: bool = True
    execution_timeout: int = -1  # seconds; -1 = none (per-workflow settings.executionTimeout wins)
    prune_max_age_days: int = 14
    prune_max_count: int = 10_000
    allow_env_access: bool = False  # $env in expressions
    binary_inline_limit: int = 1024 * 1024

    # --- code nodes ----------------------------------------------------------------------
    code_timeout: float = 60.0
    code_memory_mb: int = 256
    code_python_allowed_modules: NameList = Field(default_factory=list)
    code_python_pool_size: int = 2

    # --- runtime: queue, leases, triggers (issue 6) ----------------------------------------
    queue_mode: str = "embedded"  # embedded (in-process pool) | procrastinate (wirework worker)
    execution_lease_seconds: float = 30.0  # a crashed worker's run is resumed after this
    worker_poll_interval: float = 1.0
    run_embedded_workers: bool = True  # `serve` runs the in-process pool (embedded mode)
    scheduler_lock_seconds: float = 15.0  # leader lease of the process firing schedules/pollers
    workflow_concurrency: int = -1  # max running executions per workflow; -1 = unlimited

    # --- platform: auth, API limits (issue 5) ----------------------------------------------
    password_time_cost: int = 3  # argon2id iterations
    password_memory_kib: int = 65536  # argon2id memory
    rate_limit_per_user_minute: int = 1200
    trust_proxy_headers: bool = False  # honour X-Forwarded-For / -Proto (behind a TLS proxy)
    enable_docs: bool = True  # /api/docs
    migrate_on_start: bool = True

    # --- expressions (issue 3) ---------------------------------------------------------------
    js_engine_pool_size: int = 10  # warm V8 engines kept for reuse across executions

    @field_validator("cors_origins", "code_python_allowed_modules", mode="before")
    @classmethod
    def _split_names(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                raise ValueError('not a JSON list; write a,b or ["a", "b"]') from None
        return [part.strip() for part in text.split(",") if part.strip()]

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "wirework.db"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.sqlite_path}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
