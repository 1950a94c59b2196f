from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golden_corpus import assert_with_stand_ins, corpus_params
from wirework.nodes.html import DESCRIPTION, execute
from wirework.nodes.sdk import NodeError, NodeTestContext

PAGE = (
    "<html>\n<head>\n\t<title>My Page</title>\t\n</head>\n<body>\n\t<h1>My Page</h1>\n"
    "\t<p>Hello World</p>\n\t<div class=\"content\">\n\t\t<p>Another paragraph\n</p>\n"
    "\t\t<p>Yet \r\n\r\n\t\t\t\t\t\tanother paragraph\n</p>\n\t\t<p>Andone more\n</p>\n\t</div>\n"
    "\t<img src=\"https://n8n.io/n8n-logo.png\" alt=\"n8n.io logo\" />\n"
    "\t<a href=\"https://n8n.io\">n8n.io</a>\n    <input id=\"text-id\" type=\"text\" value=\"n8n\" />\n"
    "</body>\n</html>"
)
TAIL = "n8n.io logo [https://n8n.io/n8n-logo.png] n8n.io [https://n8n.io]"


async def extract(value: dict[str, Any], options: dict[str, Any] | None = None,
                  version: float = 1.2, items: Any = None) -> list[dict[str, Any]]:
    ctx = NodeTestContext(DESCRIPTION, type_version=version, items=items or [{"data": PAGE}], params={
        "operation": "extractHtmlContent", "extractionValues": {"values": [{"key": "data", **value}]},
        "options": options or {}})
    return [i["json"] for i in (await execute(ctx))[0]]


async def test_text_of_document_clean_up() -> None:
    out = await extract({"cssSelector": "html"}, {"cleanUpText": True})
    assert out == [{"data": "MY PAGEHello WorldAnother paragraphYet another paragraphAndone more" + TAIL}]


async def test_text_keeps_block_breaks_and_skips_selectors() -> None:
    out = await extract({"cssSelector": "html"}, {"trimValues": True})
    assert out[0]["data"] == ("MY PAGE\n\nHello World\n\nAnother paragraph\n\nYet another paragraph\n\n"
                              "Andone more\n\n" + TAIL)
    out = await extract({"cssSelector": "html", "skipSelectors": "img, a"})
    assert out[0]["data"].endswith("Andone more")


async def test_return_array_attribute_html_value() -> None:
    assert await extract({"cssSelector": "p", "returnArray": True}) == [{"data": [
        "Hello World", "Another paragraph", "Yet another paragraph", "Andone more"]}]
    assert await extract({"cssSelector": "div", "returnValue": "attribute"}) == [{"data": {"class": "content"}}]
    assert await extract({"cssSelector": "div", "returnValue": "attribute", "attribute": "class"}) == [
        {"data": "content"}]
    assert await extract({"cssSelector": "#text-id", "returnValue": "value"}) == [{"data": "n8n"}]
    [html] = await extract({"cssSelector": "body", "returnValue": "html"}, {"trimValues": False})
    assert html["data"].startswith("\n\t<h1>My Page</h1>")
    assert '<img src="https://n8n.io/n8n-logo.png" alt="n8n.io logo">' in html["data"]
    assert html["data"].endswith('value="n8n">\n\n')


async def test_v1_text_concatenates_all_matches() -> None:
    out = await extract({"cssSelector": "p", "returnValue": "text"}, version=1)
    assert out[0]["data"].startswith("Hello WorldAnother paragraph")


async def test_array_of_html_strings_gives_one_item_each() -> None:
    out = await extract({"cssSelector": "b"}, items=[{"data": ["<b>x</b>", "<b>y</b>"]}])
    assert out == [{"data": "x"}, {"data": "y"}]


async def test_missing_property_and_bad_selector_errors() -> None:
    with pytest.raises(NodeError) as err:
        await extract({"cssSelector": "p"}, items=[{"other": 1}])
    assert err.value.parameter == "dataPropertyName"
    with pytest.raises(NodeError) as err:
        await extract({"cssSelector": "p[["})
    assert err.value.parameter == "extractionValues"


async def test_convert_to_html_table() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"operation": "convertToHtmlTable",
                                               "options": {"customStyling": True, "capitalize": True}},
                          items=[{"first_name": "a", "ok": True}, {"first_name": "b", "n": 1.5}])
    [[item]] = await execute(ctx)
    table = item["json"]["table"]
    assert "<th>First Name</th><th>Ok</th><th>N</th>" in table
    assert '<input type="checkbox" checked="checked"/>' in table
    assert "<td  >undefined</td>" in table and "<td  >1.5</td>" in table
    assert item["pairedItem"] == [{"item": 0}, {"item": 1}]


@pytest.mark.parametrize("path", corpus_params("Html__"))
async def test_corpus_with_code_output_pinned(path: Path) -> None:
    await assert_with_stand_ins(path, {"Code": [{"json": {"data": PAGE}}]})


async def test_generate_html_template_resolves_each_expression() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"html": "<p>{{ $json.name }} / {{ $json.n }}</p>"},
                          items=[{"name": "Ada", "n": 1.0}, {"name": "Bob", "n": 2}])
    out = (await execute(ctx))[0]
    assert [i["json"] for i in out] == [{"html": "<p>Ada / 1</p>"}, {"html": "<p>Bob / 2</p>"}]
