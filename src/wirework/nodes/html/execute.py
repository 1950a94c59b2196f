"""HTML node: extract by CSS selector, build a table from items, render a template."""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag
from soupsieve import SelectorSyntaxError

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get, js_string
from wirework.nodes.html.dom import form_value, inner_html, parse_document, text_content
from wirework.nodes.html.to_text import html_to_text
from wirework.nodes.sdk import NodeContext

_TABLE_STYLE = "style='border-spacing:0; font-family:helvetica,arial,sans-serif'"
_HEADER_STYLE = ("style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; "
                 "text-align:left; color:#888; font-weight:normal'")
_CELL_STYLE = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'"
_RESOLVABLE = re.compile(r"\{\{.*?\}\}", re.S)


def capitalize_header(header: str, capitalize: bool) -> str:
    if not capitalize:
        return header
    return " ".join(w[0].upper() + w[1:] for w in header.split("_") if w)


def _table(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items
    options = ctx.get_param("options", 0, {}) or {}
    styled = not options.get("customStyling")
    headers: list[str] = []
    for it in items:
        headers.extend(k for k in it["json"] if k not in headers)
    html = f"<table {_TABLE_STYLE if styled else ''} {options.get('tableAttributes') or ''}>"
    if options.get("caption"):
        html += f"<caption>{options['caption']}</caption>"
    html += f"<thead {_HEADER_STYLE if styled else ''} {options.get('headerAttributes') or ''}><tr>"
    html += "".join(f"<th>{capitalize_header(h, bool(options.get('capitalize')))}</th>" for h in headers)
    html += "</tr></thead><tbody>"
    for i, it in enumerate(items):
        html += f"<tr  {ctx.get_param('options.rowAttributes', i, '') or ''}>"
        cell_attrs = ctx.get_param("options.cellAttributes", i, "") or ""
        for h in headers:
            value = it["json"].get(h, UNDEFINED)
            html += f"<td {_CELL_STYLE if styled else ''} {cell_attrs}>"
            if isinstance(value, bool):
                checked = 'checked="checked"' if value else ""
                html += f'<input type="checkbox" {checked}/>'
            else:
                html += js_string(value)
            html += "</td>"
        html += "</tr>"
    html += "</tbody></table>"
    return [[{"json": {"table": html}, "pairedItem": [{"item": i} for i in range(len(items))]}]]


def _template(ctx: NodeContext, i: int) -> str:
    html = str(ctx.get_param("html", i))
    return _RESOLVABLE.sub(lambda m: js_string(ctx.evaluate("=" + m.group(0), i)), html)


def _extract_value(el: Tag, spec: dict[str, Any], version: float, all_matches: list[Tag]) -> Any:
    kind = spec.get("returnValue", "text")
    if kind == "attribute":
        name = spec.get("attribute")
        if not name:
            return {k: " ".join(v) if isinstance(v, list) else v for k, v in el.attrs.items()}
        value = el.get(name)
        return " ".join(value) if isinstance(value, list) else value
    if kind == "html":
        return inner_html(el)
    if kind == "value":
        return form_value(el)
    if version <= 1.1:
        return "".join(text_content(t) for t in all_matches)
    skip = [s for s in str(spec.get("skipSelectors") or "").split(",") if s.strip()]
    return html_to_text(inner_html(el), skip_selectors=skip)


def _finish(value: Any, options: dict[str, Any], version: float) -> Any:
    if not isinstance(value, str):
        return value
    if options.get("cleanUpText"):
        value = re.sub(r"\s+", " ", re.sub(r"\r\n|\n|\r", "", value.strip()))
    # before v1.2 an unset "Trim Values" meant on; from v1.2 only an explicit true trims
    trim = bool(options.get("trimValues")) if version >= 1.2 else options.get("trimValues") is not False
    return value.strip() if trim else value


def _select(doc: Any, selector: str, ctx: NodeContext, i: int) -> list[Tag]:
    try:
        return list(doc.select(selector)) if selector.strip() else []
    except (SelectorSyntaxError, ValueError) as exc:
        raise ctx.error(f"Invalid CSS selector '{selector}': {exc}", item_index=i,
                        parameter="extractionValues") from exc


async def _sources(ctx: NodeContext, item: Item, i: int) -> list[str]:
    prop = ctx.get_param("dataPropertyName", i)
    if ctx.get_param("sourceData", i) == "binary":
        return [(await ctx.binary.read(item, prop, item_index=i)).decode("utf-8", "replace")]
    value = item["json"].get(prop, UNDEFINED) if ctx.type_version == 1 else get(item["json"], prop)
    if value is UNDEFINED:
        raise ctx.error(f'No property named "{prop}" exists!', item_index=i, parameter="dataPropertyName")
    return [js_string(v) for v in value] if isinstance(value, list) else [js_string(value)]


async def _extract(ctx: NodeContext, item: Item, i: int) -> list[Item]:
    specs = (ctx.get_param("extractionValues", i, {}) or {}).get("values") or []
    options = ctx.get_param("options", i, {}) or {}
    out: list[Item] = []
    for html in await _sources(ctx, item, i):
        doc = parse_document(html)
        json: dict[str, Any] = {}
        for spec in specs:
            matches = _select(doc, str(spec.get("cssSelector", "")), ctx, i)
            if spec.get("returnArray"):
                json[spec.get("key", "")] = [
                    _finish(_extract_value(m, spec, ctx.type_version, [m]), options, ctx.type_version) for m in matches]
                continue
            if matches:
                value = _extract_value(matches[0], spec, ctx.type_version, matches)
            else:
                value = "" if spec.get("returnValue", "text") == "text" else None
            value = _finish(value, options, ctx.type_version)
            if value is not None:
                json[spec.get("key", "")] = value
        out.append({"json": json, "pairedItem": {"item": i}})
    return out


async def execute(ctx: NodeContext) -> list[list[Item]]:
    operation = ctx.get_param("operation", 0)
    if operation == "convertToHtmlTable":
        return _table(ctx) if ctx.items else [[]]

    async def one(item: Item, i: int) -> Item | list[Item]:
        if operation == "generateHtmlTemplate":
            return {"json": {"html": _template(ctx, i)}, "pairedItem": {"item": i}}
        if operation == "extractHtmlContent":
            return await _extract(ctx, item, i)
        raise ctx.error(f"Unknown operation '{operation}'", parameter="operation")

    return [await ctx.map_items(one)]
