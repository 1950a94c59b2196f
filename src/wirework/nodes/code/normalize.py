"""What a Code/Function node's return value becomes: n8n's validation and normalisation rules.

All-items mode: ``null`` -> no items; a bare object -> one item; an array of bare objects ->
one item each (wrapped as ``{json}``); an array of items (``json``/``binary``/``pairedItem``/
``error`` keys) is checked key by key. Per-item mode: one object per input item, ``null`` skips
the item, an array is an error. Messages and ``[item i]`` suffixes follow n8n's Code node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wirework.model import Item

ITEM_KEYS = frozenset({"json", "binary", "pairedItem", "error"})
#: Function/FunctionItem once set ``index`` on items; n8n still tolerates it there
LEGACY_ITEM_KEYS = ITEM_KEYS | {"index"}


@dataclass(frozen=True, slots=True)
class Words:
    """How the language names a mapping in messages (JS: object, Python: dictionary)."""

    singular: str
    plural: str

    def article(self) -> str:
        return ("an " if self.singular[0] in "aeiou" else "a ") + self.singular


JS_WORDS = Words("object", "objects")
PY_WORDS = Words("dictionary", "dictionaries")


class CodeValidationError(Exception):
    """A wrong return shape; ``message`` carries n8n's ``[item i]``/``[line n]`` suffix."""

    def __init__(
        self, message: str, *, description: str = "", item_index: int | None = None,
        line: int | None = None,
    ) -> None:
        if line is not None and item_index is not None:
            message = f"{message} [line {line}, for item {item_index}]"
        elif line is not None:
            message = f"{message} [line {line}]"
        elif item_index is not None:
            message = f"{message} [item {item_index}]"
        super().__init__(message)
        self.message = message
        self.description = description
        self.item_index = item_index


def js_type(value: Any) -> str:
    """JavaScript's ``typeof`` for a JSON-ish Python value."""
    if value is None or isinstance(value, (dict, list)):
        return "object"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "undefined" if is_undefined(value) else "object"


def is_undefined(value: Any) -> bool:
    """True for the JS runtime's ``undefined`` marker (a sentinel object named JSUndefined)."""
    return type(value).__name__ in ("JSUndefinedType", "_Undefined", "JSUndefined")


def normalize_items(data: Any) -> list[Any]:
    """n8n's normalizeItems: wrap bare objects as ``{json}``; mixed shapes are an error."""
    if isinstance(data, dict):
        data = [data] if data.get("json") else [{"json": data}]
    if not isinstance(data, list):
        return data  # type: ignore[no-any-return]
    if all(isinstance(i, dict) and "json" in i for i in data):
        return data
    if any(isinstance(i, dict) and "json" in i for i in data):
        raise CodeValidationError("Inconsistent item format")
    if data and all(isinstance(i, dict) and "binary" in i for i in data):
        return [{"json": {k: v for k, v in i.items() if k != "binary"}, "binary": i["binary"]} for i in data]
    if any(isinstance(i, dict) and "binary" in i for i in data):
        raise CodeValidationError("Inconsistent item format")
    return [{"json": i} for i in data]


def validate_item(item: Any, index: int, words: Words) -> None:
    js = item.get("json") if isinstance(item, dict) else None
    if not isinstance(js, dict):
        raise CodeValidationError(
            f"A 'json' property isn't {words.article()}",
            description=f"In the returned data, every key named 'json' must point to {words.article()}.",
            item_index=index,
        )
    binary = item.get("binary")
    if binary is not None and not isinstance(binary, dict):
        raise CodeValidationError(
            f"A 'binary' property isn't {words.article()}",
            description=f"In the returned data, every key named 'binary' must point to {words.article()}.",
            item_index=index,
        )


def validate_top_level_keys(item: Any, index: int, keys: frozenset[str] = ITEM_KEYS) -> None:
    if not isinstance(item, dict):
        return
    reserved = next((k for k in item if k in keys), None)
    unknown = [k for k in item if k not in keys]
    if not unknown:
        return
    if reserved is not None:
        raise CodeValidationError(
            "Invalid output format",
            description=f"An output item contains the reserved key '{reserved}'. To get around this, "
            "please wrap each item in an object, under a key called 'json'.",
            item_index=index,
        )
    raise CodeValidationError(
        f"Unknown top-level item key: {unknown[0]}",
        description="Access the properties of an item under `.json`, e.g. `item.json`",
        item_index=index,
    )


def all_items_result(value: Any, words: Words = JS_WORDS, *, null_is_empty: bool = True) -> list[Item]:
    """The items an all-items run returns (validated and normalised).

    JS ``null`` means "no items"; ``undefined`` (and Python's ``None``, which is what a
    missing ``return`` gives) is an error.
    """
    if value is None and null_is_empty:
        return []
    if not isinstance(value, (dict, list)):
        raise CodeValidationError(
            "Code doesn't return items properly",
            description=f"Please return an array of {words.plural}, one for each item you would like to output.",
        )
    if isinstance(value, list) and any(
        isinstance(i, dict) and any(k in ITEM_KEYS for k in i) for i in value
    ):
        for index, item in enumerate(value):
            validate_top_level_keys(item, index)
    items = normalize_items(value)
    for index, item in enumerate(items):
        validate_item(item, index, words)
    return items


def each_item_result(value: Any, index: int, words: Words = JS_WORDS) -> Item | None:
    """The item a per-item run returns for input item ``index`` (None: the item is dropped).

    As in n8n, ``null`` drops the item while JS ``undefined`` (no ``return``) is an error.
    """
    if value is None:
        return None
    if not isinstance(value, (dict, list)):
        raise CodeValidationError(
            f"Code doesn't return {words.article()}",
            description=f"Please return {words.article()} representing the output item. "
            f"('{js_string(value)}' was returned instead.)",
            item_index=index,
        )
    if isinstance(value, list):
        first = f"An array of {js_type(value[0])}s was returned." if value else "An empty array was returned."
        raise CodeValidationError(
            f"Code doesn't return a single {words.singular}",
            description=f"{first} If you need to output multiple items, please use the "
            "'Run Once for All Items' mode instead.",
            item_index=index,
        )
    item = normalize_items([value])[0]
    validate_item(item, index, words)
    validate_top_level_keys(item, index)
    out: Item = {"json": item["json"], "pairedItem": {"item": index}}
    if item.get("binary"):
        out["binary"] = item["binary"]
    return out


def js_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "undefined" if is_undefined(value) else str(value)


def function_result(value: Any) -> list[Item]:
    """The legacy Function node's rules (normalised first, then checked item by item)."""
    if value is None or is_undefined(value):
        raise CodeValidationError("No data got returned. Always return an Array of items!")
    value = normalize_items(value)
    if not isinstance(value, list):
        raise CodeValidationError("Always an Array of items has to be returned!")
    for item in value:
        if not isinstance(item, dict) or "json" not in item:
            raise CodeValidationError('All returned items have to contain a property named "json"!')
        if not isinstance(item["json"], dict):
            raise CodeValidationError("The json-property has to be an object!")
        binary = item.get("binary")
        if binary is not None and not isinstance(binary, dict):
            raise CodeValidationError("The binary-property has to be an object!")
    return value
