"""Merge v3 / v3.1 / v3.2 description: any number of inputs, combine by fields/position/all, SQL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wirework.nodes.merge.description_v2 import (
    DOT,
    FUZZY,
    MULTIPLE,
    clash_handling,
    output_data_from,
)
from wirework.nodes.sdk import NodeDescription, Option, Param


def number_inputs(params: Mapping[str, Any]) -> int:
    try:
        n = int(params.get("numberInputs") or 2)
    except (TypeError, ValueError):
        n = 2
    return min(max(n, 2), 10)


def required_inputs(params: Mapping[str, Any]) -> int:
    return number_inputs(params) if params.get("mode") == "chooseBranch" else 1


V3_RESOLVE = (
    Option("Always Add Input Number to Field Names", "addSuffix"),
    Option("Prefer Input 1 Version", "preferInput1"),
    Option("Prefer Input 2 Version", "preferLast"),
)
MULTI_RESOLVE = (
    Option("Always Add Input Number to Field Names", "addSuffix"),
    Option("Prefer Input 1 Version", "preferInput1"),
    Option("Prefer Last Input Version", "preferLast"),
)

_FIELDS = {"mode": ["combine"], "combineBy": ["combineByFields"]}
_POSITION = {"mode": ["combine"], "combineBy": ["combineByPosition"]}
_JOIN = (
    Option("Keep Matches", "keepMatches", "Output matching items"),
    Option("Keep Non-Matches", "keepNonMatches", "Output non-matching items"),
    Option("Keep Everything", "keepEverything", "Output matching and non-matching items"),
    Option("Enrich Input 1", "enrichInput1", "Output all input 1 items, with data from input 2 added in"),
    Option("Enrich Input 2", "enrichInput2", "Output all input 2 items, with data from input 1 added in"),
)

NUMBER_INPUTS = Param(
    "numberInputs", "options", 2, display_name="Number of Inputs", no_data_expression=True,
    options=tuple(Option(str(n), n) for n in range(2, 11)),
    display_options={"show": {"mode": ["append", "combineBySql", "chooseBranch"]}},
    description="The number of data inputs you want to merge. The node waits for all connected inputs to be "
                "executed.",
)

PROPERTIES = (
    Param("mode", "options", "append", display_name="Mode", no_data_expression=True, options=(
        Option("Append", "append", "Output items of each input, one after the other"),
        Option("Combine", "combine", "Merge matching items together"),
        Option("SQL Query", "combineBySql", "Write a query to do the merge"),
        Option("Choose Branch", "chooseBranch", "Output data from a specific branch, without modifying it"),
    ), description="How input data should be merged"),
    Param("combineBy", "options", "combineByFields", display_name="Combine By", no_data_expression=True,
          display_options={"show": {"mode": ["combine"]}}, options=(
              Option("Matching Fields", "combineByFields", "Combine items with the same field values"),
              Option("Position", "combineByPosition", "Combine items based on their order"),
              Option("All Possible Combinations", "combineAll", "Every pairing of every two items (cross join)"),
          )),
    NUMBER_INPUTS,
    Param("numberInputs", "options", 2, display_name="Number of Inputs", no_data_expression=True,
          options=NUMBER_INPUTS.options, display_options={"show": _POSITION},
          description=NUMBER_INPUTS.description),
    # combineByFields
    Param("advanced", "boolean", False, display_name="Fields To Match Have Different Names",
          display_options={"show": _FIELDS},
          description="Whether name(s) of field to match are different in input 1 and input 2"),
    Param("fieldsToMatchString", "string", "", display_name="Fields To Match", required=True,
          placeholder="e.g. id, name", display_options={"show": {**_FIELDS, "advanced": [False]}},
          description="Specify the fields to use for matching input items",
          hint="Drag or type the input field name"),
    Param("mergeByFields", "fixedCollection", {"values": [{"field1": "", "field2": ""}]},
          display_name="Fields To Match", placeholder="Add Fields to Match", type_options={"multipleValues": True},
          display_options={"show": {**_FIELDS, "advanced": [True]}},
          options=(Param("values", "collection", display_name="Values", options=(
              Param("field1", "string", "", display_name="Input 1 Field", placeholder="e.g. id",
                    hint=" Enter the field name as text"),
              Param("field2", "string", "", display_name="Input 2 Field", placeholder="e.g. id",
                    hint=" Enter the field name as text"),
          )),)),
    Param("joinMode", "options", "keepMatches", display_name="Output Type", options=_JOIN,
          display_options={"show": _FIELDS}),
    *output_data_from(_FIELDS),
    Param("options", "collection", {}, display_name="Options", placeholder="Add Option",
          display_options={"show": _FIELDS}, options=(
              clash_handling("preferLast", V3_RESOLVE,
                             display_options={"hide": {"/joinMode": ["keepMatches", "keepNonMatches"]}}),
              clash_handling("preferLast", V3_RESOLVE,
                             display_options={"show": {"/joinMode": ["keepMatches"], "/outputDataFrom": ["both"]}}),
              DOT, FUZZY,
              Param("multipleMatches", "options", "all", display_name=MULTIPLE.display_name, options=MULTIPLE.options,
                    display_options={"show": {"/joinMode": ["keepMatches"], "/outputDataFrom": ["both"]}}),
              Param("multipleMatches", "options", "all", display_name=MULTIPLE.display_name, options=MULTIPLE.options,
                    display_options={"show": {"/joinMode": ["enrichInput1", "enrichInput2", "keepEverything"]}}),
          )),
    # combineByPosition
    Param("options", "collection", {}, display_name="Options", placeholder="Add Option",
          display_options={"show": _POSITION}, options=(
              clash_handling("preferLast", MULTI_RESOLVE),
              Param("includeUnpaired", "boolean", False, display_name="Include Any Unpaired Items",
                    description="Whether unpaired items should be included in the result when there are "
                                "differing numbers of items among the inputs"),
          )),
    # combineAll
    Param("options", "collection", {}, display_name="Options", placeholder="Add Option",
          display_options={"show": {"mode": ["combine"], "combineBy": ["combineAll"]}},
          options=(clash_handling("preferLast", V3_RESOLVE),)),
    # combineBySql
    Param("query", "string", "SELECT * FROM input1 LEFT JOIN input2 ON input1.name = input2.id",
          display_name="Query", no_data_expression=True, required=True,
          type_options={"rows": 5, "editor": "sqlEditor"}, display_options={"show": {"mode": ["combineBySql"]}},
          description="Input data available as tables with corresponding number, e.g. input1, input2",
          hint="Supports <a href=\"https://github.com/alasql/alasql/wiki/Supported-SQL-statements\" "
               "target=\"_blank\">most</a> of the SQL-99 language"),
    # chooseBranch
    Param("chooseBranchMode", "options", "waitForAll", display_name="Output Type",
          display_options={"show": {"mode": ["chooseBranch"]}},
          options=(Option("Wait for All Inputs to Arrive", "waitForAll"),)),
    Param("output", "options", "specifiedInput", display_name="Output",
          display_options={"show": {"mode": ["chooseBranch"], "chooseBranchMode": ["waitForAll"]}}, options=(
              Option("Data of Specified Input", "specifiedInput"), Option("A Single, Empty Item", "empty"))),
    Param("useDataOfInput", "options", 1, display_name="Use Data of Input",
          display_options={"show": {"mode": ["chooseBranch"], "output": ["specifiedInput"]}},
          options=tuple(Option(f"Input {n}", n) for n in range(1, 11)),
          description="The number of the input to use data of"),
)

DESC_V3 = NodeDescription(
    name="n8n-nodes-base.merge", display_name="Merge", versions=(3, 3.1, 3.2), icon="fa:code-branch",
    color="#00bbcc", description="Merges data of multiple streams once data from both is available",
    default_name="Merge", inputs=number_inputs, outputs=1,
    required_inputs=required_inputs,
    properties=PROPERTIES, subtitle='={{$parameter["mode"]}}',
    compat_notes="SQL Query mode runs on SQLite, not alasql: SQLite's SQL dialect, and explicit nulls "
                 "in the inputs read as missing fields.",
)
