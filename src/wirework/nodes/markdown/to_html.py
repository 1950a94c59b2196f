"""Markdown to HTML shaped like showdown's output (n8n's Markdown node).

Python-Markdown does the parsing; showdown's visible conventions are applied on top: header
ids (``exampledomain`` by default, GitHub style on request), "..." -> "…", fenced-code classes,
``target="_blank"`` links, header level shift and the complete-document wrapper.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import markdown as md

_DOC = '<!DOCTYPE HTML>\n<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n{}\n</body>\n</html>'
_HEADER = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_CODE = re.compile(r"(<code[^>]*>.*?</code>|<pre>.*?</pre>)", re.S)


def _strip_tags(s: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", s))


def _header_id(text: str, opts: dict[str, Any]) -> str:
    title = _strip_tags(text)
    prefix = opts.get("prefixHeaderId") or ""
    if opts.get("ghCompatibleHeaderId"):
        hid = re.sub(r"[&+$,/:;=?@\"#{}|^¨~\[\]`\\*)(%.!'<>]", "", title.replace(" ", "-")).lower()
    elif opts.get("rawHeaderId"):
        hid = re.sub(r"[ '\"]", "-", title).lower()
    else:
        hid = re.sub(r"[^\w]", "", title, flags=re.A).lower()
    if prefix and isinstance(prefix, str):
        if not opts.get("rawPrefixHeaderId"):
            prefix = re.sub(r"[^\w]", "", prefix, flags=re.A).lower() if not opts.get("ghCompatibleHeaderId") else prefix
        hid = prefix + hid
    return hid


def _headers(text: str, opts: dict[str, Any]) -> str:
    seen: dict[str, int] = {}
    start = int(opts.get("headerLevelStart") or 1)

    def repl(m: re.Match[str]) -> str:
        level = min(6, int(m.group(1)) + start - 1)
        if opts.get("noHeaderId"):
            return f"<h{level}>{m.group(2)}</h{level}>"
        hid = _header_id(m.group(2), opts)
        if hid in seen:
            seen[hid] += 1
            hid = f"{hid}-{seen[hid]}"
        else:
            seen[hid] = 0
        return f'<h{level} id="{hid}">{m.group(2)}</h{level}>'

    return _HEADER.sub(repl, text)


def _outside_code(text: str, fn: Any) -> str:
    parts = _CODE.split(text)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


def markdown_to_html(source: str, opts: dict[str, Any] | None = None) -> str:
    opts = opts or {}
    extensions: list[Any] = []
    if opts.get("ghCodeBlocks", True):
        extensions.append("fenced_code")
    if opts.get("tables"):
        extensions.append("tables")
    if opts.get("simpleLineBreaks"):
        extensions.append("nl2br")
    text = source
    if opts.get("strikethrough"):
        text = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"<del>\1</del>", text)
    out = md.markdown(text, extensions=extensions, output_format="html")
    out = re.sub(r'<code class="language-([^"]+)">', r'<code class="\1 language-\1">', out)
    out = _outside_code(out, lambda s: s.replace("...", "…"))
    out = _headers(out, opts)
    if opts.get("openLinksInNewWindow"):
        out = re.sub(r"<a (href=\"[^\"]*\"[^>]*)>", r'<a \1 rel="noopener noreferrer" target="_blank">', out)
    if opts.get("tasklists"):
        out = re.sub(r"<li>\[( |x)\] ", lambda m: '<li class="task-list-item" style="list-style-type: none;">'
                     f'<input type="checkbox" disabled style="margin: 0px 0.35em 0.25em -1.6em; '
                     f'vertical-align: middle;"{" checked" if m.group(1) == "x" else ""}> ', out)
    return _DOC.format(out) if opts.get("completeHTMLDocument") else out
