"""Item helpers shared by the transform nodes: field lists, pairing, copies."""

from __future__ import annotations

import copy
from typing import Any

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeError


def prepare_fields(value: Any, label: str, *, ctx: NodeContext | None = None) -> list[str]:
    """A comma-separated string or a list of field names -> clean list (n8n's prepareFieldsArray)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [f.strip() for f in value.split(",") if f.strip()]
    if isinstance(value, list):
        return [str(f) for f in value]
    msg = f"The '{label}' parameter must be a string of fields separated by commas or an array of strings."
    raise ctx.error(msg, parameter=label) if ctx else NodeError(msg, parameter=label)


def collection_fields(value: Any, group: str = "fields", key: str = "fieldName") -> list[str]:
    """Field names from a fixedCollection like ``{"fields": [{"fieldName": "a"}]}``."""
    if not isinstance(value, dict):
        return []
    return [str(e.get(key, "")) for e in value.get(group) or [] if isinstance(e, dict)]


def paired(index: int, input_index: int = 0) -> dict[str, int]:
    return {"item": index} if input_index == 0 else {"item": index, "input": input_index}


def paired_all(count: int, input_index: int = 0) -> list[dict[str, int]]:
    return [paired(i, input_index) for i in range(count)]


def clone_json(item: Item) -> dict[str, Any]:
    return copy.deepcopy(item.get("json") or {})


def new_item(json: dict[str, Any], pairing: Any = None, *, binary: Any = None) -> Item:
    out: Item = {"json": json}
    if binary:
        out["binary"] = binary
    if pairing is not None:
        out["pairedItem"] = pairing
    return out
