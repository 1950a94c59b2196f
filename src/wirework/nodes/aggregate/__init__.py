"""Aggregate: combine a field from many items into a list in a single item."""

from __future__ import annotations

from wirework.nodes.aggregate.impl import execute
from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion, Option, Param

_HIDE_ALL = {"hide": {"/aggregate": ["aggregateAllItemData"]}}

FIELDS_TO_AGGREGATE = Param(
    "fieldsToAggregate", "fixedCollection", {"fieldToAggregate": [{"fieldToAggregate": "", "renameField": False}]},
    display_name="Fields To Aggregate", type_options={"multipleValues": True},
    placeholder="Add Field To Aggregate", display_options={"show": {"aggregate": ["aggregateIndividualFields"]}},
    options=(Param("fieldToAggregate", "collection", display_name="", options=(
        Param("fieldToAggregate", "string", "", display_name="Input Field Name", placeholder="e.g. id",
              hint=" Enter the field name as text",
              description="The name of a field in the input items to aggregate together"),
        Param("renameField", "boolean", False, display_name="Rename Field",
              description="Whether to give the field a different name in the output"),
        Param("outputFieldName", "string", "", display_name="Output Field Name",
              display_options={"show": {"renameField": [True]}},
              description="The name of the field to put the aggregated data in. Leave blank to use the input field name."),
    )),),
)

PROPERTIES = (
    Param("aggregate", "options", "aggregateIndividualFields", display_name="Aggregate", options=(
        Option("Individual Fields", "aggregateIndividualFields"),
        Option("All Item Data (Into a Single List)", "aggregateAllItemData"),
    )),
    FIELDS_TO_AGGREGATE,
    Param("destinationFieldName", "string", "data", display_name="Put Output in Field",
          display_options={"show": {"aggregate": ["aggregateAllItemData"]}},
          description="The name of the output field to put the data in"),
    Param("include", "options", "allFields", display_name="Include", options=(
        Option("All Fields", "allFields"), Option("Specified Fields", "specifiedFields"),
        Option("All Fields Except", "allFieldsExcept"),
    ), display_options={"show": {"aggregate": ["aggregateAllItemData"]}}),
    Param("fieldsToExclude", "string", "", display_name="Fields To Exclude", placeholder="e.g. email, name",
          display_options={"show": {"aggregate": ["aggregateAllItemData"], "include": ["allFieldsExcept"]}}),
    Param("fieldsToInclude", "string", "", display_name="Fields To Include", placeholder="e.g. email, name",
          display_options={"show": {"aggregate": ["aggregateAllItemData"], "include": ["specifiedFields"]}}),
    Param("options", "collection", {}, display_name="Options", placeholder="Add Field", options=(
        Param("groupByFields", "string", "", display_name="Group By Fields", placeholder="e.g. category, type",
              description="Comma-separated list of fields to group by. Creates one output item per unique "
                          "combination of these field values. Dot-notation is supported to access nested fields."),
        Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
              display_options=_HIDE_ALL,
              description="Whether to disallow referencing child fields using `parent.child` in the field name"),
        Param("mergeLists", "boolean", False, display_name="Merge Lists", display_options=_HIDE_ALL,
              description="Whether to merge the output into a single flat list (rather than a list of "
                          "lists), if the field to aggregate is a list"),
        Param("includeBinaries", "boolean", False, display_name="Include Binaries",
              description="Whether to include the binary data in the new item"),
        Param("keepOnlyUnique", "boolean", False, display_name="Keep Only Unique Binaries",
              display_options={"show": {"includeBinaries": [True]}},
              description="Whether to keep only unique binaries by comparing mime types, file types, "
                          "file sizes and file extensions"),
        Param("keepMissing", "boolean", False, display_name="Keep Missing And Null Values",
              display_options=_HIDE_ALL,
              description="Whether to add a null entry to the aggregated list when there is a missing or null value"),
    )),
)

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.aggregate", display_name="Aggregate", versions=(1,), icon="fa:object-group",
    description="Combine a field from many items into a list in a single item", default_name="Aggregate",
    properties=PROPERTIES,
)

NODE = NodeType(name="n8n-nodes-base.aggregate", versions=(NodeVersion(description=DESC_V1, execute=execute),))
