"""Edit Fields (Set) v3 – v3.4: manual fields/assignments or a JSON object per item.

Manual values are checked and converted with n8n's type rules (``validate_field_type``); the
output item starts from all, none, selected or all-but-excluded input fields (v3.3+: only
when ``includeOtherFields`` is on) and the new fields are written on top.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from wirework.expr import ExpressionError
from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get, js_string, set_path, unset
from wirework.nodes._common.filter_conditions import (
    is_nullish,
    is_undefined,
    js_str,
    json_stringify,
    validate_field_type,
)
from wirework.nodes.sdk import NodeContext, NodeError

_FIELD_DEFAULTS = {"stringValue": "", "numberValue": "", "booleanValue": "true",
                   "arrayValue": "", "objectValue": "={}"}
_RESOLVABLE = re.compile(r"(\{\{[\s\S]*?\}\})")


class SetError(Exception):
    def __init__(self, message: str, description: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.description = description


# --- field access with or without dot notation ----------------------------------------------
def _plain_key(obj: dict[str, Any], key: str) -> str:
    """n8n's ``sanitazeDataPathKey``: ``['a.b']`` names the key ``a.b``."""
    if key in obj:
        return key
    if len(key) >= 4 and key[:2] in ("['", '["') and key[-2:] in ("']", '"]'):
        return key[2:-2]
    return key


def field_get(obj: dict[str, Any], key: str, dot: bool) -> Any:
    return get(obj, key) if dot else obj.get(_plain_key(obj, key), UNDEFINED)


def field_set(obj: dict[str, Any], key: str, value: Any, dot: bool) -> None:
    if is_undefined(value):
        return
    if dot:
        set_path(obj, key, value)
    else:
        obj[_plain_key(obj, key)] = value


def field_unset(obj: dict[str, Any], key: str, dot: bool) -> None:
    if dot:
        unset(obj, key)
    else:
        obj.pop(_plain_key(obj, key), None)


def _split(value: Any) -> list[str]:
    return [part.strip() for part in js_string(value or "").split(",") if part.strip()]


# --- building the output item ---------------------------------------------------------------
def compose_item(ctx: NodeContext, i: int, item: Item, new_fields: dict[str, Any],
                 options: dict[str, Any]) -> Item:
    version = ctx.type_version
    include = options.get("include")
    new: Item = {"json": {}, "pairedItem": {"item": i}}
    if version >= 3.4:
        keep_binary = not options.get("stripBinary", True) and include != "none"
    else:
        keep_binary = bool(options.get("includeBinary"))
    if keep_binary and item.get("binary") is not None:
        new["binary"] = dict(item["binary"])
    dot = options.get("dotNotation") is not False
    source = item["json"]
    if include == "all":
        new["json"] = copy.deepcopy(source)
    elif include == "selected":
        for key in _split(ctx.get_param("includeFields", i, "")):
            target = key.split(".")[-1] if dot and "." in key else key
            field_set(new["json"], target, copy.deepcopy(field_get(source, key, dot)), dot)
    elif include == "except":
        data = copy.deepcopy(source)
        for key in _split(ctx.get_param("excludeFields", i, "")):
            field_unset(data, key, dot)
        new["json"] = data
    elif include != "none":
        raise SetError(f'The include option "{include}" is not known!')
    for key, value in new_fields.items():
        field_set(new["json"], key, value, dot)
    return new


def parse_json_parameter(data: Any, i: int, entry_name: str | None = None) -> dict[str, Any]:
    location = f"entry \"{entry_name}\" inside 'Fields to Set'" if entry_name else "'JSON Output'"
    if isinstance(data, str):
        try:
            parsed = json.loads(data)
        except ValueError:
            recovered = re.sub(r"""(['"])?([a-zA-Z0-9_]+)(['"])?:""", r'"\2":', data.replace("'", '"'))
            recovered = re.sub(r",+$", "", re.sub(r",\s*([\]}])", r"\1", recovered))
            try:
                parsed = json.loads(recovered)
            except ValueError as exc:
                description = data if recovered == data else f"{recovered};\n Original input: {data}"
                raise SetError(f"The {location} in item {i} contains invalid JSON", description) from exc
    else:
        parsed = data
    if not isinstance(parsed, dict):
        raise SetError(f"The {location} in item {i} does not contain a valid JSON object")
    return parsed


def resolve_raw(ctx: NodeContext, raw: str, i: int) -> str:
    """Evaluate each ``{{ … }}`` in a JSON template and splice in its text (objects as JSON)."""
    out = raw
    for block in _RESOLVABLE.findall(raw):
        value = ctx.evaluate("=" + block, i)
        text = json_stringify(value) if isinstance(value, (dict, list)) else js_str(value)
        out = out.replace(block, text, 1)
    return out


