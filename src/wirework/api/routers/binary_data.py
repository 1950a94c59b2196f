"""``GET /executions/{id}/binary``: one binary payload of an execution, as a file.

The payload is picked by its place in the run data (``node``, ``run``, ``output``, ``item``,
``property``) or by its stored ``id``; access is that of the execution's data. File-backed
payloads stream from the execution's own folder, inline ones are decoded from base64.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, BinaryIO
from urllib.parse import quote

from fastapi import APIRouter, Query
from starlette.responses import Response, StreamingResponse

from wirework.api.deps import CtxDep, SessionDep, scope_guard
from wirework.api.envelope import ApiError, invalid
from wirework.api.routers.executions import ExecutionDep
from wirework.api.services import runs
from wirework.nodes._common.binary_store import BinaryNotFoundError
from wirework.runtime.binary_data import BinaryGoneError, item_binaries
from wirework.store.repos import ExecutionRepo

router = APIRouter(prefix="/executions", tags=["executions"], dependencies=[scope_guard("execution")])
CHUNK = 256 * 1024
_MIME = re.compile(r'[\w.+-]+/[\w.+-]+( *; *[\w.+-]+=("[ !#-~]*"|[\w.+-]+))*', re.ASCII)
#: types a browser would run as a page: kept in a sandbox of their own when shown inline
_ACTIVE = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
           "text/javascript", "application/javascript")


@dataclass(frozen=True)
class Position:
    node: str
    run: int
    output: int
    item: int
    prop: str

    def __str__(self) -> str:
        return f"item {self.item} of output {self.output} of node '{self.node}' (run {self.run})"


@router.get("/{execution_id}/binary", operation_id="executions-binary", include_in_schema=False)
async def download_binary(
    access: ExecutionDep, session: SessionDep, ctx: CtxDep,
    node: Annotated[str | None, Query(min_length=1, max_length=512)] = None,
    run: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    output: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    item: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
    prop: Annotated[str, Query(alias="property", min_length=1, max_length=512)] = "data",
    binary_id: Annotated[str | None, Query(alias="id", min_length=1, max_length=1024)] = None,
    download: bool = False,
) -> Response:
    """The payload with its ``mimeType``; ``Content-Disposition`` is ``inline`` unless
    ``download=1`` asks for an attachment."""
    if (node is None) == (binary_id is None):
        raise invalid("pick the binary data with either 'node' (plus run, output, item and "
                      "property) or 'id', not " + ("both" if node else "neither"))
    saved, _trigger = await ExecutionRepo(session).get_data(access.row.id)
    run_data: dict[str, Any] = ((saved or {}).get("resultData") or {}).get("runData") or {}
    if node is not None:
        where = Position(node, run, output, item, prop)
        ref, what = ref_at(run_data, where, execution_id=access.row.id), f"binary property '{prop}' of {where}"
    else:
        assert binary_id is not None
        prop, ref = ref_by_id(run_data, binary_id, execution_id=access.row.id)
        what = f"binary data '{binary_id}'"
    headers = _headers(ref, prop, download=download)
    if not ref.get("id"):
        return Response(_inline_bytes(ref, what), headers=headers)
    try:
        f, size = await runs.service(ctx).runner.binary.open_payload(access.row.id, str(ref["id"]))
    except BinaryGoneError:
        raise ApiError(410, "NOT_FOUND", f"the file of {what} is no longer on disk: the binary data "
                       f"of execution '{access.row.id}' was pruned or deleted") from None
    except BinaryNotFoundError as exc:
        raise ApiError(404, "NOT_FOUND", f"{what} cannot be served: {exc}") from None
    return StreamingResponse(_chunks(f), headers={**headers, "content-length": str(size)})


def _missing(message: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", message)


def ref_at(run_data: dict[str, Any], at: Position, *, execution_id: str) -> dict[str, Any]:
    """The binary reference at ``at``; a 404 naming the first step that does not exist."""
    runs_ = run_data.get(at.node)
    if not isinstance(runs_, list) or not runs_:
        known = ", ".join(f"'{n}'" for n in list(run_data)[:20]) or "none"
        raise _missing(f"execution '{execution_id}' has no run data for node '{at.node}' "
                       f"(nodes with run data: {known})")
    if at.run >= len(runs_):
        raise _missing(f"node '{at.node}' has {_count(len(runs_), 'run')} in execution '{execution_id}'; "
                       f"run {at.run} does not exist (runs count from 0)")
    outputs = ((runs_[at.run] or {}).get("data") or {}).get("main") or []
    if at.output >= len(outputs):
        raise _missing(f"run {at.run} of node '{at.node}' has {_count(len(outputs), 'output')}; "
                       f"output {at.output} does not exist (outputs count from 0)")
    items = outputs[at.output] or []
    if at.item >= len(items):
        raise _missing(f"output {at.output} of node '{at.node}' (run {at.run}) has "
                       f"{_count(len(items), 'item')}; item {at.item} does not exist (items count from 0)")
    binary = (items[at.item] or {}).get("binary") or {}
    ref = binary.get(at.prop)
    if not isinstance(ref, dict):
        has = f"it has: {', '.join(sorted(binary))}" if binary else "it has no binary data"
        raise _missing(f"{at} has no binary property '{at.prop}' ({has})")
    return ref


def ref_by_id(run_data: dict[str, Any], binary_id: str, *, execution_id: str) -> tuple[str, dict[str, Any]]:
    """``(property, ref)`` of the first item that holds ``binary_id``."""
    found = next(((k, r) for k, r in item_binaries(run_data) if r.get("id") == binary_id), None)
    if found is None:
        raise _missing(f"binary data '{binary_id}' is not in the run data of execution '{execution_id}'")
    return found


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _inline_bytes(ref: dict[str, Any], what: str) -> bytes:
    if ref.get("data") == "filesystem-v2":  # a file-backed ref that lost its id
        raise _missing(f"{what} is stored in a file but its run data names none (no 'id')")
    try:
        return base64.b64decode(str(ref.get("data") or ""), validate=False)
    except (binascii.Error, ValueError):
        raise ApiError(422, "VALIDATION_ERROR", f"{what} is not valid base64 in the run data") from None


def _headers(ref: dict[str, Any], prop: str, *, download: bool) -> dict[str, str]:
    mime = str(ref.get("mimeType") or "")
    mime = mime if _MIME.fullmatch(mime) else "application/octet-stream"
    ext = str(ref.get("fileExtension") or "")
    name = str(ref.get("fileName") or (f"{prop}.{ext}" if ext else prop))
    headers = {"content-type": mime, "cache-control": "private, no-cache",
               "content-disposition": content_disposition(name, attachment=download)}
    if mime.split(";")[0].strip().lower() in _ACTIVE:
        headers["content-security-policy"] = "sandbox; default-src 'none'"
    return headers


def content_disposition(name: str, *, attachment: bool) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients, plus RFC 5987 ``filename*`` when the
    name needs more than printable ASCII."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1] or "data"
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\%' else "_" for c in name)
    value = f'{"attachment" if attachment else "inline"}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


async def _chunks(f: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(f.read, CHUNK):
            yield chunk
    finally:
        f.close()
