"""The pre-filter comparison rules shared by If v1, Filter v1 and Switch v1/v2.

Values are compared with JavaScript semantics (``||`` defaults, ``<`` coercion, ``===``);
dates are turned into epoch milliseconds first, as ``new Date(value).getTime()`` would.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from wirework.nodes._common.dates import DateError, ZDate, parse_js_date
from wirework.nodes._common.fields import js_lt, js_string, js_to_number
from wirework.nodes._common.filter_conditions import (
    is_nullish,
    is_number,
    is_undefined,
    js_str,
    js_strict_equal,
    js_truthy,
    parse_regex_pattern,
)
from wirework.nodes.sdk import Option, Param


def _or(v: Any, default: Any) -> Any:
    return v if js_truthy(v) else default


def _ge(a: Any, b: Any) -> bool:
    """JavaScript's ``a >= b``."""
    if isinstance(a, (list, dict)):
        a = js_string(a)
    if isinstance(b, (list, dict)):
        b = js_string(b)
    if isinstance(a, str) and isinstance(b, str):
        return not js_lt(a, b)
    x, y = _num(a), _num(b)
    return not (math.isnan(x) or math.isnan(y)) and x >= y


def _num(v: Any) -> float:
    return math.nan if is_undefined(v) else js_to_number(v)


def _text(v: Any) -> str:
    return js_string(_or(v, ""))


def _regex(v1: Any, v2: Any) -> bool:
    return bool(parse_regex_pattern(_text(v2)).search(_text(v1)))


def _is_empty(v: Any) -> bool:
    if is_nullish(v) or v == "" or (isinstance(v, float) and math.isnan(v)):
        return True
    if isinstance(v, (dict, list)):
        return len(v) == 0
    return False


def _str(v: Any) -> str:
    return v if isinstance(v, str) else js_string(v)


COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "after": lambda a, b: js_lt(_or(b, 0), _or(a, 0)),
    "before": lambda a, b: js_lt(_or(a, 0), _or(b, 0)),
    "larger": lambda a, b: js_lt(_or(b, 0), _or(a, 0)),
    "largerEqual": lambda a, b: _ge(_or(a, 0), _or(b, 0)),
    "smaller": lambda a, b: js_lt(_or(a, 0), _or(b, 0)),
    "smallerEqual": lambda a, b: _ge(_or(b, 0), _or(a, 0)),
    "contains": lambda a, b: _text(b) in _text(a),
    "notContains": lambda a, b: _text(b) not in _text(a),
    "endsWith": lambda a, b: _str(a).endswith(_str(b)),
    "notEndsWith": lambda a, b: not _str(a).endswith(_str(b)),
    "startsWith": lambda a, b: _str(a).startswith(_str(b)),
    "notStartsWith": lambda a, b: not _str(a).startswith(_str(b)),
    "equal": js_strict_equal,
    "notEqual": lambda a, b: not js_strict_equal(a, b),
    "isEmpty": lambda a, _b: _is_empty(a),
    "isNotEmpty": lambda a, _b: not _is_empty(a),
    "regex": _regex,
    "notRegex": lambda a, b: not _regex(a, b),
}


class InvalidDate(ValueError):
    pass


def to_millis(value: Any) -> float:
    """``new Date(value).getTime()`` for strings, numbers as they are; else InvalidDate."""
    result: float | None = None
    if isinstance(value, str):
        try:
            result = parse_js_date(value).to_millis()
        except (DateError, ValueError, OverflowError):
            result = None
    elif is_number(value):
        result = float(value)
    elif isinstance(value, ZDate):
        result = value.to_millis()
    elif isinstance(value, datetime):
        result = value.timestamp() * 1000
    if result is None or math.isnan(result):
        shown = js_str(value)
        raise InvalidDate(f'The value "{shown}" is not a valid DateTime.')
    return result


def compare(operation: str, value1: Any, value2: Any) -> bool:
    fn = COMPARE.get(operation)
    if fn is None:
        raise KeyError(operation)
    return bool(fn(value1, value2))


