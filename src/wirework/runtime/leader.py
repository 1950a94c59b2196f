"""Leader election through the database: one process at a time fires schedules and pollers.

The lock is a row in the ``settings`` table ``{"owner", "expires"}``. Taking or renewing it
is a compare-and-swap on ``updated_at`` (portable across SQLite and PostgreSQL); a holder
that stops renewing loses it after ``ttl`` seconds.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from wirework.store import Database, utcnow
from wirework.store.models_auth import Setting

LOCK_KEY = "runtime.scheduler_leader"


class LeaderLock:
    def __init__(self, db: Database, *, owner: str, ttl: float, key: str = LOCK_KEY) -> None:
        self.db = db
        self.owner = owner
        self.ttl = ttl
        self.key = key
        #: monotonic time our lease runs out, counted from *before* the round trip that took it,
        #: so a slow renewal can't leave us firing after another process took over
        self._until = 0.0

    @property
    def is_leader(self) -> bool:
        return time.monotonic() < self._until

    @is_leader.setter
    def is_leader(self, value: bool) -> None:
        if not value:
            self._until = 0.0

    async def acquire(self) -> bool:
        """Take or renew the lock; True while this process is the leader."""
        started = time.monotonic()
        try:
            held = await self._try()
        except IntegrityError:
            held = False
        self._until = started + self.ttl if held else 0.0
        return self.is_leader

    async def _try(self) -> bool:
        now = utcnow()
        value = {"owner": self.owner, "expires": (now + timedelta(seconds=self.ttl)).isoformat()}
        async with self.db.session() as s:
            row = (await s.execute(select(Setting.value, Setting.updated_at)
                                   .where(Setting.key == self.key))).first()
            if row is None:
                s.add(Setting(key=self.key, value=value, updated_at=now))
                await s.flush()
                return True
            current, stamp = row
            holder = (current or {}).get("owner")
            expires = datetime.fromisoformat((current or {}).get("expires") or "1970-01-01T00:00:00+00:00")
            if holder != self.owner and expires > now:
                return False
            result = await s.execute(
                update(Setting).where(Setting.key == self.key, Setting.updated_at == stamp)
                .values(value=value, updated_at=now).execution_options(synchronize_session=False))
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def release(self) -> None:
        if not self.is_leader:
            return
        async with self.db.session() as s:
            row = await s.get(Setting, self.key)
            if row is not None and (row.value or {}).get("owner") == self.owner:
                await s.delete(row)
        self.is_leader = False
