"""Compare Datasets: compare two inputs for changes (4 outputs: A only, same, different, B only)."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get_field
from wirework.nodes.compare_datasets.impl import find_matches
from wirework.nodes.merge.modes import check_pairs
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param

FIELDS = Param(
    "mergeByFields", "fixedCollection", {"values": [{"field1": "", "field2": ""}]}, display_name="Fields to Match",
    placeholder="Add Fields to Match", type_options={"multipleValues": True},
    options=(Param("values", "collection", display_name="Values", options=(
        Param("field1", "string", "", display_name="Input A Field", placeholder="e.g. id",
              hint=" Enter the field name as text"),
        Param("field2", "string", "", display_name="Input B Field", placeholder="e.g. id",
              hint=" Enter the field name as text"),
    )),),
)
_RESOLVE_OPTIONS = (
    Option("Use Input A Version", "preferInput1"),
    Option("Use Input B Version", "preferInput2"),
    Option("Use a Mix of Versions", "mix", "Output contains all data (but structure more complex)"),
    Option("Include Both Versions", "includeBoth", "Output contains all data (but structure more complex)"),
)
_MIX = {"show": {"resolve": ["mix"]}}
FUZZY = Param("fuzzyCompare", "boolean", False, display_name="Fuzzy Compare",
              description="Whether to tolerate small type differences when comparing fields. E.g. the number 3 "
                          "and the string '3' are treated as the same.")


def _common(resolve_default: str, fuzzy_top_level: bool) -> tuple[Param, ...]:
    option_list = [
        Param("skipFields", "string", "", display_name="Fields to Skip Comparing",
              placeholder="e.g. updated_at, updated_by", hint="Enter the field names as text, separated by commas",
              description="Fields that shouldn't be included when checking whether two items are the same"),
        *(() if fuzzy_top_level else (FUZZY,)),
        Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
              description="Whether to disallow referencing child fields using `parent.child` in the field name"),
        Param("multipleMatches", "options", "first", display_name="Multiple Matches", options=(
            Option("Include First Match Only", "first", "Only ever output a single item per match"),
            Option("Include All Matches", "all", "Output multiple items if there are multiple matches"),
        )),
    ]
    return (
        FIELDS,
        Param("resolve", "options", resolve_default, display_name="When There Are Differences",
              options=_RESOLVE_OPTIONS),
        *((FUZZY,) if fuzzy_top_level else ()),
        Param("preferWhenMix", "options", "input1", display_name="Prefer", display_options=_MIX,
              options=(Option("Input A Version", "input1"), Option("Input B Version", "input2"))),
        Param("exceptWhenMix", "string", "", display_name="For Everything Except", display_options=_MIX,
              placeholder="e.g. id, country", hint="Enter the names of the input fields as text, separated by commas"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add Option",
              options=tuple(option_list)),
    )


def _desc(versions: tuple[float, ...], properties: tuple[Param, ...]) -> NodeDescription:
    return NodeDescription(
        name="n8n-nodes-base.compareDatasets", display_name="Compare Datasets", versions=versions,
        icon="file:compare.svg", description="Compare two inputs for changes", default_name="Compare Datasets",
        inputs=2, outputs=4, input_names=("Input A", "Input B"),
        output_names=("In A only", "Same", "Different", "In B only"), required_inputs=1, properties=properties,
    )


DESC_V1 = _desc((1,), _common("preferInput2", fuzzy_top_level=False))
DESC_V2 = _desc((2, 2.1, 2.2, 2.3), _common("includeBoth", fuzzy_top_level=True))


def _checked(ctx: NodeContext, items: list[Item], fields: list[str], *, dot: bool, label: str) -> list[Item]:
    """Drop items with empty json; each match field must exist in some remaining item."""
    items = [it for it in items if it.get("json")]
    if not items:
        return items
    for f in fields:
        present = any((get_field(it["json"], f) is not UNDEFINED) if dot else f in it["json"] for it in items)
        if not present:
            raise ctx.error(f"Field '{f}' is not present in any of items in '{label}'", parameter="mergeByFields")
    return items


async def execute(ctx: NodeContext) -> list[list[Item]]:
    pairs = check_pairs(ctx, (ctx.get_param("mergeByFields", 0, {}) or {}).get("values") or [])
    options = dict(ctx.get_param("options", 0, {}) or {})
    dot = not options.get("disableDotNotation", False)
    a = _checked(ctx, ctx.input_items(0), [p["field1"] for p in pairs], dot=dot, label="Input A")
    b = _checked(ctx, ctx.input_items(1), [p["field2"] for p in pairs], dot=dot, label="Input B")
    resolve = ctx.get_param("resolve", 0, "")
    if ctx.type_version >= 2:
        fuzzy = bool(ctx.get_param("fuzzyCompare", 0, False))
    else:
        fuzzy = bool(options.get("fuzzyCompare"))
    return find_matches(ctx, a, b, pairs, options=options, fuzzy=fuzzy, resolve=resolve)


NODE = NodeType(name="n8n-nodes-base.compareDatasets", versions=(
    NodeVersion(description=DESC_V1, execute=execute),
    NodeVersion(description=DESC_V2, execute=execute),
))
