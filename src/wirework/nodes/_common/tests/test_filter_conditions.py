"""The filter component: conversions, every operator family, and n8n's error wording."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes._common.filter_conditions import (
    FilterError,
    execute_condition,
    execute_filter,
    parse_regex_pattern,
    validate_field_type,
)

STRICT = {"caseSensitive": True, "typeValidation": "strict"}
LOOSE = {"caseSensitive": True, "typeValidation": "loose", "version": 2}


def check(left: Any, right: Any, type_: str, op: str, options: dict[str, Any] | None = None,
          **extra: Any) -> bool:
    cond = {"leftValue": left, "rightValue": right, "operator": {"type": type_, "operation": op, **extra}}
    return execute_condition(cond, options or STRICT, zone="America/New_York")


@pytest.mark.parametrize(("left", "right", "op", "expected"), [
    ("Hello", "hell", "startsWith", False),
    ("Hello", "ell", "contains", True),
    ("Hello", "lo", "endsWith", True),
    ("Hello", "x", "notContains", True),
    ("", "", "empty", True),
    (None, "", "empty", True),
    ("a", "", "notEmpty", True),
    ("Hello", "Hello", "equals", True),
    ("Hello", "hello", "notEquals", True),
    ("abc123", r"\d+$", "regex", True),
    ("abc", "/^A/i", "regex", True),
    ("abc", "/^A/", "notRegex", True),
])
def test_string_operators(left: Any, right: Any, op: str, expected: bool) -> None:
    assert check(left, right, "string", op) is expected


def test_ignore_case_lowers_both_sides_but_not_regex_sources() -> None:
    opts = {"caseSensitive": False, "typeValidation": "strict"}
    assert check("HELLO", "hell", "string", "startsWith", opts)
    assert check("ABC", "^abc$", "string", "regex", opts)  # regex gets the i flag instead


@pytest.mark.parametrize(("left", "right", "op", "expected"), [
    (5, 3, "gt", True), (5, 5, "gte", True), (2, 3, "lt", True), (3, 3, "lte", True),
    (3, 3.0, "equals", True), (3, 4, "notEquals", True), (None, 0, "gt", False),
])
def test_number_operators(left: Any, right: Any, op: str, expected: bool) -> None:
    assert check(left, right, "number", op) is expected


def test_number_exists_treats_nan_as_missing() -> None:
    assert not check(float("nan"), "", "number", "exists", singleValue=True)
    assert check(None, "", "number", "notExists", singleValue=True)
    assert check(0, "", "number", "exists", singleValue=True)


def test_dates_compare_instants_across_formats_and_zones() -> None:
    assert check("2023-10-20T16:45:52.367Z", "2023-10-21", "dateTime", "before", LOOSE)
    assert check("2023-01-02T00:00:00-05:00", "2023-01-02T05:00:00Z", "dateTime", "equals")
    assert check("Tue, 01 Nov 2016 13:23:12 +0630", "2016-11-01", "dateTime", "after")
    assert check("2017-05-15 09:24:15", "2017-05-15T09:24:15", "dateTime", "afterOrEquals")
    assert check("2018-01-01", "2018-01-01", "dateTime", "beforeOrEquals")


def test_boolean_strict_and_loose() -> None:
    assert check(True, "", "boolean", "true", singleValue=True)
    assert check(False, "", "boolean", "false", singleValue=True)
    assert check(True, True, "boolean", "equals")
    # loose v2: n8n's boolean parsing first, then JS truthiness
    assert not check("false", "", "boolean", "true", LOOSE, singleValue=True)
    assert not check("0", "", "boolean", "true", LOOSE, singleValue=True)
    assert check("yes", "", "boolean", "true", LOOSE, singleValue=True)
    # loose v1: plain JS truthiness ("false" is a non-empty string)
    v1 = {**LOOSE, "version": 1}
    assert check("false", "", "boolean", "true", v1, singleValue=True)


def test_array_operators() -> None:
    tags = ["exotic", "Red", 3]
    assert check(tags, "exotic", "array", "contains", rightType="any")
    assert check(tags, "red", "array", "contains", {"caseSensitive": False}, rightType="any")
    assert not check(tags, "red", "array", "contains", rightType="any")
    assert check(tags, 3, "array", "contains", rightType="any")
    assert check(tags, "4", "array", "notContains", rightType="any")
    assert check(tags, 3, "array", "lengthEquals", rightType="number")
    assert check(tags, 2, "array", "lengthGt", rightType="number")
    assert check(tags, 3, "array", "lengthLte", rightType="number")
    assert check([], "", "array", "empty", singleValue=True)
    assert check(None, "", "array", "empty", singleValue=True)
    assert check('["a"]', "", "array", "notEmpty", LOOSE, singleValue=True)


def test_object_operators() -> None:
    assert check({}, "", "object", "empty", singleValue=True)
    assert check({"a": 1}, "", "object", "notEmpty", singleValue=True)
    assert check(None, "", "object", "empty", singleValue=True)


def test_exists_on_any_type() -> None:
    assert check("", "", "string", "exists", singleValue=True)
    assert check(None, "", "string", "notExists", singleValue=True)


def test_strict_wrong_type_message_and_description() -> None:
    with pytest.raises(FilterError) as info:
        execute_filter({"options": STRICT, "combinator": "and", "conditions": [
            {"leftValue": 1, "rightValue": 1, "operator": {"type": "number", "operation": "equals"}},
            {"leftValue": "abc", "rightValue": 3, "operator": {"type": "number", "operation": "gt"}},
        ]}, item_index=4)
    assert info.value.message == (
        "Wrong type: 'abc' is a string but was expecting a number [condition 1, item 4]")
    assert "<code>.toNumber()</code>" in info.value.description


def test_loose_conversion_message() -> None:
    with pytest.raises(FilterError, match=r"^Conversion error: the string 'x' can't be converted to a number \[condition 0, item 0\]$"):
        check(5, "x", "number", "gt", LOOSE)


def test_both_operands_wrong_with_the_same_type() -> None:
    with pytest.raises(FilterError, match=r"^Comparison type expects a number but both fields are a string$"):
        check("a", "b", "number", "equals")


def test_combinators_short_circuit() -> None:
    bad = {"leftValue": "x", "rightValue": 1, "operator": {"type": "number", "operation": "gt"}}
    ok = {"leftValue": 2, "rightValue": 1, "operator": {"type": "number", "operation": "gt"}}
    assert execute_filter({"options": STRICT, "combinator": "or", "conditions": [ok, bad]})
    assert not execute_filter({"options": STRICT, "combinator": "xor", "conditions": [ok]})
    with pytest.raises(FilterError):
        execute_filter({"options": STRICT, "combinator": "and", "conditions": [ok, bad]})


@pytest.mark.parametrize(("value", "type_", "expected"), [
    ("3", "number", 3), ("3.14", "number", 3.14), (True, "number", 1), (" ", "number", 0),
    ("TRUE", "boolean", True), ("0", "boolean", False), (1, "boolean", True),
    ('["a", "b"]', "array", ["a", "b"]), ("['a']", "array", ["a"]),
    ('{"a": 1}', "object", {"a": 1}), ("{a: 1}", "object", {"a": 1}),
    (5, "string", "5"),
])
def test_validate_field_type_conversions(value: Any, type_: str, expected: Any) -> None:
    res = validate_field_type("f", value, type_, parse_strings=True)
    assert res.valid and res.value == expected


@pytest.mark.parametrize(("value", "type_", "message"), [
    ("hello", "number", "'f' expects a number but we got 'hello'"),
    ("3", "boolean", "'f' expects a boolean but we got '3'"),
    ([1, 2], "number", "'f' expects a number but we got array"),
    ({"a": 1}, "array", "'f' expects a array but we got object"),
    ("3", "array", "'f' expects a array but we got '3'"),
])
def test_validate_field_type_errors(value: Any, type_: str, message: str) -> None:
    res = validate_field_type("f", value, type_)
    assert not res.valid and res.error == message


def test_strict_validation_refuses_other_types() -> None:
    assert not validate_field_type("f", "3", "number", strict=True).valid
    assert not validate_field_type("f", 3, "string", strict=True, parse_strings=True).valid
    assert validate_field_type("f", None, "number", strict=True).valid


def test_regex_literals_and_flags() -> None:
    assert parse_regex_pattern("/^value$/g").search("value")
    assert not parse_regex_pattern("^value$").search("value\n")
    assert parse_regex_pattern("/(?<word>a+)b/").search("aab")
    with pytest.raises(FilterError, match="Invalid regular expression"):
        parse_regex_pattern("(")


def test_filter_version_3_reads_empty_numbers_as_missing() -> None:
    v3 = {"caseSensitive": True, "typeValidation": "loose", "version": 3}
    assert check("", "", "number", "notExists", v3, singleValue=True)
    assert check([], "", "number", "empty", v3, singleValue=True)
    assert check("", "", "number", "exists", LOOSE, singleValue=True)  # v2: Number("") is 0
