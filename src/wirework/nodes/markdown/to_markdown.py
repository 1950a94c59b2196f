"""HTML to Markdown with node-html-markdown's defaults (n8n's Markdown node).

Whitespace collapses like a browser; block elements are surrounded by blank lines; markdown
characters in text are escaped; head/script/style content is dropped; the result keeps any
leading inline whitespace but loses trailing whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bs4.element import Comment, NavigableString, Tag

from wirework.nodes.html.dom import parse_document

_DEFAULT_IGNORE = {"head", "script", "style", "noscript", "template", "title", "meta", "link",
                   "iframe", "object", "svg", "input", "button", "select", "textarea"}
_BLOCKS = {"address", "article", "aside", "blockquote", "details", "dialog", "dd", "div", "dl",
           "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
           "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
           "table", "ul", "center"}
GLOBAL_ESCAPE = (r"[\\`*_~\[\]]", r"\\\g<0>")
LINE_START_ESCAPE = (r"^(\s*?)((?:\+\s)|(?:[=>-])|(?:#{1,6}\s))|(?:(\d+)(\.\s))", r"\1\3\\\2\4")


@dataclass(slots=True)
class Options:
    bullet_marker: str = "*"
    code_fence: str = "```"
    em_delimiter: str = "_"
    strong_delimiter: str = "**"
    code_block_style: str = "fence"
    max_consecutive_newlines: int = 3
    keep_data_images: bool = False
    use_link_reference_definitions: bool = False
    ignore: set[str] = field(default_factory=set)
    block_elements: set[str] = field(default_factory=set)
    text_replace: list[tuple[str, str]] = field(default_factory=list)
    global_escape: tuple[str, str] = GLOBAL_ESCAPE
    line_start_escape: tuple[str, str] = LINE_START_ESCAPE


def _js_replacement(repl: str) -> str:
    """JS ``$1``/``$&`` replacement syntax -> Python's."""
    return re.sub(r"\$(\d+|&)", lambda m: r"\g<0>" if m.group(1) == "&" else rf"\g<{m.group(1)}>", repl)


class _Out:
    def __init__(self, opts: Options) -> None:
        self.parts: list[str] = []
        self.opts = opts
        self.refs: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def ends_with_space(self) -> bool:
        t = self.text
        return not t or t[-1].isspace()

    def write(self, s: str) -> None:
        if s:
            self.parts.append(s)

    def block(self) -> None:
        t = self.text
        if not t:
            return
        stripped = t.rstrip(" ")
        if stripped != t and stripped.endswith("\n"):
            self.parts = [stripped]
            t = stripped
        trailing = len(t) - len(t.rstrip("\n"))
        if trailing < 2:
            self.write("\n" * (2 - trailing))


def _escape(text: str, opts: Options) -> str:
    for pattern, repl in opts.text_replace:
        text = re.sub(pattern, _js_replacement(repl), text)
    text = re.sub(opts.global_escape[0], opts.global_escape[1], text, flags=re.M)
    return re.sub(opts.line_start_escape[0], opts.line_start_escape[1], text, flags=re.M)


def _inline(node: Tag, opts: Options) -> str:
    sub = _Out(opts)
    _children(node, sub, pre=False)
    return sub.text.strip()


def _walk(node: Any, out: _Out, *, pre: bool) -> None:
    if isinstance(node, Comment):
        return
    if isinstance(node, NavigableString):
        text = str(node)
        if pre:
            out.write(text)
            return
        text = re.sub(r"\s+", " ", text)
        if text.startswith(" ") and out.ends_with_space() and out.text:
            text = text[1:]
        if text == " " and not out.text:
            out.write(" ")
        elif text:
            out.write(_escape(text, out.opts))
        return
    if not isinstance(node, Tag):
        return
    name = node.name
    # node-html-markdown compares its option lists with upper-case tag names, so a lower-case
    # entry like "h1" (what n8n users type) never matches; we keep that behaviour
    if name in _DEFAULT_IGNORE or name.upper() in out.opts.ignore:
        return
    handler = _HANDLERS.get(name)
    if handler is not None:
        handler(node, out)
        return
    is_block = name in _BLOCKS or name.upper() in out.opts.block_elements
    if is_block:
        out.block()
    _children(node, out, pre=pre)
    if is_block:
        out.block()


def _children(node: Tag, out: _Out, *, pre: bool) -> None:
    for child in node.children:
        _walk(child, out, pre=pre)


def _wrap(delim_attr: str) -> Any:
    """strong/em/del: the delimiter comes from the options (or is literal, like ``~~``)."""
    def handler(node: Tag, out: _Out) -> None:
        delim = getattr(out.opts, delim_attr) if delim_attr.endswith("delimiter") else delim_attr
        inner = _inline(node, out.opts)
        if inner:
            out.write(f"{delim}{inner}{delim}")
    return handler


