"""n8n-nodes-base.xml: convert between JSON and XML (xml2js semantics)."""

from __future__ import annotations

from typing import Any

from wirework.model import Item
from wirework.nodes.sdk import (
    NodeContext,
    NodeDescription,
    NodeType,
    NodeVersion,
    Option,
    Param,
)
from wirework.nodes.xml.xml2js import Builder, ParseOptions, XmlParseError, parse

_TO_XML = {"show": {"mode": ["jsonToxml"]}}
_TO_JSON = {"show": {"mode": ["xmlToJson"]}}
_ATTRKEY = Param("attrkey", "string", "$", display_name="Attribute Key",
                 description="Prefix that is used to access the attributes")
_CHARKEY = Param("charkey", "string", "_", display_name="Character Key",
                 description="Prefix that is used to access the character content")

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.xml",
    display_name="XML",
    versions=(1,),
    description="Convert data from and to XML",
    icon="fa:file-code",
    color="#333377",
    subtitle='={{$parameter["mode"]==="jsonToxml" ? "JSON to XML" : "XML to JSON"}}',
    properties=(
        Param("mode", "options", "xmlToJson", display_name="Mode",
              description="From and to what format the data should be converted", options=(
                  Option("JSON to XML", "jsonToxml", "Converts data from JSON to XML",
                         action="Convert JSON to XML"),
                  Option("XML to JSON", "xmlToJson", "Converts data from XML to JSON",
                         action="Convert XML to JSON"),
              )),
        Param("xmlNotice", "notice", "", display_options=_TO_XML,
              display_name="If your XML is inside a binary file, use the 'Extract from File' node to "
                           "convert it to text first"),
        Param("dataPropertyName", "string", "data", display_name="Property Name", required=True,
              description="Name of the property to which to contains the converted XML data"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_TO_XML, options=(
                  Param("allowSurrogateChars", "boolean", False, display_name="Allow Surrogate Chars",
                        description="Whether to allow using characters from the Unicode surrogate blocks"),
                  _ATTRKEY,
                  Param("cdata", "boolean", False, display_name="Cdata",
                        description="Whether to wrap text nodes in <![CDATA[ ... ]]> instead of "
                                    "escaping when necessary. Does not add <![CDATA[ ... ]]> if it "
                                    "is not required."),
                  _CHARKEY,
                  Param("headless", "boolean", False, display_name="Headless",
                        description="Whether to omit the XML header"),
                  Param("rootName", "string", "root", display_name="Root Name",
                        description="Root element name to be used"),
              )),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_TO_JSON, options=(
                  _ATTRKEY, _CHARKEY,
                  Param("explicitArray", "boolean", False, display_name="Explicit Array",
                        description="Whether to always put child nodes in an array if true; "
                                    "otherwise an array is created only if there is more than one"),
                  Param("explicitRoot", "boolean", True, display_name="Explicit Root",
                        description="Whether to set this if you want to get the root node in the "
                                    "resulting object"),
                  Param("ignoreAttrs", "boolean", False, display_name="Ignore Attributes",
                        description="Whether to ignore all XML attributes and only create text nodes"),
                  Param("mergeAttrs", "boolean", True, display_name="Merge Attributes",
                        description="Whether to merge attributes and child elements as properties of "
                                    "the parent, instead of keying attributes off a child attribute "
                                    "object. This option is ignored if ignoreAttrs is true."),
                  Param("normalize", "boolean", False, display_name="Normalize",
                        description="Whether to trim whitespaces inside text nodes"),
                  Param("normalizeTags", "boolean", False, display_name="Normalize Tags",
                        description="Whether to normalize all tag names to lowercase"),
                  Param("trim", "boolean", False, display_name="Trim",
                        description="Whether to trim the whitespace at the beginning and end of text nodes"),
              )),
    ),
)


def _to_xml(item: Item, prop: str, options: dict[str, Any]) -> dict[str, Any]:
    builder = Builder(attrkey=options.get("attrkey", "$"), charkey=options.get("charkey", "_"),
                      root_name=options.get("rootName", "root"), headless=bool(options.get("headless")),
                      cdata=bool(options.get("cdata")))
    return {prop: builder.build(item["json"])}


def _to_json(ctx: NodeContext, item: Item, prop: str, options: dict[str, Any], i: int) -> Any:
    if prop not in item["json"]:
        raise ctx.error(f"Item has no JSON property called '{prop}'", item_index=i, parameter="dataPropertyName")
    opts = ParseOptions(
        attrkey=options.get("attrkey", "$"), charkey=options.get("charkey", "_"),
        explicit_array=bool(options.get("explicitArray", False)),
        explicit_root=bool(options.get("explicitRoot", True)),
        ignore_attrs=bool(options.get("ignoreAttrs", False)),
        merge_attrs=bool(options.get("mergeAttrs", True)),
        normalize=bool(options.get("normalize", False)),
        normalize_tags=bool(options.get("normalizeTags", False)),
        trim=bool(options.get("trim", False)),
    )
    try:
        result = parse(str(item["json"][prop]), opts)
    except XmlParseError as exc:
        raise ctx.error(f"The XML in '{prop}' is not valid: {exc}", item_index=i,
                        parameter="dataPropertyName") from exc
    return result if isinstance(result, dict) else {prop: result}


async def execute(ctx: NodeContext) -> list[list[Item]]:
    mode = ctx.get_param("mode", 0)

    async def one(item: Item, i: int) -> Item:
        prop = ctx.get_param("dataPropertyName", i)
        options = ctx.get_param("options", i, {}) or {}
        if mode == "jsonToxml":
            json = _to_xml(item, prop, options)
        elif mode == "xmlToJson":
            json = _to_json(ctx, item, prop, options, i)
        else:
            raise ctx.error(f"The operation '{mode}' is not known!", item_index=i, parameter="mode")
        return {"json": json, "pairedItem": {"item": i}}

    return [await ctx.map_items(one)]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
