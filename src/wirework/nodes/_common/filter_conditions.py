"""n8n's filter component (If v2, Filter v2, Switch v3) and its type validation.

A filter value is ``{"conditions": [...], "combinator": "and"|"or", "options": {...}}``; each
condition is ``{"leftValue", "rightValue", "operator": {"type", "operation", "rightType"?,
"singleValue"?}}``. Operands are converted to the operator's type first (strictly, or loosely
when ``options.typeValidation != "strict"``); a value that cannot be converted raises
:class:`FilterError` with n8n's wording. The options stored in the value are authoritative:
the editor writes ``caseSensitive``/``typeValidation``/``version`` into them.

:func:`validate_field_type` is n8n's general type coercion (also used by Set v3).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from wirework.nodes._common.dates import (
    DateError,
    ZDate,
    get_zone,
    parse_iso,
    parse_js_date,
    parse_rfc2822,
    parse_sql,
)
from wirework.nodes._common.fields import UNDEFINED, js_string, js_to_number

#: description the nodes add to a strict type error that has none of its own
ENABLE_LESS_STRICT_TYPE_VALIDATION = (
    "Try changing the type of comparison. Alternatively you can enable "
    "'Convert types where required'."
)
_LUXON_DOCS = "https://moment.github.io/luxon/api-docs/index.html#datetimefromformat"


class FilterError(Exception):
    """A condition's operand has the wrong type (message and description as n8n words them)."""

    def __init__(self, message: str, description: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.description = description


_UNDEFINED_TYPES = frozenset({"_Undefined", "JSUndefinedType", "Undefined", "UndefinedType"})


def is_undefined(v: Any) -> bool:
    """JS ``undefined`` however the evaluator spells it (our sentinel, mini-racer's, …)."""
    return v is UNDEFINED or type(v).__name__ in _UNDEFINED_TYPES


def is_nullish(v: Any) -> bool:
    return v is None or is_undefined(v)


def js_str(v: Any) -> str:
    """JavaScript's ``String(v)``, aware of every spelling of ``undefined``."""
    if isinstance(v, ZDate):  # a Luxon DateTime prints as its ISO form
        return v.iso()
    return "undefined" if is_undefined(v) else js_string(v)


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def js_typeof(v: Any) -> str:
    if is_undefined(v):
        return "undefined"
    if isinstance(v, bool):
        return "boolean"
    if is_number(v):
        return "number"
    if isinstance(v, str):
        return "string"
    return "object"


def js_truthy(v: Any) -> bool:
    if is_nullish(v):
        return False
    if isinstance(v, float) and math.isnan(v):
        return False
    if isinstance(v, (bool, int, float, str)):
        return bool(v)
    return True


def js_num(x: float) -> int | float:
    """A JS number as the nicest Python value: integral floats become ints."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def js_strict_equal(a: Any, b: Any) -> bool:
    """``a === b`` for JSON-ish values (objects only equal themselves)."""
    if is_nullish(a) or is_nullish(b):
        return (a is None and b is None) or (is_undefined(a) and is_undefined(b))
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return bool(a == b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return a is b


def json_stringify(v: Any) -> str:
    """``JSON.stringify`` for JSON values: compact, unicode kept, JS number formatting."""

    def norm(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: norm(val) for k, val in x.items() if not is_undefined(val)}
        if isinstance(x, list):
            return [None if is_undefined(val) else norm(val) for val in x]
        if isinstance(x, float):
            return None if math.isnan(x) or math.isinf(x) else js_num(x)
        if isinstance(x, ZDate):
            return x.iso()
        return x

    return json.dumps(norm(v), separators=(",", ":"), ensure_ascii=False, default=str)


def with_article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def value_description(v: Any) -> str:
    """How n8n names a value in a validation message."""
    if v is None:
        return "'null'"
    if isinstance(v, list):
        return "array"
    if isinstance(v, (dict, ZDate)):
        return "object"
    return f"'{js_str(v)}'"


# --- conversions (n8n's tryToParse*) -----------------------------------------------------------
class _Invalid(Exception):
    pass


def to_js_string(v: Any) -> str:
    if isinstance(v, (dict, list)):
        return json_stringify(v)
    if is_undefined(v):
        return ""
    return js_str(v)


def to_number(v: Any) -> int | float:
    n = float(v.to_millis()) if isinstance(v, ZDate) else js_to_number(v)
    if math.isnan(n):
        raise _Invalid
    return v if is_number(v) else js_num(n)


def to_boolean(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.lower() in ("true", "false"):
        return v.lower() == "true"
    if not (isinstance(v, str) and v.strip() == ""):
        n = js_to_number(v)
        if n == 0:
            return False
        if n == 1:
            return True
    raise _Invalid


def to_datetime(v: Any, zone: str | None = None) -> ZDate:
    """Luxon-ish parse: DateTime/Date objects, ISO, HTTP/RFC 2822, SQL, then ``Date.parse``."""
    if isinstance(v, ZDate):
        return v
    if isinstance(v, datetime):
        return ZDate.of(v if v.tzinfo else v.replace(tzinfo=get_zone(zone)), zone)
    if isinstance(v, date):
        return ZDate.of(datetime(v.year, v.month, v.day), zone)
    s = js_string(v).strip()
    try:
        return parse_iso(s, zone, set_zone=True)
    except (DateError, ValueError):
        pass
    for fn in (parse_rfc2822, parse_sql):
        try:
            return fn(s, zone)
        except (DateError, ValueError):
            pass
    try:
        return parse_js_date(s).set_zone(zone)
    except (DateError, ValueError, OverflowError) as exc:
        raise _Invalid from exc


def json_parse_loose(text: str) -> Any:
    """n8n's ``jsonParse(…, {acceptJSObject: true})``: JSON, else JS object-literal notation."""
    try:
        return json.loads(text)
    except ValueError:
        cleaned = re.sub(r"([{,])\s*([A-Za-z0-9_$]+)\s*:", r'\1"\2":', text).replace("'", '"')
        return json.loads(cleaned)


def to_object(v: Any) -> Any:
    if isinstance(v, dict):
        return v
    try:
        parsed = json_parse_loose(js_string(v))
    except ValueError as exc:
        raise _Invalid from exc
    if isinstance(parsed, list) or not (parsed is None or isinstance(parsed, dict)):
        raise _Invalid
    return parsed


def to_array(v: Any) -> list[Any]:
    if isinstance(v, list):
        return v
    text = js_string(v)
    try:
        parsed = json.loads(text)
    except ValueError:
        try:
            parsed = json.loads(text.replace("'", '"'))
        except ValueError as exc:
            raise _Invalid from exc
    if not isinstance(parsed, list):
        raise _Invalid
    return parsed


_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?((\-|\+)\d{4})?((\-|\+)\d{1,2}(:\d{2})?)?$", re.S)


@dataclass(frozen=True, slots=True)
class Validation:
    valid: bool
    value: Any = UNDEFINED
    error: str = ""


def validate_field_type(
    field_name: str, value: Any, type_: str, *, strict: bool = False, parse_strings: bool = False,
    zone: str | None = None,
) -> Validation:
    """n8n's ``validateFieldType``: check ``value`` against ``type_`` and convert it."""
    if is_nullish(value):
        return Validation(True)
    error = f"'{field_name}' expects a {type_} but we got {value_description(value)}"
    kind = type_.lower()
    try:
        if kind == "string":
            if not parse_strings:
                return Validation(True, value)
            if strict and not isinstance(value, str):
                return Validation(False, error=error)
            return Validation(True, to_js_string(value))
        if kind == "number":
            if strict and not is_number(value):
                return Validation(False, error=error)
            return Validation(True, to_number(value))
        if kind == "boolean":
            if strict and not isinstance(value, bool):
                return Validation(False, error=error)
            return Validation(True, to_boolean(value))
        if kind == "datetime":
            try:
                return Validation(True, to_datetime(value, zone))
            except _Invalid:
                return Validation(False, error=f"{error} <br/><br/> Consider using <a href=\"{_LUXON_DOCS}\" target=\"_blank\"><code>DateTime.fromFormat</code></a> to work with custom date formats.")
        if kind == "time":
            if not _TIME.match(js_string(value)):
                return Validation(False, error=f"'{field_name}' expects time (hh:mm:(:ss)) but we got {value_description(value)}.")
            return Validation(True, js_string(value))
        if kind == "object":
            if strict and not isinstance(value, (dict, list, ZDate)):
                return Validation(False, error=error)
            return Validation(True, to_object(value))
        if kind == "array":
            if strict and not isinstance(value, list):
                return Validation(False, error=error)
            return Validation(True, to_array(value))
    except _Invalid:
        return Validation(False, error=error)
    return Validation(True, value)


# --- the filter --------------------------------------------------------------------------------
def is_filter_value(value: Any) -> bool:
    return isinstance(value, dict) and "conditions" in value and "combinator" in value


def _parse_operand(value: Any, type_: str, *, strict: bool, version: float, zone: str | None) -> Validation:
    if type_ == "any" or is_nullish(value):
        return Validation(True, value)
    if type_ == "boolean" and not strict:
        if version >= 2:
            res = validate_field_type("filter", value, type_)
            if res.valid:
                return res
        return Validation(True, js_truthy(value))
    if type_ == "number":
        if isinstance(value, float) and math.isnan(value):
            return Validation(True, value)
        empty = (isinstance(value, str) and value.strip() == "") or value == []
        if empty and version >= 3:
            return Validation(True, None)
    return validate_field_type("filter", value, type_, strict=strict, parse_strings=True, zone=zone)


_CONVERTERS = {"string": ".toString()", "number": ".toNumber()", "boolean": ".toBoolean()"}


def _type_description(strict: bool) -> str:
    if strict:
        return ENABLE_LESS_STRICT_TYPE_VALIDATION
    return "Try changing the type of the comparison."


def _invalid_description(type_: str, strict: bool, position: str) -> str:
    fn = _CONVERTERS.get(type_)
    if strict and fn:
        return (
            "\n<p>Try either:</p>\n<ol>\n  <li>Enabling 'Convert types where required'</li>\n"
            f"  <li>Converting the {position} field to {with_article(type_)} by adding "
            f"<code>{fn}</code></li>\n</ol>\n\t\t\t"
        )
    return _type_description(strict)


def _invalid_message(type_: str, value: Any, *, strict: bool, suffix: str) -> str:
    from_type = js_typeof(value).lower()
    shown = js_str(value)
    if strict:
        return f"Wrong type: '{shown}' is {with_article(from_type)} but was expecting {with_article(type_)} {suffix}"
    return f"Conversion error: the {from_type} '{shown}' can't be converted to {with_article(type_)} {suffix}"


def parse_condition_values(
    condition: dict[str, Any], options: dict[str, Any], *, index: int = 0, item_index: int = 0,
    zone: str | None = None,
) -> tuple[Any, Any]:
    """Both operands converted to the operator's types, or a FilterError."""
    strict = options.get("typeValidation") == "strict"
    version = options.get("version") or 1
    operator = condition.get("operator") or {}
    left_type = operator.get("type", "string")
    right_type = operator.get("rightType") or left_type
    left_raw = condition.get("leftValue", UNDEFINED)
    right_raw = condition.get("rightValue", UNDEFINED)
    left = _parse_operand(left_raw, left_type, strict=strict, version=version, zone=zone)
    right = _parse_operand(right_raw, right_type, strict=strict, version=version, zone=zone)
    right_ok = right.valid or bool(operator.get("singleValue"))
    suffix = f"[condition {index}, item {item_index}]"
    if not left.valid and not right_ok and js_typeof(left_raw) == js_typeof(right_raw):
        raise FilterError(
            f"Comparison type expects {with_article(left_type)} but both fields are "
            f"{with_article(js_typeof(left_raw))}",
            _type_description(strict),
        )
    if not left.valid:
        raise FilterError(
            _invalid_message(left_type, left_raw, strict=strict, suffix=suffix),
            _invalid_description(left_type, strict, "first"),
        )
    if not right_ok:
        raise FilterError(
            _invalid_message(right_type, right_raw, strict=strict, suffix=suffix),
            _invalid_description(right_type, strict, "second"),
        )
    return left.value, (right.value if right.valid else UNDEFINED)


# --- JavaScript regular expressions -----------------------------------------------------------
_REGEX_LITERAL = re.compile(r"^/(.*?)/([gimusy]*)$", re.S)


def js_regex(source: str, flags: str = "") -> re.Pattern[str]:
    """Compile a JavaScript regex (source + flags) with Python's ``re``."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt == "k" and source[i + 2 : i + 3] == "<":
                end = source.index(">", i)
                out.append(f"(?P={source[i + 3 : end]})")
                i = end + 1
                continue
            if nxt == "d" and "u" not in flags:
                out.append("[0-9]")
            elif nxt == "/":
                out.append("/")
            else:
                out.append(ch + nxt)
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
            out.append(ch)
        elif ch == "[":
            if source.startswith("[^]", i):
                out.append(r"[\s\S]")
                i += 3
                continue
            in_class = True
            out.append(ch)
        elif ch == "(" and source.startswith("(?<", i) and source[i + 3 : i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        elif ch == "$":
            out.append(r"(?=\n|\Z)" if "m" in flags else r"\Z")
        else:
            out.append(ch)
        i += 1
    py_flags = 0
    if "i" in flags:
        py_flags |= re.I
    if "m" in flags:
        py_flags |= re.M
    if "s" in flags:
        py_flags |= re.S
    try:
        return re.compile("".join(out), py_flags)
    except re.error as exc:
        raise FilterError(f"Invalid regular expression: /{source}/{flags}: {exc}") from exc


def parse_regex_pattern(pattern: Any, *, ignore_case: bool = False) -> re.Pattern[str]:
    """``/source/flags`` or a bare source, as n8n reads a regex operand."""
    text = js_string(pattern) if pattern else ""
    m = _REGEX_LITERAL.match(text)
    source, flags = (m.group(1), m.group(2)) if m else (text, "")
    if ignore_case and "i" not in flags:
        flags += "i"
    return js_regex(source, flags)


def regex_test(pattern: re.Pattern[str], text: str, *, sticky: bool = False) -> bool:
    return bool(pattern.match(text) if sticky else pattern.search(text))


# --- operators --------------------------------------------------------------------------------
def _rel(a: Any, b: Any, op: str) -> bool:
    """JS relational comparison of two (already converted) numbers; null counts as 0."""
    if is_undefined(a) or is_undefined(b):
        return False
    x = 0.0 if a is None else js_to_number(a)
    y = 0.0 if b is None else js_to_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    return {"gt": x > y, "lt": x < y, "gte": x >= y, "lte": x <= y}[op]


def _length(v: Any) -> int:
    return len(v) if isinstance(v, (list, str, dict)) else 0


def _string_op(op: str, left: Any, right: Any, ignore_case: bool) -> bool | None:
    regex_op = op in ("regex", "notRegex")
    if ignore_case and not regex_op:
        left = left.lower() if isinstance(left, str) else left
        right = right.lower() if isinstance(right, str) else right
    lhs = "" if is_nullish(left) else js_string(left)
    rhs = "" if is_nullish(right) else js_string(right)
    simple = {
        "empty": lambda: lhs == "",
        "notEmpty": lambda: lhs != "",
        "equals": lambda: lhs == rhs,
        "notEquals": lambda: lhs != rhs,
        "contains": lambda: rhs in lhs,
        "notContains": lambda: rhs not in lhs,
        "startsWith": lambda: lhs.startswith(rhs),
        "notStartsWith": lambda: not lhs.startswith(rhs),
        "endsWith": lambda: lhs.endswith(rhs),
        "notEndsWith": lambda: not lhs.endswith(rhs),
    }
    if op in simple:
        return simple[op]()
    if regex_op:
        found = regex_test(parse_regex_pattern(right, ignore_case=ignore_case), lhs)
        return found if op == "regex" else not found
    return None


def _array_contains(arr: list[Any], value: Any, ignore_case: bool) -> bool:
    if ignore_case and isinstance(value, str):
        return any(isinstance(x, str) and x.lower() == value.lower() for x in arr)
    return any(js_strict_equal(x, value) for x in arr)


def _array_op(op: str, left: Any, right: Any, ignore_case: bool) -> bool | None:
    arr = [] if is_nullish(left) else left
    if op in ("contains", "notContains"):
        found = _array_contains(arr if isinstance(arr, list) else [], right, ignore_case)
        return found if op == "contains" else not found
    size = _length(arr)
    length_ops = {"lengthEquals": "eq", "lengthNotEquals": "ne", "lengthGt": "gt",
                  "lengthLt": "lt", "lengthGte": "gte", "lengthLte": "lte"}
    if op in length_ops:
        kind = length_ops[op]
        if kind in ("eq", "ne"):
            same = is_number(right) and size == right
            return same if kind == "eq" else not same
        return _rel(size, right, kind)
    if op == "empty":
        return size == 0
    if op == "notEmpty":
        return size != 0
    return None


def _typed_op(type_: str, op: str, left: Any, right: Any, exists: bool) -> bool | None:
    if type_ == "number":
        if op in ("empty", "notEmpty"):
            return (not exists) if op == "empty" else exists
        if op in ("equals", "notEquals"):
            same = js_strict_equal(left, right)
            return same if op == "equals" else not same
        if op in ("gt", "lt", "gte", "lte"):
            return _rel(left, right, op)
        return None
    if type_ == "dateTime":
        if op in ("empty", "notEmpty"):
            return (not exists) if op == "empty" else exists
        if not isinstance(left, ZDate) or not isinstance(right, ZDate):
            return False
        a, b = left.to_millis(), right.to_millis()
        table = {"equals": a == b, "notEquals": a != b, "after": a > b, "before": a < b,
                 "afterOrEquals": a >= b, "beforeOrEquals": a <= b}
        return table.get(op)
    if type_ == "boolean":
        table = {"empty": not exists, "notEmpty": exists, "true": js_truthy(left),
                 "false": not js_truthy(left), "equals": js_strict_equal(left, right),
                 "notEquals": not js_strict_equal(left, right)}
        return table.get(op)
    if type_ == "object":
        size = len(left) if isinstance(left, (dict, list)) else 0
        if op == "empty":
            return not js_truthy(left) or size == 0
        if op == "notEmpty":
            return js_truthy(left) and size != 0
    return None


def execute_condition(
    condition: dict[str, Any], options: dict[str, Any], *, index: int = 0, item_index: int = 0,
    zone: str | None = None,
) -> bool:
    """Evaluate one condition (n8n's ``executeFilterCondition``)."""
    ignore_case = not options.get("caseSensitive")
    operator = condition.get("operator") or {}
    type_, op = operator.get("type", "string"), operator.get("operation", "equals")
    left, right = parse_condition_values(
        condition, options, index=index, item_index=item_index, zone=zone
    )
    exists = not is_nullish(left) and not (isinstance(left, float) and math.isnan(left))
    if op == "exists":
        return exists
    if op == "notExists":
        return not exists
    result: bool | None
    if type_ == "string":
        result = _string_op(op, left, right, ignore_case)
    elif type_ == "array":
        result = _array_op(op, left, right, ignore_case)
    else:
        result = _typed_op(type_, op, left, right, exists)
    return bool(result)


def execute_filter(value: dict[str, Any], *, item_index: int = 0, zone: str | None = None) -> bool:
    """Evaluate a resolved filter value for one item (n8n's ``executeFilter``)."""
    options = value.get("options") or {}
    conditions = value.get("conditions") or []
    combinator = value.get("combinator")

    def check(pair: tuple[int, dict[str, Any]]) -> bool:
        i, cond = pair
        return execute_condition(cond, options, index=i, item_index=item_index, zone=zone)

    if combinator == "and":
        return all(map(check, enumerate(conditions)))
    if combinator == "or":
        return any(map(check, enumerate(conditions)))
    return False