# --- validating one field -------------------------------------------------------------------
def validate_entry(name: str, type_: str, value: Any, i: int, *, ignore_errors: bool,
                   version: float) -> tuple[str, Any]:
    if version >= 3.2 and is_nullish(value):
        return name, None
    description = (
        f'To fix the error try to change the type for the field "{name}" or activate the option '
        "“Ignore Type Conversion Errors” to apply a less strict type validation"
    )
    if type_ == "string":
        if version > 3 and is_nullish(value):
            if ignore_errors:
                return name, None
            raise SetError(f"'{name}' expects a {type_} but we got '{js_str(value)}' [item {i}]",
                           description)
        value = json_stringify(value) if value is None or isinstance(value, (dict, list)) else js_str(value)
    res = validate_field_type(name, value, type_)
    if not res.valid:
        if ignore_errors:
            return name, (None if is_nullish(value) else value)
        raise SetError(f"{res.error} [item {i}]", description)
    return name, (None if is_nullish(res.value) else res.value)


# --- the two modes --------------------------------------------------------------------------
def _binary_assignment(item: Item, name: str, prop: Any) -> Any:
    """A ``binary`` assignment copies one of the input item's files under a new name."""
    data = (item.get("binary") or {}).get(js_str(prop))
    if not isinstance(data, dict):
        raise SetError(f"Could not find binary data specified in field {name}")
    return data


def _manual_fields(ctx: NodeContext, i: int, raw_objects: dict[str, str],
                   options: dict[str, Any], binaries: dict[str, Any]) -> dict[str, Any]:
    ignore = bool(options.get("ignoreConversionErrors"))
    version = ctx.type_version
    new: dict[str, Any] = {}
    if version < 3.3:
        for entry in ctx.get_param("fields.values", i, []) or []:
            kind = entry.get("type", "stringValue")
            value = entry.get(kind, _FIELD_DEFAULTS.get(kind, ""))
            name = entry.get("name", "")
            if kind == "objectValue" and name in raw_objects and not is_nullish(value):
                value = parse_json_parameter(resolve_raw(ctx, raw_objects[name], i), i, name)
            key, val = validate_entry(name, kind.replace("Value", ""), value, i,
                                      ignore_errors=ignore, version=version)
            new[key] = val
        return new
    collection = ctx.get_param("assignments", i, {}) or {}
    for a in collection.get("assignments") or []:
        if a.get("type") == "binary":
            binaries[a.get("name", "")] = _binary_assignment(ctx.items[i], a.get("name", ""), a.get("value"))
            continue
        key, val = validate_entry(a.get("name", ""), a.get("type") or "string", a.get("value"), i,
                                  ignore_errors=ignore, version=version)
        new[key] = val
    return new


def _raw_objects(ctx: NodeContext) -> dict[str, str]:
    """Object fields given as expressions are resolved as JSON templates, not as values."""
    out: dict[str, str] = {}
    if ctx.type_version >= 3.3:
        return out
    raw = ctx.raw_param("fields.values", [])
    for entry in raw if isinstance(raw, list) else []:
        value = entry.get("objectValue", _FIELD_DEFAULTS["objectValue"])
        if entry.get("type") == "objectValue" and isinstance(value, str) and value.startswith("="):
            out[entry.get("name", "")] = value.lstrip("=")
    return out


def _new_item(ctx: NodeContext, i: int, mode: str, raw: dict[str, Any]) -> Item:
    item = ctx.items[i]
    options = dict(ctx.get_param("options", i, {}) or {})
    include = ctx.get_param("include", i, "all")
    if ctx.type_version >= 3.3:
        include = include if ctx.get_param("includeOtherFields", i, False) else "none"
    options["include"] = include
    if mode == "raw":
        template = raw.get("jsonOutput")
        if template is None:
            data = parse_json_parameter(ctx.get_param("jsonOutput", i), i)
        else:
            data = parse_json_parameter(resolve_raw(ctx, template, i), i)
        return compose_item(ctx, i, item, data, options)
    binaries: dict[str, Any] = {}
    fields = _manual_fields(ctx, i, raw["objects"], options, binaries)
    new = compose_item(ctx, i, item, fields, options)
    if binaries:
        new["binary"] = {**(new.get("binary") or {}), **binaries}
    return new


async def execute(ctx: NodeContext) -> list[list[Item]]:
    mode = ctx.get_param("mode", 0)
    raw: dict[str, Any] = {"objects": {}}
    if mode == "raw":
        template = ctx.raw_param("jsonOutput", "")
        if isinstance(template, str) and template.startswith("="):
            raw["jsonOutput"] = template.lstrip("=")
    else:
        raw["objects"] = _raw_objects(ctx)
    copies = 1
    if ctx.get_param("duplicateItem", 0, False) and ctx.mode == "manual":
        copies = int(ctx.get_param("duplicateCount", 0, 0)) + 1
    out: list[Item] = []
    for i in range(len(ctx.items)):
        try:
            new = _new_item(ctx, i, mode, raw)
        except (SetError, ExpressionError) as exc:
            if ctx.continue_on_fail:
                out.append({"json": {"error": exc.message}, "pairedItem": {"item": i}})
                continue
            if isinstance(exc, ExpressionError):
                raise
            raise ctx.error(exc.message, item_index=i, description=exc.description) from exc
        except NodeError:
            raise
        out.append(new)
        out.extend(copy.deepcopy(new) for _ in range(copies - 1))
    return [out]