def _heading(node: Tag, out: _Out) -> None:
    out.block()
    out.write("#" * int(node.name[1]) + " " + _inline(node, out.opts))
    out.block()


def _link(node: Tag, out: _Out) -> None:
    href = str(node.get("href", "") or "")
    inner = _inline(node, out.opts)
    if not href or not inner:
        out.write(inner)
        return
    title = node.get("title")
    target = href.replace("(", "\\(").replace(")", "\\)") + (f' "{title}"' if title else "")
    if out.opts.use_link_reference_definitions:
        out.refs.append(target)
        out.write(f"[{inner}][{len(out.refs)}]")
    else:
        out.write(f"[{inner}]({target})")


def _image(node: Tag, out: _Out) -> None:
    src = str(node.get("src", "") or "")
    if not src or (src.startswith("data:") and not out.opts.keep_data_images):
        return
    title = node.get("title")
    out.write(f"![{node.get('alt', '')}]({src}{f' {chr(34)}{title}{chr(34)}' if title else ''})")


def _code(node: Tag, out: _Out) -> None:
    text = node.get_text()
    ticks = "``" if "`" in text else "`"
    out.write(f"{ticks}{text}{ticks}")


def _pre(node: Tag, out: _Out) -> None:
    out.block()
    code = node.find("code")
    text = (code or node).get_text().rstrip("\n")
    if out.opts.code_block_style == "indented":
        out.write("\n".join("    " + ln for ln in text.split("\n")))
    else:
        lang = ""
        if code is not None:
            for cls in code.get("class") or []:
                if str(cls).startswith("language-"):
                    lang = str(cls)[9:]
        out.write(f"{out.opts.code_fence}{lang}\n{text}\n{out.opts.code_fence}")
    out.block()


def _list(node: Tag, out: _Out) -> None:
    out.block()
    ordered = node.name == "ol"
    start = int(str(node.get("start", "1"))) if str(node.get("start", "1")).isdigit() else 1
    items = [c for c in node.children if isinstance(c, Tag) and c.name == "li"]
    lines = []
    for n, li in enumerate(items):
        marker = f"{start + n}. " if ordered else f"{out.opts.bullet_marker} "
        sub = _Out(out.opts)
        _children(li, sub, pre=False)
        body = sub.text.strip()
        pad = " " * len(marker)
        lines.append(marker + body.replace("\n", "\n" + pad).replace("\n" + pad + "\n", "\n\n"))
    out.write("\n".join(lines))
    out.block()


def _blockquote(node: Tag, out: _Out) -> None:
    out.block()
    sub = _Out(out.opts)
    _children(node, sub, pre=False)
    out.write("\n".join(("> " + ln) if ln else ">" for ln in sub.text.strip().split("\n")))
    out.block()


def _br(node: Tag, out: _Out) -> None:
    out.write("  \n")


def _hr(node: Tag, out: _Out) -> None:
    out.block()
    out.write("---")
    out.block()


def _table(node: Tag, out: _Out) -> None:
    out.block()
    rows = [[_inline(c, out.opts).replace("|", "\\|") for c in tr.find_all(["td", "th"])]
            for tr in node.find_all("tr")]
    rows = [r for r in rows if r]
    if rows:
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join("---" for _ in rows[0]) + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        out.write("\n".join(lines))
    out.block()


_HANDLERS: dict[str, Any] = {
    **{f"h{i}": _heading for i in range(1, 7)},
    "a": _link, "img": _image, "code": _code, "kbd": _code, "pre": _pre, "ul": _list, "ol": _list,
    "blockquote": _blockquote, "br": _br, "hr": _hr, "table": _table,
    "strong": _wrap("strong_delimiter"), "b": _wrap("strong_delimiter"),
    "em": _wrap("em_delimiter"), "i": _wrap("em_delimiter"),
    "del": _wrap("~~"), "s": _wrap("~~"), "strike": _wrap("~~"),
}


def html_to_markdown(html: str, opts: Options | None = None) -> str:
    opts = opts or Options()
    doc = parse_document(html)
    out = _Out(opts)
    root = doc.find("html") or doc
    _children(root, out, pre=False)
    text = out.text
    limit = max(1, int(opts.max_consecutive_newlines))
    text = re.sub("\n{" + str(limit + 1) + ",}", "\n" * limit, text)
    text = text.lstrip("\n").rstrip()
    if out.refs:
        text += "\n\n" + "\n".join(f"[{i}]: {ref}" for i, ref in enumerate(out.refs, 1))
    return text
