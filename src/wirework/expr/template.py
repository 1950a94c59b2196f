"""Split ``={{ … }}`` templates and read plain ``$json`` paths without entering JavaScript."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from wirework.expr.evaluator import parse_json_path
from wirework.expr.jsvalues import UNDEFINED


@dataclass(slots=True)
class Template:
    """``texts[0] {{codes[0]}} texts[1] …``; ``lone``: one block and no text -> raw value."""

    codes: list[str]
    texts: list[str]
    lone: bool
    paths: list[list[str | int] | None]
    js_id: int | None = None
    needs_runs: bool = False


_RUN_MARKERS = ("$(", "$node", "$item", "$prevNode")


def split_template(template: str) -> Template:
    codes: list[str] = []
    texts: list[str] = []
    pos = 0
    while True:
        start = template.find("{{", pos)
        end = template.find("}}", start + 2) if start >= 0 else -1
        if start < 0 or end < 0:
            texts.append(template[pos:])
            break
        texts.append(template[pos:start])
        codes.append(template[start + 2 : end])
        pos = end + 2
    lone = len(codes) == 1 and texts == ["", ""]
    paths = [parse_json_path(c) for c in codes]
    needs = any(m in c for c in codes for m in _RUN_MARKERS)
    return Template(codes=codes, texts=texts, lone=lone, paths=paths, needs_runs=needs)


_MISSING = object()


def read_path(item_json: Any, path: list[str | int]) -> Any:
    """JS's value of ``$json<path>``; ``_MISSING`` when JS semantics need the real engine."""
    value = item_json
    last = len(path) - 1
    for i, key in enumerate(path):
        if isinstance(value, dict):
            k = str(key)
            if k in value:
                value = value[k]
            elif i == last:
                return UNDEFINED
            else:
                return _MISSING
        elif isinstance(value, list) and isinstance(key, int):
            if 0 <= key < len(value):
                value = value[key]
            elif i == last:
                return UNDEFINED
            else:
                return _MISSING
        else:
            return _MISSING
    if isinstance(value, (dict, list)):
        return copy.deepcopy(value)
    return value


def fast_value(tpl: Template, item_json: Any) -> Any:
    """The template's value computed in Python, or ``_MISSING`` when JS is needed."""
    if not tpl.codes:
        return tpl.texts[0]
    if any(p is None for p in tpl.paths):
        return _MISSING
    values = [read_path(item_json, p) for p in tpl.paths]  # type: ignore[arg-type]
    if any(v is _MISSING for v in values):
        return _MISSING
    if tpl.lone:
        return values[0]
    out = [tpl.texts[0]]
    for v, text in zip(values, tpl.texts[1:], strict=True):
        if v is UNDEFINED or v is None:
            s = ""
        elif isinstance(v, bool):
            s = "true" if v else "false"
        elif isinstance(v, (str, int)):
            s = str(v)
        else:
            return _MISSING  # floats, objects: JS formats them
        out.append(s)
        out.append(text)
    return "".join(out)


MISSING = _MISSING
