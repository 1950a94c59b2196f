"""The parameters of Edit Fields (Set) v3 – v3.4."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import Option, Param

VERSIONS = (3, 3.1, 3.2, 3.3, 3.4)
OLD: list[Any] = [3, 3.1, 3.2]
_MANUAL = {"mode": ["manual"]}
_DOT_HELP = (
    'Whether "a.b" in a name means property "b" inside "a" ({"a": {"b": value}}); '
    'when off, the name is used as it is ({"a.b": value})'
)
_INCLUDE_HELP = "Comma-separated names of the input fields to keep; drag fields from the input panel"
_EXCLUDE_HELP = "Comma-separated names of the input fields to drop; drag fields from the input panel"


def _value(name: str, type_: str, default: object, validate: str, **kw: Any) -> Param:
    return Param(name, type_, default, display_name="Value",
                 display_options={"show": {"type": [name]}},
                 type_options={"validateType": validate, "ignoreValidationDuringExecution": True,
                               **kw.pop("type_options", {})},
                 **kw)


_FIELD_VALUES = (
    Param("name", "string", "", display_name="Name", placeholder="e.g. fieldName",
          description="Name of the field to set; supports dot-notation like data.person[0].name"),
    Param("type", "options", "stringValue", display_name="Type", description="The field value type",
          options=(Option("String", "stringValue"), Option("Number", "numberValue"),
                   Option("Boolean", "booleanValue"), Option("Array", "arrayValue"),
                   Option("Object", "objectValue"))),
    _value("stringValue", "string", "", "string"),
    _value("numberValue", "string", "", "number"),
    _value("booleanValue", "options", "true", "boolean",
           options=(Option("True", "true"), Option("False", "false"))),
    _value("arrayValue", "string", "", "array", placeholder="e.g. [ arrayItem1, arrayItem2, arrayItem3 ]"),
    _value("objectValue", "json", "={}", "object", type_options={"rows": 2}),
)

_INCLUDE_OPTIONS_OLD = (
    Option("All Input Fields", "all", "Also include all unchanged fields from the input"),
    Option("No Input Fields", "none", "Include only the fields set above"),
    Option("Selected Input Fields", "selected", "Also include the fields listed in “Fields to Include”"),
    Option("All Input Fields Except", "except", "Exclude the fields listed in “Fields to Exclude”"),
)
_INCLUDE_OPTIONS_NEW = (
    Option("All", "all", "Also include all unchanged fields from the input"),
    Option("Selected", "selected", "Also include the fields listed in “Fields to Include”"),
    Option("All Except", "except", "Exclude the fields listed in “Fields to Exclude”"),
)


def _field_list(name: str, label: str, help_: str, show: dict[str, list[Any]],
                hide: dict[str, list[Any]] | None = None) -> Param:
    opts: dict[str, dict[str, list[Any]]] = {"show": show}
    if hide:
        opts["hide"] = hide
    return Param(name, "string", "", display_name=label, description=help_, display_options=opts,
                 placeholder=f"e.g. {name[:-6]}Field1,{name[:-6]}Field2",
                 type_options={"requiresDataPath": "multiple"})


PROPERTIES = (
    Param("mode", "options", "manual", display_name="Mode", no_data_expression=True, options=(
        Option("Manual Mapping", "manual", "Edit item fields one by one", "Edit item fields one by one"),
        Option("JSON", "raw", "Customize item output with JSON", "Customize item output with JSON"),
    )),
    Param("duplicateItem", "boolean", False, display_name="Duplicate Item",
          type_options={"isNodeSetting": True}),
    Param("duplicateCount", "number", 0, display_name="Duplicate Item Count",
          description="How many extra copies of each item to output (manual runs only)",
          type_options={"minValue": 0, "isNodeSetting": True},
          display_options={"show": {"duplicateItem": [True]}}),
    Param("duplicateWarning", "notice", "", display_name=(
        "Item duplication is set in the node settings. It is ignored when the workflow runs "
        "automatically."), display_options={"show": {"duplicateItem": [True]}}),
    Param("jsonOutput", "json", '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n',
          display_name="JSON", display_options={"show": {"mode": ["raw"]}},
          type_options={"rows": 5, "validateType": "object", "ignoreValidationDuringExecution": True}),
    Param("fields", "fixedCollection", {}, display_name="Fields to Set", placeholder="Add Field",
          description="Edit existing fields or add new ones",
          display_options={"show": {**_MANUAL, "@version": OLD}},
          type_options={"multipleValues": True, "sortable": True},
          options=(Param("values", "collection", {}, display_name="Values", options=_FIELD_VALUES),)),
    Param("assignments", "assignmentCollection", {}, display_name="Fields to Set",
          display_options={"show": _MANUAL, "hide": {"@version": OLD}}),
    Param("include", "options", "all", display_name="Include in Output",
          description="Which input fields the output items keep",
          display_options={"show": {"@version": OLD}}, options=_INCLUDE_OPTIONS_OLD),
    Param("includeOtherFields", "boolean", False, display_name="Include Other Input Fields",
          description="Whether the output also carries the input fields (besides the fields set)",
          display_options={"hide": {"@version": OLD}}),
    Param("include", "options", "all", display_name="Input Fields to Include",
          description="Which input fields the output items keep",
          display_options={"hide": {"@version": OLD, "/includeOtherFields": [False]}},
          options=_INCLUDE_OPTIONS_NEW),
    _field_list("includeFields", "Fields to Include", _INCLUDE_HELP,
                {"include": ["selected"], "@version": OLD}),
    _field_list("excludeFields", "Fields to Exclude", _EXCLUDE_HELP,
                {"include": ["except"], "@version": OLD}),
    _field_list("includeFields", "Fields to Include", _INCLUDE_HELP,
                {"include": ["selected"], "/includeOtherFields": [True]}, {"@version": OLD}),
    _field_list("excludeFields", "Fields to Exclude", _EXCLUDE_HELP,
                {"include": ["except"], "/includeOtherFields": [True]}, {"@version": OLD}),
    Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
        Param("includeBinary", "boolean", True, display_name="Include Binary File",
              description="Whether binary data of the input item is kept",
              display_options={"hide": {"@version": [3.4]}}),
        Param("stripBinary", "boolean", True, display_name="Strip Binary Data",
              description="Whether binary data of the input item is dropped (only with “Include Other Input Fields”)",
              display_options={"show": {"@version": [3.4], "/includeOtherFields": [True]}}),
        Param("ignoreConversionErrors", "boolean", False, display_name="Ignore Type Conversion Errors",
              description="Whether values that do not fit their type are kept as they are instead of failing",
              display_options={"show": {"/mode": ["manual"]}}),
        Param("dotNotation", "boolean", True, display_name="Support Dot Notation", description=_DOT_HELP),
    )),
)
