"""``/nodes/types``: every node description (the editor renders forms from them)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from wirework.api.deps import CurrentUser
from wirework.api.envelope import Envelope, not_found, ok
from wirework.nodes.registry import default_registry

router = APIRouter(prefix="/nodes", tags=["nodes"])


@lru_cache(maxsize=1)
def _descriptions() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for node_type in default_registry():
        out[node_type.name] = [nv.description.to_json() for nv in node_type.versions]
    return out


@router.get("/types", operation_id="nodes-types", response_model=Envelope[list[dict[str, Any]]])
async def node_types(principal: CurrentUser) -> Response:
    """One entry per node type and description version (as n8n's ``/types/nodes.json``)."""
    return ok([d for descs in _descriptions().values() for d in descs])


@router.get("/types/{type_name}", operation_id="nodes-type", response_model=Envelope[list[dict[str, Any]]])
async def node_type(type_name: str, principal: CurrentUser) -> Response:
    descs = _descriptions().get(type_name)
    if descs is None:
        raise not_found(f"node type '{type_name}'")
    return ok(descs)
