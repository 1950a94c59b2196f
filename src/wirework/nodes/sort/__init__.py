"""Sort: order items by fields, randomly, or by a JavaScript comparator."""

from __future__ import annotations

from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion, Option, Param
from wirework.nodes.sort.impl import DEFAULT_CODE, execute

TYPE = Param(
    "type", "options", "simple", display_name="Type",
    options=(Option("Simple", "simple"), Option("Random", "random"), Option("Code", "code")),
    description="The type of sorting to perform",
)
SORT_FIELDS = Param(
    "sortFieldsUi", "fixedCollection", {}, display_name="Fields To Sort By",
    type_options={"multipleValues": True}, placeholder="Add Field To Sort By",
    display_options={"show": {"type": ["simple"]}},
    options=(
        Param("sortField", "collection", display_name="", options=(
            Param("fieldName", "string", "", display_name="Field Name", required=True,
                  placeholder="e.g. id", hint=" Enter the field name as text",
                  description="The field to sort by"),
            Param("order", "options", "ascending", display_name="Order",
                  options=(Option("Ascending", "ascending"), Option("Descending", "descending")),
                  description="The order to sort by"),
        )),
    ),
)
CODE = Param(
    "code", "string", DEFAULT_CODE, display_name="Code",
    type_options={"alwaysOpenEditWindow": True, "editor": "jsEditor", "rows": 10},
    display_options={"show": {"type": ["code"]}},
    description="Javascript code to determine the order of any two items",
)
OPTIONS = Param(
    "options", "collection", {}, display_name="Options", placeholder="Add Field",
    display_options={"show": {"type": ["simple"]}},
    options=(
        Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
              description="Whether to disallow referencing child fields using `parent.child` in the field name"),
    ),
)

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.sort", display_name="Sort", versions=(1,), icon="fa:sort-amount-down",
    description="Change items order", default_name="Sort",
    properties=(TYPE, SORT_FIELDS, CODE, OPTIONS),
)

NODE = NodeType(name="n8n-nodes-base.sort", versions=(NodeVersion(description=DESC_V1, execute=execute),))
