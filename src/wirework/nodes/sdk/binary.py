"""Binary data on items: ``item["binary"][prop] = {data|id, mimeType, fileName, …}``.

Small payloads stay inline as base64 in ``data`` (n8n's default mode); payloads above the
threshold go to the execution's :class:`BinaryStore` and the item keeps only the ``id``.
"""

from __future__ import annotations

import base64
import mimetypes
import os
from typing import Any

from wirework.nodes.sdk.errors import NodeError
from wirework.nodes.sdk.services import ExecutionServices

DEFAULT_INLINE_LIMIT = 1024 * 1024


class BinaryHelper:
    def __init__(self, services: ExecutionServices, *, node: str, execution_id: str | None) -> None:
        self._services = services
        self._node = node
        self._execution_id = execution_id

    async def prepare(
        self, data: bytes, *, file_name: str | None = None, mime_type: str | None = None
    ) -> dict[str, Any]:
        """Build a binary reference for ``data``; large payloads go to the binary store."""
        if mime_type is None:
            guessed = mimetypes.guess_type(file_name or "")[0]
            mime_type = guessed or "application/octet-stream"
        ref: dict[str, Any] = {"mimeType": mime_type}
        if file_name:
            ref["fileName"] = file_name
            ext = os.path.splitext(file_name)[1].lstrip(".")
            if ext:
                ref["fileExtension"] = ext
        elif (guessed_ext := mimetypes.guess_extension(mime_type)) is not None:
            ref["fileExtension"] = guessed_ext.lstrip(".")
        ref["fileSize"] = _human_size(len(data))
        kind = mime_type.split("/")[0]
        if kind in ("text", "image", "audio", "video") or mime_type == "application/json":
            ref["fileType"] = "json" if mime_type == "application/json" else kind
        limit = int(self._services.settings.get("binary_inline_limit", DEFAULT_INLINE_LIMIT))
        store = self._services.binary_store
        if store is not None and len(data) > limit:
            ref["id"] = await store.put(data, execution_id=self._execution_id, mime_type=mime_type)
            ref["data"] = "filesystem-v2"
        else:
            ref["data"] = base64.b64encode(data).decode("ascii")
        return ref

    async def read(self, item: dict[str, Any], prop: str, *, item_index: int = 0) -> bytes:
        """The payload of ``item.binary[prop]``, wherever it is stored."""
        ref = (item.get("binary") or {}).get(prop)
        if not isinstance(ref, dict):
            raise NodeError(
                f"This operation expects the node's input data to contain a binary file '{prop}', "
                "but none was found",
                node=self._node, item_index=item_index, parameter="binaryPropertyName",
            )
        return await self.read_ref(ref)

    async def read_ref(self, ref: dict[str, Any]) -> bytes:
        if ref.get("id"):
            store = self._services.binary_store
            if store is None:
                raise NodeError("binary data is stored externally but no binary store is configured",
                                node=self._node)
            return await store.get(str(ref["id"]))
        return base64.b64decode(ref.get("data") or "")


def _human_size(n: int) -> str:
    # n8n shows sizes like "1.2 kB" / "12 B" (decimal units, one decimal)
    if n < 1000:
        return f"{n} B"
    value = float(n)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000:
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    return f"{value:.1f} PB"
