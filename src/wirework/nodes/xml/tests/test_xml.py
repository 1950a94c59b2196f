from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golden_corpus import assert_with_stand_ins, corpus_params
from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.xml import DESCRIPTION, execute

PERSON = {"data": {"id": 1, "firstName": "Adam", "secondName": "Smith", "fullName": "Adam Smith"}}
XML_IN = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?> <data> <id>1</id> '
          "<firstName>Adam</firstName> <secondName>Smith</secondName> <fullName>Adam Smith</fullName> </data>")


async def run(params: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ctx = NodeTestContext(DESCRIPTION, params=params, items=items)
    return [i["json"] for i in (await execute(ctx))[0]]


async def test_json_to_xml_single_key_becomes_root() -> None:
    [out] = await run({"mode": "jsonToxml"}, [PERSON])
    assert out == {"data": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<data>\n  <id>1</id>\n'
                   "  <firstName>Adam</firstName>\n  <secondName>Smith</secondName>\n"
                   "  <fullName>Adam Smith</fullName>\n</data>"}


async def test_json_to_xml_attrs_text_arrays_nulls_escaping() -> None:
    doc = {"a": {"$": {"id": "x&y"}, "b": [1, {"_": "t<", "$": {"k": True}}], "c": None, "d": 2.5}}
    [out] = await run({"mode": "jsonToxml", "options": {"headless": True}}, [doc])
    assert out["data"] == ('<a id="x&amp;y">\n  <b>1</b>\n  <b k="true">t&lt;</b>\n  <c/>\n  <d>2.5</d>\n</a>')


async def test_json_to_xml_multiple_keys_use_root_name_and_cdata() -> None:
    [out] = await run({"mode": "jsonToxml", "options": {"headless": True, "rootName": "r", "cdata": True}},
                      [{"x": "a<b", "y": "plain"}])
    assert out["data"] == "<r>\n  <x><![CDATA[a<b]]></x>\n  <y>plain</y>\n</r>"


async def test_xml_to_json_defaults() -> None:
    assert await run({}, [{"data": XML_IN}]) == [{"data": {"id": "1", "firstName": "Adam",
                                                             "secondName": "Smith", "fullName": "Adam Smith"}}]


async def test_xml_to_json_attributes_repeats_and_options() -> None:
    xml = '<R Lang="en"><Item n="1">a</Item><Item n="2">b</Item><Empty/><Sp>  </Sp></R>'
    [merged] = await run({}, [{"data": xml}])
    assert merged == {"R": {"Lang": "en", "Item": [{"n": "1", "_": "a"}, {"n": "2", "_": "b"}],
                            "Empty": "", "Sp": "  "}}
    [plain] = await run({"options": {"mergeAttrs": False, "explicitArray": True, "explicitRoot": False,
                                     "normalizeTags": True}}, [{"data": xml}])
    assert plain == {"$": {"Lang": "en"}, "item": [{"_": "a", "$": {"n": "1"}}, {"_": "b", "$": {"n": "2"}}],
                     "empty": [""], "sp": ["  "]}
    [ignored] = await run({"options": {"ignoreAttrs": True, "trim": True}}, [{"data": "<a x='1'> hi </a>"}])
    assert ignored == {"a": "hi"}


async def test_invalid_xml_and_missing_property_errors() -> None:
    with pytest.raises(NodeError) as err:
        await run({}, [{"data": "<a><b></a>"}])
    assert err.value.parameter == "dataPropertyName" and err.value.item_index == 0
    with pytest.raises(NodeError):
        await run({}, [{"other": "<a/>"}])


async def test_entities_are_not_expanded_from_external_sources() -> None:
    xml = '<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'
    [out] = await run({}, [{"data": xml}])
    assert "root:" not in str(out)


@pytest.mark.parametrize("path", corpus_params("Xml__"))
async def test_corpus_with_code_output_pinned(path: Path) -> None:
    await assert_with_stand_ins(path, {"Code": [{"json": PERSON}], "Code1": [{"json": {"data": XML_IN}}]})
