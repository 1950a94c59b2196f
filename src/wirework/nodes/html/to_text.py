"""HTML to plain text with html-to-text's defaults (n8n's text extraction since HTML v1.2).

Block elements are separated by line breaks (the larger of the neighbours' counts wins),
inline whitespace collapses to one space, headings are upper-cased, links and images show
their targets in brackets, lines wrap at 80 characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bs4.element import Comment, NavigableString, Tag

from wirework.nodes.html.dom import parse_document

_BLOCKS: dict[str, tuple[int, int]] = {
    **{t: (1, 1) for t in ("article", "aside", "div", "footer", "form", "header", "main", "nav",
                           "section", "figure", "figcaption", "address", "details", "summary",
                           "dd", "dt", "dl", "fieldset", "center")},
    "p": (2, 2), "blockquote": (2, 2), "pre": (2, 2), "ul": (2, 2), "ol": (2, 2),
    "table": (2, 2), "hr": (2, 2),
    **{f"h{i}": (3 if i <= 2 else 2, 2) for i in range(1, 7)},
}
_SKIP = {"head", "script", "style", "noscript", "template", "title", "meta", "link", "input",
         "select", "button", "textarea", "svg", "iframe", "object"}
WORDWRAP = 80


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[tuple[int, str, int]] = []  # (leading, text, trailing)
        self.words: list[str] = []
        self.pending_space = False
        self.leading = 0
        self.upper = 0

    def add_text(self, text: str) -> None:
        if not text:
            return
        if text[0].isspace() and self.words:
            self.pending_space = True
        for word in text.split():
            if self.words and self.pending_space and not self.words[-1].endswith("\n"):
                self.words.append(" ")
            self.words.append(word.upper() if self.upper else word)
            self.pending_space = True
        self.pending_space = text[-1].isspace() and bool(self.words)

    def add_raw(self, text: str) -> None:
        self.words.append(text)
        self.pending_space = False

    def line_break(self) -> None:
        self.words.append("\n")
        self.pending_space = False

    def flush(self, trailing: int = 0) -> None:
        text = "\n".join(line.rstrip(" ") for line in "".join(self.words).split("\n"))
        if text.strip():
            self.blocks.append((self.leading, text, trailing))
        elif self.blocks and trailing:
            lead, prev, trail = self.blocks[-1]
            self.blocks[-1] = (lead, prev, max(trail, trailing))
        self.words, self.pending_space, self.leading = [], False, 0

    def open_block(self, leading: int) -> None:
        self.flush()
        self.leading = max(self.leading, leading)

    def close_block(self, trailing: int) -> None:
        self.flush(trailing)
        if self.blocks:
            lead, text, trail = self.blocks[-1]
            self.blocks[-1] = (lead, text, max(trail, trailing))

    def result(self) -> str:
        self.flush()
        out = ""
        prev_trailing = 0
        for i, (lead, text, trail) in enumerate(self.blocks):
            if i:
                out += "\n" * max(prev_trailing, lead, 1)
            out += text
            prev_trailing = trail
        return out


def _walk(node: Any, b: _Builder, skip: set[int], *, pre: bool = False) -> None:
    if isinstance(node, Comment):
        return
    if isinstance(node, NavigableString):
        if pre:
            b.add_raw(str(node))
        else:
            b.add_text(str(node))
        return
    if not isinstance(node, Tag):
        return
    name = node.name
    if name in _SKIP or id(node) in skip:
        return
    if name == "br":
        b.line_break()
        return
    if name == "img":
        alt, src = node.get("alt", ""), node.get("src", "")
        b.add_text(" ".join(x for x in (str(alt), f"[{src}]" if src else "") if x))
        return
    if name == "a":
        before = len(b.words)
        _children(node, b, skip, pre=pre)
        href = str(node.get("href", "") or "")
        if href and not href.startswith("#"):
            href = href.removeprefix("mailto:")
            text_added = "".join(b.words[before:]).strip()
            b.add_text(f" [{href}]" if text_added else href)
        return
    if name in ("ul", "ol"):
        _list(node, b, skip, ordered=name == "ol")
        return
    if name in _BLOCKS or name == "li":
        lead, trail = _BLOCKS.get(name, (1, 1))
        b.open_block(lead)
        if name.startswith("h") and len(name) == 2:
            b.upper += 1
        if name == "hr":
            b.add_raw("-" * WORDWRAP)
        _children(node, b, skip, pre=pre or name == "pre")
        if name.startswith("h") and len(name) == 2:
            b.upper -= 1
        b.close_block(trail)
        return
    if name in ("tr",):
        b.open_block(1)
        _children(node, b, skip, pre=pre)
        b.close_block(1)
        return
    if name in ("td", "th"):
        b.add_text(" ")
        _children(node, b, skip, pre=pre)
        b.add_text(" ")
        return
    _children(node, b, skip, pre=pre)


def _children(node: Tag, b: _Builder, skip: set[int], *, pre: bool) -> None:
    for child in node.children:
        _walk(child, b, skip, pre=pre)


def _list(node: Tag, b: _Builder, skip: set[int], *, ordered: bool) -> None:
    b.open_block(2)
    items = [c for c in node.children if isinstance(c, Tag) and c.name == "li"]
    start = int(str(node.get("start", "1"))) if str(node.get("start", "1")).isdigit() else 1
    for n, li in enumerate(items):
        sub = _Builder()
        _children(li, sub, skip, pre=False)
        text = sub.result()
        prefix = f" {start + n}. " if ordered else " * "
        pad = " " * len(prefix)
        lines = text.split("\n")
        b.add_raw(prefix + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:]))
        if n < len(items) - 1:
            b.line_break()
    b.close_block(2)


def _wrap(text: str, width: int | None) -> str:
    if not width:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        current = ""
        for word in line.split(" "):
            if current and len(current) + 1 + len(word) > width:
                out.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        out.append(current)
    return "\n".join(out)


def html_to_text(html: str, *, skip_selectors: Iterable[str] = (), wordwrap: int | None = WORDWRAP) -> str:
    doc = parse_document(html)
    root: Any = doc.body if doc.body is not None else doc
    skipped = {id(el) for sel in skip_selectors if sel.strip() for el in root.select(sel.strip())}
    b = _Builder()
    _children(root, b, skipped, pre=False)
    return _wrap(b.result(), wordwrap)
