"""n8n's return-value rules for Code/Function nodes."""

from __future__ import annotations

import pytest

from wirework.nodes.code.normalize import (
    PY_WORDS,
    CodeValidationError,
    all_items_result,
    each_item_result,
    function_result,
)


def test_bare_object_becomes_one_item() -> None:
    assert all_items_result({"a": 1}) == [{"json": {"a": 1}}]


def test_array_of_bare_objects_is_wrapped() -> None:
    assert all_items_result([{"value": 1}, {"value": 2}]) == [{"json": {"value": 1}}, {"json": {"value": 2}}]


def test_items_are_kept_with_binary_and_paired_item() -> None:
    items = [{"json": {"a": 1}, "binary": {"f": {"data": "eA=="}}, "pairedItem": {"item": 0}}]
    assert all_items_result(items) == items


def test_null_is_no_items() -> None:
    assert all_items_result(None) == []


def test_json_not_an_object_names_the_item() -> None:
    with pytest.raises(CodeValidationError) as err:
        all_items_result([{"json": "text"}])
    assert err.value.message == "A 'json' property isn't an object [item 0]"


def test_python_wording() -> None:
    with pytest.raises(CodeValidationError) as err:
        all_items_result([{"json": {}}, {"json": [1]}], PY_WORDS)
    assert err.value.message == "A 'json' property isn't a dictionary [item 1]"


def test_binary_not_an_object() -> None:
    with pytest.raises(CodeValidationError, match=r"A 'binary' property isn't an object \[item 0\]"):
        all_items_result([{"json": {}, "binary": "x"}])


def test_reserved_key_mixed_with_data() -> None:
    with pytest.raises(CodeValidationError, match=r"Invalid output format \[item 0\]"):
        all_items_result([{"json": {}, "extra": 1}])


def test_mixed_items_and_bare_objects() -> None:
    with pytest.raises(CodeValidationError, match=r"Unknown top-level item key: name \[item 1\]"):
        all_items_result([{"json": {}}, {"name": "x"}])


def test_scalar_return_is_an_error() -> None:
    with pytest.raises(CodeValidationError, match="Code doesn't return items properly"):
        all_items_result(5)


def test_binary_next_to_data_keys_is_a_reserved_key_error() -> None:
    with pytest.raises(CodeValidationError, match=r"Invalid output format \[item 0\]"):
        all_items_result([{"binary": {"f": {}}, "name": "a"}])


def test_each_item_object_is_paired() -> None:
    assert each_item_result({"a": 1}, 3) == {"json": {"a": 1}, "pairedItem": {"item": 3}}
    assert each_item_result({"json": {"a": 1}}, 0) == {"json": {"a": 1}, "pairedItem": {"item": 0}}


def test_each_item_null_drops_the_item() -> None:
    assert each_item_result(None, 0) is None


def test_each_item_array_is_an_error() -> None:
    with pytest.raises(CodeValidationError) as err:
        each_item_result([{"a": 1}], 2)
    assert err.value.message == "Code doesn't return a single object [item 2]"
    assert err.value.description.startswith("An array of objects was returned.")


def test_each_item_scalar_is_an_error() -> None:
    with pytest.raises(CodeValidationError) as err:
        each_item_result("x", 0, PY_WORDS)
    assert err.value.message == "Code doesn't return a dictionary [item 0]"


def test_function_node_rules() -> None:
    assert function_result({"success": True}) == [{"json": {"success": True}}]
    with pytest.raises(CodeValidationError, match="No data got returned"):
        function_result(None)
    with pytest.raises(CodeValidationError, match="The json-property has to be an object!"):
        function_result([{"json": 1}])
