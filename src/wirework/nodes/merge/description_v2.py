"""Merge v2 / v2.1 description."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wirework.nodes.sdk import NodeDescription, Option, Param

_FIELDS = {"mode": ["combine"], "combinationMode": ["mergeByFields"]}


def required_inputs(params: Mapping[str, Any]) -> int:
    """chooseBranch waits for both inputs; other modes run with whatever arrived."""
    return 2 if params.get("mode") == "chooseBranch" else 1


def clash_handling(default_resolve: str, resolve_options: tuple[Option, ...], **kw: Any) -> Param:
    prefer = [o.value for o in resolve_options if o.value != "addSuffix"]
    return Param(
        "clashHandling", "fixedCollection",
        {"values": {"resolveClash": default_resolve, "mergeMode": "deepMerge", "overrideEmpty": False}},
        display_name="Clash Handling", **kw,
        options=(Param("values", "collection", display_name="Values", options=(
            Param("resolveClash", "options", default_resolve, display_name="When Field Values Clash", options=resolve_options),
            Param("mergeMode", "options", "deepMerge", display_name="Merging Nested Fields",
                  display_options={"show": {"resolveClash": prefer}}, options=(
                      Option("Deep Merge", "deepMerge", "Merge at every level of nesting"),
                      Option("Shallow Merge", "shallowMerge",
                             "Merge at the top level only (all nested fields will come from the same input)"),
                  )),
            Param("overrideEmpty", "boolean", False, display_name="Minimize Empty Fields",
                  display_options={"show": {"resolveClash": prefer}},
                  description="Whether to override the preferred input version for a field if it is empty "
                              "and the other version isn't"),
        )),),
    )


V2_RESOLVE = (
    Option("Always Add Input Number to Field Names", "addSuffix"),
    Option("Prefer Input 1 Version", "preferInput1"),
    Option("Prefer Input 2 Version", "preferInput2"),
)

def output_data_from(fields: Mapping[str, list[str]]) -> tuple[Param, Param]:
    """The "Output Data From" choice of a merge by fields, one per join mode that offers it."""
    def choice(join_mode: str, both: str) -> Param:
        return Param("outputDataFrom", "options", "both", display_name="Output Data From",
                     display_options={"show": {**fields, "joinMode": [join_mode]}}, options=(
                         Option(both, "both"), Option("Input 1", "input1"), Option("Input 2", "input2")))

    return (choice("keepMatches", "Both Inputs Merged Together"),
            choice("keepNonMatches", "Both Inputs Appended Together"))


FUZZY = Param("fuzzyCompare", "boolean", False, display_name="Fuzzy Compare",
              description="Whether to tolerate small type differences when comparing fields. E.g. the number 3 "
                          "and the string '3' are treated as the same.")
DOT = Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
            description="Whether to disallow referencing child fields using `parent.child` in the field name")
MULTIPLE = Param("multipleMatches", "options", "all", display_name="Multiple Matches", options=(
    Option("Include All Matches", "all", "Output multiple items if there are multiple matches"),
    Option("Include First Match Only", "first", "Only ever output a single item per match"),
))

OPTIONS = Param("options", "collection", {}, display_name="Options", placeholder="Add Option",
                display_options={"show": {"mode": ["combine"]}}, options=(
    clash_handling("preferInput2", V2_RESOLVE, display_options={"hide": {"/joinMode": ["keepNonMatches"]}}),
    Param("disableDotNotation", "boolean", False, display_name=DOT.display_name, description=DOT.description,
          display_options={"show": {"/combinationMode": ["mergeByFields"]}}),
    Param("fuzzyCompare", "boolean", False, display_name=FUZZY.display_name, description=FUZZY.description,
          display_options={"show": {"/combinationMode": ["mergeByFields"]}}),
    Param("includeUnpaired", "boolean", False, display_name="Include Any Unpaired Items",
          display_options={"show": {"/combinationMode": ["mergeByPosition"]}},
          description="Whether unpaired items should be included in the result when there are differing "
                      "numbers of items among the inputs"),
    Param("multipleMatches", "options", "all", display_name=MULTIPLE.display_name, options=MULTIPLE.options,
          display_options={"show": {"/combinationMode": ["mergeByFields"],
                                    "/joinMode": ["keepMatches", "keepEverything", "enrichInput1", "enrichInput2"]}}),
))

PROPERTIES = (
    Param("mode", "options", "append", display_name="Mode", description="How data of branches should be merged",
          options=(
              Option("Append", "append", "All items of input 1, then all items of input 2"),
              Option("Combine", "combine", "Merge matching items together"),
              Option("Choose Branch", "chooseBranch", "Output input data, without modifying it"),
          )),
    Param("combinationMode", "options", "mergeByFields", display_name="Combination Mode",
          display_options={"show": {"mode": ["combine"]}}, options=(
              Option("Merge By Fields", "mergeByFields", "Combine items with the same field values"),
              Option("Merge By Position", "mergeByPosition", "Combine items based on their order"),
              Option("Multiplex", "multiplex", "All possible item combinations (cross join)"),
          )),
    Param("mergeByFields", "fixedCollection", {"values": [{"field1": "", "field2": ""}]},
          display_name="Fields to Match", placeholder="Add Fields to Match", type_options={"multipleValues": True},
          display_options={"show": _FIELDS}, options=(Param("values", "collection", display_name="Values", options=(
              Param("field1", "string", "", display_name="Input 1 Field", placeholder="e.g. id",
                    hint=" Enter the field name as text"),
              Param("field2", "string", "", display_name="Input 2 Field", placeholder="e.g. id",
                    hint=" Enter the field name as text"),
          )),)),
    Param("joinMode", "options", "keepMatches", display_name="Output Type", display_options={"show": _FIELDS},
          options=(
              Option("Keep Matches", "keepMatches", "Items that match, merged together (inner join)"),
              Option("Keep Non-Matches", "keepNonMatches", "Items that don't match"),
              Option("Keep Everything", "keepEverything",
                     "Items that match merged together, plus items that don't match (outer join)"),
              Option("Enrich Input 1", "enrichInput1", "All of input 1, with data from input 2 added in (left join)"),
              Option("Enrich Input 2", "enrichInput2",
                     "All of input 2, with data from input 1 added in (right join)"),
          )),
    *output_data_from(_FIELDS),
    Param("chooseBranchMode", "options", "waitForBoth", display_name="Output Type",
          display_options={"show": {"mode": ["chooseBranch"]}},
          options=(Option("Wait for Both Inputs to Arrive", "waitForBoth"),)),
    Param("output", "options", "input1", display_name="Output",
          display_options={"show": {"mode": ["chooseBranch"], "chooseBranchMode": ["waitForBoth"]}}, options=(
              Option("Input 1 Data", "input1"), Option("Input 2 Data", "input2"),
              Option("A Single, Empty Item", "empty"))),
    OPTIONS,
)

DESC_V2 = NodeDescription(
    name="n8n-nodes-base.merge", display_name="Merge", versions=(2, 2.1), icon="fa:code-branch",
    color="#00bbcc", description="Merges data of multiple streams once data from both is available",
    default_name="Merge", inputs=2, outputs=1, input_names=("Input 1", "Input 2"),
    required_inputs=required_inputs,
    properties=PROPERTIES, subtitle='={{$parameter["mode"]}}',
)
