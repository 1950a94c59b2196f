"""Sorting rules shared by Sort and Item Lists (sort operation)."""

from __future__ import annotations

import functools
import json
import random
import re
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, deep_equal, get_field, js_lt
from wirework.nodes.sdk import NodeContext, NodeError

DEFAULT_CODE = """// The two items to compare are in the variables a and b
// Access the fields in a.json and b.json
// Return -1 if a should go before b
// Return 1 if b should go before a
// Return 0 if there's no difference

fieldName = 'myField';

if (a.json[fieldName] < b.json[fieldName]) {
	return -1;
}
if (a.json[fieldName] > b.json[fieldName]) {
	return 1;
}
return 0;"""

_NESTED_HINT = ("If you're trying to use a nested field, make sure you turn off "
                "'disable dot notation' in the node options")


def shuffle(items: list[Item]) -> list[Item]:
    out = list(items)
    random.shuffle(out)
    return out


def _norm(v: Any) -> Any:
    return v.lower() if isinstance(v, str) else v


def _check_fields(ctx: NodeContext, items: list[Item], names: list[str], dot: bool) -> None:
    for name in names:
        found = any(
            (get_field(it["json"], name, dot_notation=dot) is not UNDEFINED) if dot else name in it["json"]
            for it in items
        )
        if not found:
            raise ctx.error(f"Couldn't find the field '{name}' in the input data",
                            description=_NESTED_HINT if not dot and "." in name else None,
                            parameter="sortFieldsUi")


def sort_simple(ctx: NodeContext, items: list[Item], fields: list[dict[str, Any]], *, dot: bool,
                check: bool = True) -> list[Item]:
    """Stable multi-field sort; strings compare case-insensitively, JS ``<`` semantics."""
    if not fields:
        raise ctx.error("No sorting specified. Please add a field to sort by", parameter="sortFieldsUi")
    specs = [(str(f.get("fieldName", "")), 1 if f.get("order", "ascending") == "ascending" else -1)
             for f in fields]
    if check:
        _check_fields(ctx, items, [n for n, _ in specs], dot)

    def cmp(a: Item, b: Item) -> int:
        for name, direction in specs:
            va = _norm(get_field(a["json"], name, dot_notation=dot))
            vb = _norm(get_field(b["json"], name, dot_notation=dot))
            if (va is UNDEFINED and vb is UNDEFINED) or deep_equal(va, vb):
                continue
            return -direction if js_lt(va, vb) else direction
        return 0

    return sorted(items, key=functools.cmp_to_key(cmp))


_RETURN = re.compile(r"\breturn\b")

_SORT_JS = """
(function (items) {
  const original = items.slice();
  items.sort((a, b) => { %s });
  return JSON.stringify(items.map((x) => original.indexOf(x)));
})(%s)
"""


def sort_by_code(ctx: NodeContext, items: list[Item], code: str) -> list[Item]:
    """Sort with a user comparator body run in a real JavaScript engine (V8 via mini-racer)."""
    if not _RETURN.search(code or ""):
        raise ctx.error("Sort code doesn't return. Please add a 'return' statement to your code",
                        parameter="code")
    from py_mini_racer import MiniRacer  # heavy import, only for code sorting

    payload = [{k: v for k, v in it.items() if k in ("json", "binary")} for it in items]
    racer = MiniRacer()
    try:
        order = json.loads(str(racer.eval(_SORT_JS % (code, json.dumps(payload)))))
    except Exception as exc:  # the JS engine raises its own exception types
        raise NodeError(f"Sort code failed: {exc}", node=ctx.node.name, parameter="code") from exc
    finally:
        racer.close()
    return [items[i] for i in order]


async def execute(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items
    kind = ctx.get_param("type", 0)
    if kind == "random":
        return [shuffle(items)]
    if kind == "code":
        return [sort_by_code(ctx, items, ctx.get_param("code", 0))]
    fields = (ctx.get_param("sortFieldsUi", 0, {}) or {}).get("sortField") or []
    dot = not ctx.get_param("options.disableDotNotation", 0, False)
    return [sort_simple(ctx, items, fields, dot=dot)]
