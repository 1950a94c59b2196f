"""Filesystem binary-data store: payloads above the inline threshold live here, items keep the id.

Layout: ``<base>/<execution id>/<uuid>`` plus ``<uuid>.meta`` (mime type, size); ids read
``filesystem-v2:<execution id>/<uuid>``. Pruning an execution removes its folder.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

PREFIX = "filesystem-v2:"
_SAFE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_TEMP = "temp"


class BinaryNotFoundError(LookupError):
    """The id names no stored payload (pruned, or never written)."""


class FilesystemBinaryStore:
    """Implements the node SDK's ``BinaryStore`` protocol on a local directory."""

    def __init__(self, base_dir: str | Path) -> None:
        self.base = Path(base_dir)

    # --- protocol ---------------------------------------------------------------------------
    async def put(self, data: bytes, *, execution_id: str | None, mime_type: str) -> str:
        folder = _segment(execution_id or _TEMP)
        name = uuid.uuid4().hex
        await asyncio.to_thread(self._write, folder, name, data, mime_type)
        return f"{PREFIX}{folder}/{name}"

    async def get(self, binary_id: str) -> bytes:
        path = self.path_of(binary_id)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise BinaryNotFoundError(f"Binary data '{binary_id}' not found") from None

    # --- extras -----------------------------------------------------------------------------
    async def metadata(self, binary_id: str) -> dict[str, Any]:
        meta = self.path_of(binary_id).with_suffix(".meta")
        try:
            text = await asyncio.to_thread(meta.read_text, "utf-8")
        except FileNotFoundError:
            raise BinaryNotFoundError(f"Binary data '{binary_id}' not found") from None
        result: dict[str, Any] = json.loads(text)
        return result

    async def delete(self, binary_id: str) -> None:
        path = self.path_of(binary_id)
        await asyncio.to_thread(_unlink_pair, path)

    async def delete_by_execution(self, execution_ids: list[str]) -> int:
        """Remove every payload of these executions (pruning); returns how many folders went."""
        def work() -> int:
            removed = 0
            for eid in execution_ids:
                folder = self.base / _segment(eid)
                if folder.is_dir():
                    shutil.rmtree(folder)
                    removed += 1
            return removed

        return await asyncio.to_thread(work)

    async def rename_execution(self, old: str, new: str) -> None:
        """Move payloads written before an execution had its id (``temp``) under the real one."""
        def work() -> None:
            src, dst = self.base / _segment(old), self.base / _segment(new)
            if src.is_dir():
                dst.mkdir(parents=True, exist_ok=True)
                for f in src.iterdir():
                    f.rename(dst / f.name)
                src.rmdir()

        await asyncio.to_thread(work)

    # --- internals --------------------------------------------------------------------------
    def _write(self, folder: str, name: str, data: bytes, mime_type: str) -> None:
        target = self.base / folder
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(target / name)
        (target / f"{name}.meta").write_text(
            json.dumps({"mimeType": mime_type, "fileSize": len(data)}), "utf-8")

    def path_of(self, binary_id: str) -> Path:
        """The file of ``binary_id``: folder and name are single safe segments under the base."""
        if not binary_id.startswith(PREFIX):
            raise BinaryNotFoundError(f"Binary data id '{binary_id}' is not a filesystem id")
        folder, _, name = binary_id[len(PREFIX):].partition("/")
        return self.base / _segment(folder) / _segment(name)


def _segment(value: str) -> str:
    """One path segment, never a traversal (``..``, ``/``) out of the base directory."""
    if not _SAFE.match(value) or value in (".", ".."):
        raise BinaryNotFoundError(f"Invalid binary data path segment '{value}'")
    return value


def _unlink_pair(path: Path) -> None:
    for p in (path, path.with_suffix(".meta")):
        p.unlink(missing_ok=True)
