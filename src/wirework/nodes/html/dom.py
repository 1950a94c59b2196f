"""HTML parsing (WHATWG, via html5lib) and cheerio-style serialisation/queries."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype, NavigableString, Tag

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen"})
RAW_TEXT = frozenset({"style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"})


def parse_document(html: str) -> BeautifulSoup:
    return BeautifulSoup(html.replace("\r\n", "\n").replace("\r", "\n"), "html5lib")


def _escape_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("\u00a0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(s: str) -> str:
    return s.replace("&", "&amp;").replace("\u00a0", "&nbsp;").replace('"', "&quot;")


def _attr_value(v: Any) -> str:
    return " ".join(v) if isinstance(v, list) else str(v)


def outer_html(node: Any) -> str:
    if isinstance(node, Comment):
        return f"<!--{node}-->"
    if isinstance(node, Doctype):
        return f"<!DOCTYPE {node}>"
    if isinstance(node, NavigableString):
        parent = node.parent.name if node.parent is not None else ""
        return str(node) if parent in RAW_TEXT else _escape_text(str(node))
    assert isinstance(node, Tag)
    attrs = "".join(f' {k}="{_escape_attr(_attr_value(v))}"' for k, v in node.attrs.items())
    if node.name in VOID:
        return f"<{node.name}{attrs}>"
    inner = inner_html(node)
    if node.name in ("pre", "textarea", "listing") and inner.startswith("\n"):
        inner = "\n" + inner
    return f"<{node.name}{attrs}>{inner}</{node.name}>"


def inner_html(tag: Tag) -> str:
    return "".join(outer_html(c) for c in tag.children)


def text_content(tag: Tag) -> str:
    return "".join(str(s) for s in tag.find_all(string=True) if not isinstance(s, Comment))


def form_value(tag: Tag) -> str | None:
    """jQuery/cheerio ``.val()``."""
    if tag.name == "select":
        chosen = tag.find("option", selected=True) or tag.find("option")
        if chosen is None:
            return None
        return str(chosen.get("value", text_content(chosen)))
    if tag.name == "textarea":
        return text_content(tag)
    if tag.name == "option":
        return str(tag.get("value", text_content(tag)))
    value = tag.get("value")
    return None if value is None else _attr_value(value)
