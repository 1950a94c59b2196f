"""Rename Keys: rename fields by name or by regular expression."""

from __future__ import annotations

import copy
import re
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get, set_path, unset
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

KEYS = Param(
    "keys", "fixedCollection", {}, display_name="Keys", placeholder="Add new key",
    type_options={"multipleValues": True, "sortable": True},
    description="Adds a key which should be renamed",
    options=(Param("key", "collection", display_name="Key", options=(
        Param("currentKey", "string", "", display_name="Current Key Name", placeholder="currentKey",
              required=True, description='The key to rename. To reference nested values, use dot notation, '
              'e.g. "level1.level2.currentKey".'),
        Param("newKey", "string", "", display_name="New Key Name", placeholder="newKey",
              description='The name the key should be renamed to. To reference nested values, use dot '
              'notation, e.g. "level1.level2.newKey".'),
    )),),
)
REGEX = Param(
    "regexReplacement", "fixedCollection", {}, display_name="Regex", placeholder="Add new regular expression",
    type_options={"multipleValues": True, "sortable": True}, description="Adds a regular expression",
    options=(Param("replacements", "collection", display_name="Replacement", options=(
        Param("searchRegex", "string", "", display_name="Regular Expression", placeholder="e.g. [N-n]ame",
              description="Regex to match the key name",
              hint="Learn more and test RegEx <a href=\"https://regex101.com/\">here</a>"),
        Param("replaceRegex", "string", "", display_name="Replace With", placeholder="replacedName",
              description="The name the key/s should be renamed to. It's possible to use regex captures "
              "e.g. $1, $2, ..."),
        Param("options", "collection", {}, display_name="Options", placeholder="Add Regex Option", options=(
            Param("caseInsensitive", "boolean", False, display_name="Case Insensitive",
                  description="Whether to use case insensitive match"),
            Param("depth", "number", -1, display_name="Max Depth",
                  description="Maximum depth to replace keys", hint="Specify number for depth level (-1 for "
                  "unlimited, 0 for top level only)"),
        )),
    )),),
)
ADDITIONAL = Param("additionalOptions", "collection", {}, display_name="Additional Options",
                   placeholder="Add option", options=(REGEX,))

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.renameKeys", display_name="Rename Keys", versions=(1,), icon="fa:edit",
    color="#772244", description="Update item field names", default_name="Rename Keys",
    properties=(KEYS, ADDITIONAL),
)


def js_regex(pattern: str, *, ignore_case: bool) -> re.Pattern[str]:
    """A JavaScript regular expression source as a Python pattern."""
    return re.compile(re.sub(r"\(\?<(?![=!])", "(?P<", pattern), re.I if ignore_case else 0)


def _js_replace_template(m: re.Match[str], template: str) -> str:
    def sub(t: re.Match[str]) -> str:
        token = t.group(0)
        if token == "$$":
            return "$"
        if token == "$&":
            return m.group(0)
        if token.startswith("$<"):
            return m.groupdict().get(token[2:-1]) or ""
        n = int(token[1:])
        if n == 0 or n > len(m.groups()):
            return token
        return m.group(n) or ""

    return re.sub(r"\$\$|\$&|\$<[^>]*>|\$\d{1,2}", sub, template)


def rename_matching(obj: Any, regex: re.Pattern[str], replacement: str, depth: int) -> Any:
    if isinstance(obj, list):
        if depth != 0:
            for v in obj:
                rename_matching(v, regex, replacement, depth - 1)
        return obj
    if not isinstance(obj, dict):
        return obj
    for key in list(obj):
        if key not in obj:
            continue
        if isinstance(obj[key], (dict, list)) and depth != 0:
            rename_matching(obj[key], regex, replacement, depth - 1)
        m = regex.search(key)
        if m:
            new_key = key[: m.start()] + _js_replace_template(m, replacement) + key[m.end():]
            if new_key != key:
                obj[new_key] = obj.pop(key)
    return obj


async def execute(ctx: NodeContext) -> list[list[Item]]:
    out: list[Item] = []
    for i, item in enumerate(ctx.items):
        data = copy.deepcopy(item["json"])
        for entry in (ctx.get_param("keys", i, {}) or {}).get("key") or []:
            current, new = str(entry.get("currentKey", "")), str(entry.get("newKey", ""))
            if not current or not new or current == new:
                continue
            value = get(item["json"], current)
            if value is UNDEFINED:
                continue
            set_path(data, new, copy.deepcopy(value))
            unset(data, current)
        rules = ((ctx.get_param("additionalOptions", i, {}) or {}).get("regexReplacement") or {})
        for rule in rules.get("replacements") or []:
            opts = rule.get("options") or {}
            try:
                regex = js_regex(str(rule.get("searchRegex", "")), ignore_case=bool(opts.get("caseInsensitive")))
            except re.error as exc:
                raise ctx.error(f"Invalid regular expression: {exc}", item_index=i,
                                parameter="additionalOptions.regexReplacement") from exc
            depth = opts.get("depth", -1)
            rename_matching(data, regex, str(rule.get("replaceRegex", "")), int(depth if depth is not None else -1))
        out.append({"json": data, "pairedItem": {"item": i}})
    return [out]


NODE = NodeType(name="n8n-nodes-base.renameKeys", versions=(NodeVersion(description=DESC_V1, execute=execute),))
