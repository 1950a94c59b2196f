"""Binary payloads of executions on disk (``<data dir>/binary/<execution id>/``): the store the
runs write large files to, and the sweep that removes the payloads of executions that no longer
exist — pruned, deleted one by one or in bulk — so one mechanism covers every way a row goes.

An execution's run data refers to files in its own folder: runs write there, and ``adopt``
links in the files a new execution inherits (a retry's or partial run's earlier run data,
trigger items a webhook or poller stored under ``temp``) so deleting the execution they came
from never takes them away. ``open_payload`` serves nothing from outside the folder. A
sub-workflow writes its files into the calling execution's folder.
"""

from __future__ import annotations

import asyncio
import copy
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from sqlalchemy import select

from wirework.nodes._common.binary_store import PREFIX, BinaryNotFoundError, FilesystemBinaryStore
from wirework.store import Database
from wirework.store.models import ExecutionRow

#: payloads written before their execution had an id, or by runs outside the runtime
TEMP_FOLDER = "temp"
T = TypeVar("T")


class BinaryGoneError(BinaryNotFoundError):
    """The payload belonged to the execution but its file is no longer on disk (pruned)."""


def item_binaries(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(property, ref)`` for every binary reference an item holds anywhere inside ``value``
    (run data, an execution stack, trigger items): each ``{"json": …, "binary": {…}}``."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if not isinstance(v.get("json"), dict):
                stack.extend(v.values())
            elif isinstance(binary := v.get("binary"), dict):  # an item: its json holds no refs
                yield from ((k, ref) for k, ref in binary.items() if isinstance(ref, dict))
        elif isinstance(v, (list, tuple)):
            stack.extend(v)


class ExecutionBinaryData:
    def __init__(self, base_dir: Path) -> None:
        self.base = base_dir
        self.store = FilesystemBinaryStore(base_dir)

    def payload_path(self, execution_id: str, binary_id: str) -> Path:
        """The file of ``binary_id``, which must lie in ``execution_id``'s own folder."""
        path = self.store.path_of(binary_id)  # one safe segment each: no traversal out of base
        if path.parent.name != execution_id or path.name.startswith(".") or path.suffix == ".meta":
            raise BinaryNotFoundError(f"binary data '{binary_id}' is not stored with execution "
                                      f"'{execution_id}'")
        return path

    async def open_payload(self, execution_id: str, binary_id: str) -> tuple[BinaryIO, int]:
        """An open file of the payload and its size; the caller closes it. An open file keeps
        streaming even when a prune removes its name meanwhile."""
        path = self.payload_path(execution_id, binary_id)

        def work() -> tuple[BinaryIO, int]:
            f = path.open("rb")
            return f, os.fstat(f.fileno()).st_size

        try:
            return await asyncio.to_thread(work)
        except (FileNotFoundError, IsADirectoryError):
            raise BinaryGoneError(f"binary data '{binary_id}' is no longer on disk") from None

    async def adopt(self, value: T, execution_id: str) -> T:
        """``value`` with each file-backed payload it refers to outside ``execution_id``'s folder
        hard-linked (copied where links fail) into that folder and its refs rewritten to point
        there; ``value`` itself when there is nothing to move. Refs whose file is already gone
        stay as they are."""
        foreign = {str(ref["id"]) for _, ref in item_binaries(value) if self._foreign(ref.get("id"), execution_id)}
        if not foreign:
            return value
        moved = await asyncio.to_thread(self._link_all, sorted(foreign), execution_id)
        if not moved:
            return value
        out = copy.deepcopy(value)
        for _, ref in item_binaries(out):
            if ref.get("id") in moved:
                ref["id"] = moved[ref["id"]]
        return out

    def _foreign(self, binary_id: Any, execution_id: str) -> bool:
        if not isinstance(binary_id, str) or not binary_id.startswith(PREFIX):
            return False
        try:
            return self.store.path_of(binary_id).parent.name != execution_id
        except BinaryNotFoundError:  # not a well-formed id: nothing we could link
            return False

    def _link_all(self, binary_ids: list[str], execution_id: str) -> dict[str, str]:
        moved: dict[str, str] = {}
        for old in binary_ids:
            src = self.store.path_of(old)
            if not src.is_file():
                continue
            new = f"{PREFIX}{execution_id}/{src.name}"
            dst = self.store.path_of(new)
            dst.parent.mkdir(parents=True, exist_ok=True)
            for a, b in ((src, dst), (src.with_suffix(".meta"), dst.with_suffix(".meta"))):
                if a.is_file():
                    _link_or_copy(a, b)
            moved[old] = new
        return moved

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


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except FileExistsError:
        pass
    except OSError:  # another filesystem, or one without hard links
        tmp = dst.with_name(f".{dst.name}.tmp")
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
