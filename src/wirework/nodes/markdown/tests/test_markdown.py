from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from golden_corpus import assert_with_stand_ins, corpus_files, corpus_params
from wirework.nodes.markdown import DESCRIPTION, execute
from wirework.nodes.sdk import NodeTestContext


async def run(params: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ctx = NodeTestContext(DESCRIPTION, params=params, items=items)
    return [i["json"] for i in (await execute(ctx))[0]]


async def to_md(html: str, **options: Any) -> str:
    [out] = await run({"html": html, "options": options}, [{}])
    return str(out["data"])


async def to_html(markdown: str, **options: Any) -> str:
    [out] = await run({"mode": "markdownToHtml", "markdown": markdown, "options": options}, [{}])
    return str(out["data"])


async def test_html_to_markdown_elements() -> None:
    html = ("<h2>T</h2><p>a <strong>b</strong> <em>c</em> <code>d</code> <a href='/x'>l</a></p>"
            "<ul><li>one</li><li>two</li></ul><ol start='3'><li>x</li></ol><blockquote><p>q</p></blockquote>"
            "<pre><code class='language-py'>x = 1\n</code></pre><hr><p>1. not a list * star</p>")
    assert await to_md(html) == (
        "## T\n\na **b** _c_ `d` [l](/x)\n\n* one\n* two\n\n3. x\n\n> q\n\n```py\nx = 1\n```\n\n---\n\n"
        "1\\. not a list \\* star")


async def test_html_to_markdown_options() -> None:
    html = "<ul><li><b>x</b> Example</li></ul>"
    assert await to_md(html, bulletMarker="-", strongDelimiter="__") == "- __x__ Example"
    assert await to_md(html, textReplace={"values": [{"pattern": "Ex(ample)", "replacement": "$1!"}]}) == \
        "* **x** ample!"
    assert await to_md("<p>[a](b) c</p>", useLinkReferenceDefinitions=True) == "\\[a\\](b) c"


async def test_destination_key_nested_keeps_input() -> None:
    out = await run({"html": "<b>x</b>", "destinationKey": "a.b"}, [{"keep": 1}])
    assert out == [{"keep": 1, "a": {"b": "**x**"}}]


async def test_markdown_to_html_showdown_conventions() -> None:
    assert await to_html("# Hello World!\n\nwait...") == \
        '<h1 id="helloworld">Hello World!</h1>\n<p>wait…</p>'
    assert await to_html("# Hello World", ghCompatibleHeaderId=True, headerLevelStart=2) == \
        '<h2 id="hello-world">Hello World</h2>'
    assert await to_html("[a](http://x)", openLinksInNewWindow=True) == \
        '<p><a href="http://x" rel="noopener noreferrer" target="_blank">a</a></p>'
    assert await to_html("~~x~~", strikethrough=True) == "<p><del>x</del></p>"
    assert "<table>" in await to_html("|a|b|\n|-|-|\n|1|2|", tables=True)


def _page() -> str:
    files = corpus_files("Markdown__")
    if not files:
        return ""
    code = next(n for n in json.loads(files[0].read_text())["nodes"] if n["name"] == "Code")
    src = code["parameters"]["jsCode"]
    return str(src[src.index("`") + 1:src.rindex("`")])


@pytest.mark.parametrize("path", corpus_params("Markdown__"))
async def test_corpus_with_code_output_pinned(path: Path) -> None:
    await assert_with_stand_ins(path, {"Code": [{"json": {"data": _page()}}]})