# --- description building blocks --------------------------------------------------------------
_OPS_BOOLEAN = (("Equal", "equal"), ("Not Equal", "notEqual"))
_OPS_DATE = (("Occurred After", "after"), ("Occurred Before", "before"))
_OPS_NUMBER = (
    ("Smaller", "smaller"), ("Smaller or Equal", "smallerEqual"), ("Equal", "equal"),
    ("Not Equal", "notEqual"), ("Larger", "larger"), ("Larger or Equal", "largerEqual"),
)
_OPS_STRING = (
    ("Contains", "contains"), ("Not Contains", "notContains"), ("Ends With", "endsWith"),
    ("Not Ends With", "notEndsWith"), ("Equal", "equal"), ("Not Equal", "notEqual"),
    ("Regex Match", "regex"), ("Regex Not Match", "notRegex"), ("Starts With", "startsWith"),
    ("Not Starts With", "notStartsWith"),
)
_EMPTY = (("Is Empty", "isEmpty"), ("Is Not Empty", "isNotEmpty"))
OPERATION_DEFAULTS = {"boolean": "equal", "dateTime": "after", "number": "smaller", "string": "equal"}
VALUE_DEFAULTS = {"boolean": False, "dateTime": "", "number": 0, "string": ""}


def operations(data_type: str, *, with_empty: bool) -> tuple[tuple[str, str], ...]:
    ops = {"boolean": _OPS_BOOLEAN, "dateTime": _OPS_DATE, "number": _OPS_NUMBER,
           "string": _OPS_STRING}[data_type]
    return ops + _EMPTY if with_empty and data_type in ("number", "string") else ops


def op_param(data_type: str, *, with_empty: bool, default: str | None = None) -> Param:
    return Param(
        "operation", "options", default or OPERATION_DEFAULTS[data_type], display_name="Operation",
        description="How the two values are compared",
        options=tuple(Option(n, v) for n, v in operations(data_type, with_empty=with_empty)),
        no_data_expression=data_type in ("number", "string"),
    )


def value2_params(data_type: str, *, with_empty: bool, default: Any = None) -> tuple[Param, ...]:
    """``value2`` as n8n declares it: hidden for the empty checks, a regex field for regex ops."""
    dflt = VALUE_DEFAULTS[data_type] if default is None else default
    hide = ["isEmpty", "isNotEmpty"] if with_empty and data_type in ("number", "string") else []
    if data_type != "string":
        opts = {"hide": {"operation": hide}} if hide else None
        return (Param("value2", data_type, dflt, display_name="Value 2",
                      description="The value to compare with the first one", display_options=opts),)
    return (
        Param("value2", "string", "", display_name="Value 2",
              description="The value to compare with the first one",
              display_options={"hide": {"operation": [*hide, "regex", "notRegex"]}}),
        Param("value2", "string", "", display_name="Regex", placeholder="/text/i",
              description="The regular expression the value has to match",
              display_options={"show": {"operation": ["regex", "notRegex"]}}),
    )


def conditions_param(*, with_empty_dates: bool = False) -> Param:
    """If v1 / Filter v1 ``conditions``: one list of comparisons per data type."""
    groups = []
    for data_type, label in (("boolean", "Boolean"), ("dateTime", "Date & Time"),
                             ("number", "Number"), ("string", "String")):
        fields = (
            Param("value1", data_type, VALUE_DEFAULTS[data_type], display_name="Value 1",
                  description="The value to compare with the second one"),
            op_param(data_type, with_empty=True),
            *value2_params(data_type, with_empty=True),
        )
        groups.append(Param(data_type, "collection", {}, display_name=label, options=fields))
    return Param(
        "conditions", "fixedCollection", {}, display_name="Conditions", placeholder="Add Condition",
        description="The values to compare, grouped by type",
        type_options={"multipleValues": True, "sortable": True}, options=tuple(groups),
    )


DATA_TYPES = ("boolean", "dateTime", "number", "string")


def fill_condition(data_type: str, entry: dict[str, Any]) -> tuple[str, Any, Any]:
    """(operation, value1, value2) of a stored condition with n8n's defaults filled in."""
    op = entry.get("operation", OPERATION_DEFAULTS[data_type])
    dflt = VALUE_DEFAULTS[data_type]
    return op, entry.get("value1", dflt), entry.get("value2", dflt)
