"""HTML node v1 / v1.1 / v1.2 parameters."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import NodeDescription, Option, Param

PLACEHOLDER = """<!DOCTYPE html>

<html>
<head>
  <meta charset="UTF-8" />
  <title>My HTML document</title>
</head>
<body>
  <div class="container">
    <h1>This is an H1 heading</h1>
    <h2>This is an H2 heading</h2>
    <p>This is a paragraph</p>
  </div>
</body>
</html>

<style>
.container {
  background-color: #ffffff;
  text-align: center;
  padding: 16px;
  border-radius: 8px;
}

h1 {
  color: #ff6d5a;
  font-size: 24px;
  font-weight: bold;
  padding: 8px;
}

h2 {
  color: #909399;
  font-size: 18px;
  font-weight: bold;
  padding: 8px;
}
</style>

<script>
console.log("Hello World!");
</script>"""


def _op(op: str, **more: list[Any]) -> dict[str, Any]:
    return {"show": {"operation": [op], **more}}


def _values(skip_versions: list[float]) -> tuple[Param, ...]:
    return (
        Param("key", "string", "", display_name="Key",
              description="The key under which the extracted value should be saved"),
        Param("cssSelector", "string", "", display_name="CSS Selector", placeholder=".price",
              description="The CSS selector to use"),
        Param("returnValue", "options", "text", display_name="Return Value",
              description="What kind of data should be returned", options=(
                  Option("Attribute", "attribute", 'Get an attribute value like "class" from an element'),
                  Option("HTML", "html", "Get the HTML the element contains"),
                  Option("Text", "text", "Get only the text content of the element"),
                  Option("Value", "value", "Get value of an input, select or textarea"),
              )),
        Param("attribute", "string", "", display_name="Attribute", placeholder="class",
              display_options={"show": {"returnValue": ["attribute"]}},
              description="The name of the attribute to return the value off"),
        Param("skipSelectors", "string", "", display_name="Skip Selectors",
              placeholder="e.g. img, .className, #ItemId",
              display_options={"show": {"returnValue": ["text"], "@version": skip_versions}},
              description="Comma-separated list of selectors to skip in the text extraction"),
        Param("returnArray", "boolean", False, display_name="Return Array",
              description="Whether to return the values as an array so if multiple ones get found "
                          "they also get returned separately. If not set all will be returned as a "
                          "single string."),
    )


def _extraction(versions: list[float], default: Any) -> Param:
    return Param("extractionValues", "fixedCollection", default, display_name="Extraction Values",
                 placeholder="Add Value", type_options={"multipleValues": True},
                 display_options=_op("extractHtmlContent", **{"@version": versions}),
                 options=(Param("values", "collection", display_name="Values", options=_values([1.2])),))


_ATTR = "e.g. style=\"padding:10px\""

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.html",
    display_name="HTML",
    versions=(1, 1.1, 1.2),
    description="Work with HTML",
    icon="node:html",
    color="#b7410e",
    subtitle='={{ $parameter["operation"] }}',
    default_name="HTML",
    properties=(
        Param("operation", "options", "generateHtmlTemplate", display_name="Operation",
              no_data_expression=True, options=(
                  Option("Generate HTML Template", "generateHtmlTemplate", action="Generate HTML template"),
                  Option("Extract HTML Content", "extractHtmlContent", action="Extract HTML Content"),
                  Option("Convert to HTML Table", "convertToHtmlTable", action="Convert to HTML Table"),
              )),
        Param("html", "string", PLACEHOLDER, display_name="HTML Template", no_data_expression=True,
              type_options={"editor": "htmlEditor"}, description="HTML template to render",
              display_options=_op("generateHtmlTemplate")),
        Param("notice", "notice", "", display_options=_op("generateHtmlTemplate"),
              display_name="Tips: Type ctrl+space for completions. Use {{ }} for expressions and "
                           "<style> tags for CSS. JS in <script> tags is included but not executed."),
        Param("sourceData", "options", "json", display_name="Source Data",
              description="If HTML should be read from binary or JSON data",
              display_options=_op("extractHtmlContent"),
              options=(Option("Binary", "binary"), Option("JSON", "json"))),
        Param("dataPropertyName", "string", "data", display_name="Input Binary Field", required=True,
              display_options=_op("extractHtmlContent", sourceData=["binary"]),
              hint="The name of the input binary field containing the file to be extracted"),
        Param("dataPropertyName", "string", "data", display_name="JSON Property", required=True,
              display_options=_op("extractHtmlContent", sourceData=["json"]),
              description="Name of the JSON property in which the HTML to extract the data from can "
                          "be found. The property can either contain a string or an array of strings."),
        _extraction([1], {}),
        _extraction([1.1, 1.2], {"values": [{"key": "", "cssSelector": "", "returnValue": "text",
                                             "returnArray": False}]}),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_op("extractHtmlContent"), options=(
                  Param("trimValues", "boolean", True, display_name="Trim Values",
                        description="Whether to remove automatically all spaces and newlines from "
                                    "the beginning and end of the values"),
                  Param("cleanUpText", "boolean", True, display_name="Clean Up Text",
                        description="Whether to remove leading and trailing whitespaces, line breaks "
                                    "(newlines) and condense multiple consecutive whitespaces into a "
                                    "single space"),
              )),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_op("convertToHtmlTable"), options=(
                  Param("capitalize", "boolean", False, display_name="Capitalize Headers",
                        description="Whether to capitalize the headers"),
                  Param("customStyling", "boolean", False, display_name="Custom Styling",
                        description="Whether to use custom styling"),
                  Param("caption", "string", "", display_name="Caption",
                        description="Caption to add to the table"),
                  Param("tableAttributes", "string", "", display_name="Table Attributes",
                        placeholder=_ATTR, description="Attributes to attach to the table"),
                  Param("headerAttributes", "string", "", display_name="Header Attributes",
                        placeholder=_ATTR, description="Attributes to attach to the table header"),
                  Param("rowAttributes", "string", "", display_name="Row Attributes",
                        placeholder=_ATTR, description="Attributes to attach to the table row"),
                  Param("cellAttributes", "string", "", display_name="Cell Attributes",
                        placeholder=_ATTR, description="Attributes to attach to the table cell"),
              )),
    ),
)
