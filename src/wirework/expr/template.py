"""Split ``={{ … }}`` templates and read plain ``$json`` paths without entering JavaScript."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
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
    needs_runs: bool = False
    source: str = ""


_RUN_MARKERS = ("$(", "$node", "$item", "$prevNode")


#: code that cannot hide a `}}` (no braces, strings, template literals, regexes or comments):
#: its first `}}` closes the block without asking the parser
_PLAIN_CODE = re.compile(r"""[^{'"`/\\]*""")


def _close_index(template: str, start: int) -> int:
    """Where the block whose code starts at ``start`` ends (n8n: the first ``}}`` at which the
    code parses); -1 when the block is not closed."""
    first = template.find("}}", start)
    while first > 0 and template[first - 1] == "\\":
        first = template.find("}}", first + 2)
    if first < 0 or _PLAIN_CODE.fullmatch(template, start, first):
        return first
    from wirework.expr.compiler import find_close  # the parser lives in the compiler's V8

    found = find_close(template, start)
    return found if found >= 0 else first


@lru_cache(maxsize=20_000)
def split_template(template: str) -> Template:
    """``texts[0] {{codes[0]}} texts[1] …`` with n8n's rules: ``\\{{`` is literal text, a block
    ends at the first ``}}`` where its code is a complete expression (``\\}}`` inside code is
    ``}}``), an unclosed ``{{`` is literal text."""
    codes: list[str] = []
    texts: list[str] = []
    pos = 0
    while True:
        start = template.find("{{", pos)
        while start > 0 and template[start - 1] == "\\":
            start = template.find("{{", start + 2)
        end = _close_index(template, start + 2) if start >= 0 else -1
        if start < 0 or end < 0:
            texts.append(template[pos:])
            break
        texts.append(template[pos:start])
        codes.append(template[start + 2 : end].replace("\\}}", "}}"))
        pos = end + 2
    lone = len(codes) == 1 and texts == ["", ""]
    paths = [parse_json_path(c) for c in codes]
    needs = any(m in c for c in codes for m in _RUN_MARKERS)
    return Template(codes=codes, texts=texts, lone=lone, paths=paths, needs_runs=needs, source=template)


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
