"""Summarize: aggregate items together, optionally split by fields (a pivot table)."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param
from wirework.nodes.summarize.impl import INDEX, split_rows, to_rows

AGGREGATIONS = (
    Option("Append", "append"), Option("Average", "average"), Option("Concatenate", "concatenate"),
    Option("Count", "count"), Option("Count Unique", "countUnique"), Option("Max", "max"),
    Option("Min", "min"), Option("Sum", "sum"),
)
SEPARATORS = (
    Option("Comma", ","), Option("Comma and Space", ", "), Option("New Line", "\n"),
    Option("None", ""), Option("Space", " "), Option("Other", "other"),
)
_NUMERIC = ["average", "sum", "countUnique", "count", "max", "min"]

SUMMARY_FIELDS = Param(
    "fieldsToSummarize", "fixedCollection", {"values": [{"aggregation": "count", "field": ""}]},
    display_name="Fields to Summarize", type_options={"multipleValues": True}, placeholder="Add Field",
    options=(Param("values", "collection", display_name="", options=(
        Param("aggregation", "options", "count", display_name="Aggregation", options=AGGREGATIONS,
              description="How to combine the values of the field you want to summarize"),
        Param("field", "string", "", display_name="Field", placeholder="e.g. Total",
              description="The name of an input field that you want to summarize",
              hint=" Enter the field name as text"),
        Param("includeEmpty", "boolean", False, display_name="Include Empty Values",
              display_options={"show": {"aggregation": ["append", "concatenate", "count", "countUnique"]}}),
        Param("separateBy", "options", ",", display_name="Separator", options=SEPARATORS,
              display_options={"show": {"aggregation": ["concatenate"]}},
              description="What to insert between values"),
        Param("customSeparator", "string", "", display_name="Custom Separator",
              display_options={"show": {"aggregation": ["concatenate"], "separateBy": ["other"]}}),
    )),),
)

OPTIONS = Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
    Param("continueIfFieldNotFound", "boolean", False, display_name="Continue if Field Not Found",
          description="Whether to continue if field to summarize can't be found in any items and "
                      "return single empty item, otherwise an error would be thrown",
          display_options={"hide": {"@version": [1.1]}}),
    Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
          description="Whether to disallow referencing child fields using `parent.child` in the field name"),
    Param("outputFormat", "options", "separateItems", display_name="Output Format", options=(
        Option("Each Split in a Separate Item", "separateItems"),
        Option("All Splits in a Single Item", "singleItem"),
    )),
    Param("skipEmptySplitFields", "boolean", False, display_name="Ignore items without valid fields to group by"),
))

PROPERTIES = (
    SUMMARY_FIELDS,
    Param("fieldsToSplitBy", "string", "", display_name="Fields to Split By", placeholder="e.g. country, city",
          description="The name of the input fields that you want to split the summary by",
          hint="Enter the name of the fields as text (separated by commas)"),
    OPTIONS,
)

DESC = NodeDescription(
    name="n8n-nodes-base.summarize", display_name="Summarize", versions=(1, 1.1),
    icon="file:summarize.svg", default_name="Summarize",
    description="Sum, count, max, etc. across items", properties=PROPERTIES,
)


def field_missing(rows: list[dict[str, object]], entries: list[dict[str, object]], dot: bool) -> str | None:
    from wirework.nodes._common.fields import UNDEFINED, get_field

    for entry in entries:
        field = str(entry.get("field", ""))
        if field and all(get_field(r, field, dot_notation=dot) is UNDEFINED for r in rows):
            return f"The field '{field}' does not exist in any items"
    return None


def summarize(ctx: NodeContext, *, tolerate_missing: bool, typed_keys: bool) -> list[list[Item]]:
    """Shared by Summarize and Item Lists: ``tolerate_missing`` turns a missing field into a hint."""
    items = ctx.items
    rows = [{**it["json"], INDEX: i} for i, it in enumerate(items)]
    options = ctx.get_param("options", 0, {}) or {}
    split_by = [f.strip() for f in str(ctx.get_param("fieldsToSplitBy", 0, "") or "").split(",") if f.strip()]
    entries = (ctx.get_param("fieldsToSummarize", 0, {}) or {}).get("values") or []
    entries = [{"aggregation": "count", **e} for e in entries]
    if not [e for e in entries if e.get("field", "") != ""]:
        raise ctx.error("You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'",
                        parameter="fieldsToSummarize")
    dot = not options.get("disableDotNotation", False)
    single = options.get("outputFormat") == "singleItem"
    result = split_rows(split_by, rows, entries, dot=dot, single_item=single,
                        skip_empty=bool(options.get("skipEmptySplitFields")))
    missing = field_missing(rows, entries, dot)
    if missing:
        if not (tolerate_missing or options.get("continueIfFieldNotFound")):
            raise ctx.error(missing, parameter="fieldsToSummarize")
        ctx.hints.append({"message": missing, "location": "outputPane"})
    if single:
        return [[{"json": result, "pairedItem": [{"item": i} for i in range(len(items))]}]]
    flat = to_rows(result, split_by, typed=typed_keys) if split_by else [result]
    out: list[Item] = []
    for row in flat:
        pairing = row.pop("pairedItems", [])
        out.append({"json": row, "pairedItem": [{"item": i} for i in pairing]})
    return [out]


async def execute(ctx: NodeContext) -> list[list[Item]]:
    v11 = ctx.type_version >= 1.1
    return summarize(ctx, tolerate_missing=v11, typed_keys=v11)


NODE = NodeType(name="n8n-nodes-base.summarize", versions=(NodeVersion(description=DESC, execute=execute),))
