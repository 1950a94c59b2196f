"""Binary payloads of executions on disk (``<data dir>/binary/<execution id>/``): the store the
runs write large files to, and the sweep that removes the payloads of executions that no longer
exist — pruned, deleted one by one or in bulk — so one mechanism covers every way a row goes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from wirework.nodes._common.binary_store import FilesystemBinaryStore
from wirework.store import Database
from wirework.store.models import ExecutionRow

#: payloads written before their execution had an id, or by runs outside the runtime
TEMP_FOLDER = "temp"


class ExecutionBinaryData:
    def __init__(self, base_dir: Path) -> None:
        self.base = base_dir
        self.store = FilesystemBinaryStore(base_dir)

    async def sweep(self, db: Database, *, temp_max_age: timedelta = timedelta(days=1)) -> int:
        """Delete the folders of executions that are gone; returns how many folders went."""
        folders = await asyncio.to_thread(self._folders)
        gone: list[str] = []
        for i in range(0, len(folders), 500):
            chunk = folders[i : i + 500]
            async with db.session() as s:
                known = set((await s.execute(select(ExecutionRow.id).where(ExecutionRow.id.in_(chunk)))).scalars())
            gone += [f for f in chunk if f not in known]
        removed = await self.store.delete_by_execution(gone)
        await asyncio.to_thread(self._expire_temp, datetime.now(UTC) - temp_max_age)
        return removed

    def _folders(self) -> list[str]:
        if not self.base.is_dir():
            return []
        return sorted(p.name for p in self.base.iterdir() if p.is_dir() and p.name != TEMP_FOLDER)

    def _expire_temp(self, before: datetime) -> None:
        temp = self.base / TEMP_FOLDER
        if not temp.is_dir():
            return
        for f in temp.iterdir():
            if datetime.fromtimestamp(f.stat().st_mtime, UTC) < before:
                f.unlink(missing_ok=True)
