"""xml2js-compatible XML <-> JSON (the library n8n's XML node uses).

Builder: an object with a single key becomes the root element (unless ``rootName`` was set),
``attrkey`` ("$") holds attributes, ``charkey`` ("_") text, arrays repeat the element;
pretty-printed with two-space indent. Parser: attributes merged into the element
(``mergeAttrs``), text-only elements collapse to strings, repeated children become arrays,
whitespace-only text is dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

_CDATA_NEEDED = re.compile(r"[&<>]")
_XMLDECL = re.compile(r"^\ufeff?<\?xml[^>]*\?>")


@dataclass(slots=True)
class _El:
    name: str
    attrs: list[tuple[str, str]]
    children: list[Any]  # _El or ("text", str) or ("raw", str)


def _to_str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        if math.isnan(value):
            return "NaN"
        return repr(value)
    return str(value)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


class Builder:
    def __init__(self, *, attrkey: str = "$", charkey: str = "_", root_name: str = "root",
                 headless: bool = False, cdata: bool = False, pretty: bool = True,
                 xmldec: dict[str, Any] | None = None) -> None:
        self.attrkey, self.charkey, self.root_name = attrkey, charkey, root_name
        self.headless, self.cdata, self.pretty = headless, cdata, pretty
        self.xmldec = xmldec or {"version": "1.0", "encoding": "UTF-8", "standalone": True}

    def build(self, obj: Any) -> str:
        root_name = self.root_name
        if isinstance(obj, dict) and len(obj) == 1 and root_name == "root":
            root_name, obj = next(iter(obj.items()))
        root = self._render(_El(root_name, [], []), obj)
        body = self._serialize(root, 0)
        if self.headless:
            return body
        dec = f'<?xml version="{self.xmldec.get("version", "1.0")}"'
        if self.xmldec.get("encoding"):
            dec += f' encoding="{self.xmldec["encoding"]}"'
        if self.xmldec.get("standalone") is not None:
            dec += f' standalone="{"yes" if self.xmldec["standalone"] else "no"}"'
        return dec + "?>" + ("\n" if self.pretty else "") + body

    def _text(self, el: _El, value: Any) -> None:
        text = _to_str(value)
        if self.cdata and _CDATA_NEEDED.search(text):
            el.children.append(("raw", _cdata(text)))
        else:
            el.children.append(("text", text))

    def _child(self, el: _El, name: str, value: Any = None, *, render: bool = False) -> None:
        child = _El(name, [], [])
        el.children.append(child)
        if render:
            self._render(child, value)
        elif value is not None:
            self._text(child, value)

    def _render(self, el: _El, obj: Any) -> _El:
        if not isinstance(obj, (dict, list)) and obj is not None:
            self._text(el, obj)
        elif isinstance(obj, list):
            for entry in obj:
                if isinstance(entry, dict):
                    for key, value in entry.items():
                        self._child(el, key, value, render=True)
        elif isinstance(obj, dict):
            for key, child in obj.items():
                self._render_key(el, key, child)
        return el

    def _render_key(self, el: _El, key: str, child: Any) -> None:
        if key == self.attrkey:
            if isinstance(child, dict):
                el.attrs.extend((k, _to_str(v) if v is not None else "") for k, v in child.items())
        elif key == self.charkey:
            self._text(el, child)
        elif isinstance(child, list):
            for entry in child:
                if isinstance(entry, str):
                    self._child(el, key, entry)
                else:
                    self._child(el, key, entry, render=True)
        elif isinstance(child, dict) or child is None:
            self._child(el, key, child, render=True)
        else:
            self._child(el, key, child)

    def _serialize(self, el: _El, depth: int) -> str:
        ind = "  " * depth if self.pretty else ""
        nl = "\n" if self.pretty else ""
        attrs = "".join(f' {k}="{_esc_attr(v)}"' for k, v in el.attrs)
        if not el.children:
            return f"{ind}<{el.name}{attrs}/>"
        if all(not isinstance(c, _El) for c in el.children):
            inner = "".join(_esc_text(c[1]) if c[0] == "text" else c[1] for c in el.children)
            return f"{ind}<{el.name}{attrs}>{inner}</{el.name}>"
        parts = []
        for c in el.children:
            if isinstance(c, _El):
                parts.append(self._serialize(c, depth + 1))
            else:
                parts.append(("  " * (depth + 1) if self.pretty else "") +
                             (_esc_text(c[1]) if c[0] == "text" else c[1]))
        return f"{ind}<{el.name}{attrs}>{nl}" + nl.join(parts) + f"{nl}{ind}</{el.name}>"


def _esc_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")


def _esc_attr(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\t", "&#x9;").replace("\n", "&#xA;").replace("\r", "&#xD;"))


# --- parsing --------------------------------------------------------------------------------
@dataclass(slots=True)
class ParseOptions:
    attrkey: str = "$"
    charkey: str = "_"
    explicit_array: bool = False
    explicit_root: bool = True
    ignore_attrs: bool = False
    merge_attrs: bool = True
    normalize: bool = False
    normalize_tags: bool = False
    trim: bool = False
    explicit_charkey: bool = False
    empty_tag: Any = ""


class XmlParseError(ValueError):
    pass


def _qname(el: Any) -> str:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith("{"):
        local = tag.split("}", 1)[1]
        return f"{el.prefix}:{local}" if el.prefix else local
    return str(tag)


def _attr_name(el: Any, key: str) -> str:
    if key.startswith("{"):
        uri, local = key[1:].split("}", 1)
        prefix = next((p for p, u in el.nsmap.items() if u == uri and p), None)
        if uri == "http://www.w3.org/XML/1998/namespace":
            prefix = "xml"
        return f"{prefix}:{local}" if prefix else local
    return key


def _assign(obj: dict[str, Any], key: str, value: Any, opts: ParseOptions) -> None:
    if key not in obj:
        obj[key] = [value] if opts.explicit_array else value
    else:
        if not isinstance(obj[key], list):
            obj[key] = [obj[key]]
        obj[key].append(value)


def _convert(el: Any, opts: ParseOptions) -> Any:
    obj: dict[str, Any] = {}
    if not opts.ignore_attrs:
        parent_ns = el.getparent().nsmap if el.getparent() is not None else {}
        attrs: list[tuple[str, str]] = [
            ("xmlns" + (f":{p}" if p else ""), u) for p, u in el.nsmap.items() if parent_ns.get(p) != u
        ]
        attrs += [(_attr_name(el, k), v) for k, v in el.attrib.items()]
        for name, value in attrs:
            if opts.merge_attrs:
                _assign(obj, name, value, opts)
            else:
                obj.setdefault(opts.attrkey, {})[name] = value
    text = el.text or ""
    for child in el:
        if isinstance(child.tag, str):
            name = _qname(child)
            name = name.lower() if opts.normalize_tags else name
            _assign(obj, name, _convert(child, opts), opts)
        text += child.tail or ""
    return _finish(obj, text, opts)


def _finish(obj: dict[str, Any], text: str, opts: ParseOptions) -> Any:
    empty_str = ""
    if text and not text.strip():
        empty_str = text
    elif text:
        if opts.trim:
            text = text.strip()
        if opts.normalize:
            text = re.sub(r"\s{2,}", " ", text).strip()
        obj[opts.charkey] = text
        if len(obj) == 1 and not opts.explicit_charkey:
            return text
    if not obj:
        return opts.empty_tag if opts.empty_tag != "" else empty_str
    return obj


def parse(xml: str, opts: ParseOptions | None = None) -> Any:
    opts = opts or ParseOptions()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True, strip_cdata=True)
    try:
        root = etree.fromstring(_XMLDECL.sub("", xml.strip(), count=1), parser)
    except etree.XMLSyntaxError as exc:
        raise XmlParseError(str(exc)) from exc
    name = _qname(root)
    name = name.lower() if opts.normalize_tags else name
    value = _convert(root, opts)
    return {name: value} if opts.explicit_root else value
