"""Split Out: turn a list inside item(s) into separate items."""

from __future__ import annotations

from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion, Option, Param
from wirework.nodes.split_out.impl import execute

INCLUDE_OPTIONS = (
    Option("No Other Fields", "noOtherFields"),
    Option("All Other Fields", "allOtherFields"),
    Option("Selected Other Fields", "selectedOtherFields"),
)

PROPERTIES = (
    Param("fieldToSplitOut", "string", "", display_name="Fields To Split Out", required=True,
          placeholder="Drag fields from the left or type their names",
          description="The name of the input fields to break out into separate items. Separate "
                      "multiple field names by commas. For binary data, use $binary.",
          hint="Use $binary to split out the input item by binary data"),
    Param("include", "options", "noOtherFields", display_name="Include", options=INCLUDE_OPTIONS,
          description="Whether to copy any other fields into the new items"),
    Param("fieldsToInclude", "string", "", display_name="Fields To Include", placeholder="e.g. email, name",
          description="Fields in the input items to aggregate together",
          display_options={"show": {"include": ["selectedOtherFields"]}}),
    Param("options", "collection", {}, display_name="Options", placeholder="Add Field", options=(
        Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
              description="Whether to disallow referencing child fields using `parent.child` in the field name"),
        Param("destinationFieldName", "string", "", display_name="Destination Field Name",
              description="The field in the output under which to put the split field contents"),
        Param("includeBinary", "boolean", False, display_name="Include Binary",
              description="Whether to include the binary data in the new items"),
    )),
)

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.splitOut", display_name="Split Out", versions=(1,), icon="fa:sign-out-alt",
    description="Turn a list inside item(s) into separate items", default_name="Split Out",
    properties=PROPERTIES,
)

NODE = NodeType(name="n8n-nodes-base.splitOut", versions=(NodeVersion(description=DESC_V1, execute=execute),))
