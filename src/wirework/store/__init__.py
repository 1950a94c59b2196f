"""Storage: SQLAlchemy 2 async tables, Alembic migrations, repositories (SQLite + PostgreSQL)."""

from wirework.store.codec import pack, unpack
from wirework.store.db import Database, normalize_url
from wirework.store.types import new_id, utcnow

__all__ = ["Database", "new_id", "normalize_url", "pack", "unpack", "utcnow"]
