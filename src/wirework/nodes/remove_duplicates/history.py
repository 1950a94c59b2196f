"""Remove Duplicates v2: items processed in previous executions, remembered in static data.

n8n keeps these records in its database (per node or per workflow); Wirework keeps them in
the workflow's static data (``node`` or ``global``), which the runtime persists for active
workflows. Items are grouped by their key in one run: every item of a new key is kept, every
item of a known key is discarded. Keys enumerate like JS object keys (integer-like first).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import js_number_str, js_ordered, js_string, js_to_number
from wirework.nodes.sdk import NodeContext

_KEY = "deduplication"
DEFAULT_MAX_ENTRIES = 10000


def _store(ctx: NodeContext) -> dict[str, Any]:
    scope = ctx.get_param("options.scope", 0, "node")
    if scope not in ("node", "workflow"):
        raise ctx.error(f"The scope '{scope}' is not supported. Please select either \"node\" or \"workflow\".",
                        parameter="options.scope")
    data = ctx.static_data("global" if scope == "workflow" else "node")
    store = data.setdefault(_KEY, {})
    assert isinstance(store, dict)
    return store


def clear_history(ctx: NodeContext) -> list[list[Item]]:
    if ctx.get_param("mode", 0, "cleanDatabase") == "cleanDatabase":
        _store(ctx).clear()
    return [list(ctx.items)]


def _group(ctx: NodeContext, keys: list[str]) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = {}
    for key, item in zip(keys, ctx.items, strict=True):
        groups.setdefault(key, []).append(item)
    return js_ordered(groups)


def _split(groups: dict[str, list[Item]], is_new: Any) -> list[list[Item]]:
    kept = [it for k, items in groups.items() if is_new(k) for it in items]
    dropped = [it for k, items in groups.items() if not is_new(k) for it in items]
    return [kept, dropped]


def _seen_values(ctx: NodeContext, store: dict[str, Any]) -> list[list[Item]]:
    items = ctx.items
    keys = [js_string(v) if v is not None else "" for v in
            (ctx.get_param("dedupeField", i, "") for i in range(len(items)))]
    limit = int(ctx.get_param("options.historySize", 0, DEFAULT_MAX_ENTRIES))
    history: list[str] = store.setdefault("values", [])
    if len(history) + len(items) > limit:
        raise ctx.error("The number of items to be processed exceeds the maximum history size. Please increase "
                        "the history size or reduce the number of items to be processed.",
                        parameter="options.historySize")
    groups = _group(ctx, keys)
    known = set(history)
    out = _split(groups, lambda k: k not in known)
    history.extend(k for k in groups if k not in known)
    if limit > 0 and len(history) / limit > 0.5:
        ctx.hints.append({"message": "Some duplicates may be not be removed since you're approaching the maximum "
                                     f"history size ({limit} items). You can raise this limit using the ‘history "
                                     "size’ option.", "location": "outputPane"})
    return out


def _incremental(ctx: NodeContext, store: dict[str, Any]) -> list[list[Item]]:
    keys: list[str] = []
    for i in range(len(ctx.items)):
        raw = ctx.get_param("incrementalDedupeField", i, "")
        number = js_to_number(raw)
        if math.isnan(number):
            raise ctx.error(f"The value '{js_string(raw)}' is not a number. Please provide a number.",
                            item_index=i, parameter="incrementalDedupeField")
        keys.append(js_number_str(int(number) if number.is_integer() else number))
    groups = _group(ctx, keys)
    latest = store.get("incremental")
    out = _split(groups, lambda k: latest is None or float(k) > latest)
    if groups:
        top = max(float(k) for k in groups)
        store["incremental"] = top if latest is None else max(top, latest)
    return out


def _parse_date(ctx: NodeContext, text: str, i: int) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ctx.error(f"The value '{text}' is not a valid date. Please provide a valid date.",
                        item_index=i, parameter="dateDedupeField") from None
    return value if value.tzinfo else value.replace(tzinfo=datetime.now().astimezone().tzinfo)


def _dates(ctx: NodeContext, store: dict[str, Any]) -> list[list[Item]]:
    keys = [js_string(ctx.get_param("dateDedupeField", i, "") or "") for i in range(len(ctx.items))]
    parsed = {k: _parse_date(ctx, k, i) for i, k in enumerate(keys)}
    groups = _group(ctx, keys)
    latest = datetime.fromisoformat(store["date"]) if store.get("date") else None
    out = _split(groups, lambda k: latest is None or parsed[k] > latest)
    if parsed:
        newest = max(parsed.values())
        store["date"] = (newest if latest is None else max(newest, latest)).isoformat()
    return out


def remove_seen(ctx: NodeContext) -> list[list[Item]]:
    store = _store(ctx)
    logic = ctx.get_param("logic", 0, "removeItemsWithAlreadySeenKeyValues")
    if logic == "removeItemsUpToStoredIncrementalKey":
        kept, _ = _incremental(ctx, store)
    elif logic == "removeItemsUpToStoredDate":
        kept, _ = _dates(ctx, store)
    elif logic == "removeItemsWithAlreadySeenKeyValues":
        kept, _ = _seen_values(ctx, store)
    else:
        kept = list(ctx.items)
    return [kept]
