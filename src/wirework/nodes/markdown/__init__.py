"""n8n-nodes-base.markdown: Markdown <-> HTML."""

from __future__ import annotations

import copy
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import set_path
from wirework.nodes.markdown.description import DESCRIPTION
from wirework.nodes.markdown.to_html import markdown_to_html
from wirework.nodes.markdown.to_markdown import (
    GLOBAL_ESCAPE,
    LINE_START_ESCAPE,
    Options,
    html_to_markdown,
)
from wirework.nodes.sdk import NodeContext, NodeType, NodeVersion


def _pattern(group: Any, default: tuple[str, str]) -> tuple[str, str]:
    value = (group or {}).get("value") if isinstance(group, dict) else None
    if isinstance(value, dict) and value:
        from wirework.nodes.markdown.to_markdown import _js_replacement
        return str(value.get("pattern", "")), _js_replacement(str(value.get("replacement", "")))
    return default


def _md_options(raw: dict[str, Any]) -> Options:
    def names(key: str) -> set[str]:
        return {e.strip() for e in str(raw.get(key) or "").split(",") if e.strip()}

    replace = (raw.get("textReplace") or {}).get("values") or [] if isinstance(raw.get("textReplace"), dict) else []
    return Options(
        bullet_marker=raw.get("bulletMarker") or "*", code_fence=raw.get("codeFence") or "```",
        em_delimiter=raw.get("emDelimiter") or "_", strong_delimiter=raw.get("strongDelimiter") or "**",
        code_block_style=raw.get("codeBlockStyle") or "fence",
        max_consecutive_newlines=int(raw.get("maxConsecutiveNewlines") or 3),
        keep_data_images=bool(raw.get("keepDataImages")),
        use_link_reference_definitions=bool(raw.get("useLinkReferenceDefinitions")),
        ignore=names("ignore"), block_elements=names("blockElements"),
        text_replace=[(str(v.get("pattern", "")), str(v.get("replacement", ""))) for v in replace if v.get("pattern")],
        global_escape=_pattern(raw.get("globalEscape"), GLOBAL_ESCAPE),
        line_start_escape=_pattern(raw.get("lineStartEscape"), LINE_START_ESCAPE),
    )


async def execute(ctx: NodeContext) -> list[list[Item]]:
    mode = ctx.get_param("mode", 0)
    out: list[Item] = []
    for i, item in enumerate(ctx.items):
        try:
            options = ctx.get_param("options", i, {}) or {}
            key = ctx.get_param("destinationKey", i)
            if mode == "htmlToMarkdown":
                result = html_to_markdown(str(ctx.get_param("html", i) or ""), _md_options(options))
            else:
                result = markdown_to_html(str(ctx.get_param("markdown", i) or ""), options)
            json = copy.deepcopy(item["json"])
            set_path(json, key, result)
            out.append({"json": json, "pairedItem": {"item": i}})
        except Exception as exc:
            if ctx.continue_on_fail:
                out.append({"json": {"error": getattr(exc, "message", str(exc))}, "pairedItem": {"item": i}})
                continue
            raise
    return [out]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))

__all__ = ["DESCRIPTION", "NODE", "execute"]
