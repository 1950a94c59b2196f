"""The node compatibility table (docs/compatibility.md), generated from the registry.

Regenerate with ``python -m wirework.nodes.catalog > docs/compatibility.md``; a test fails
when the committed file and the registry disagree.
"""

from __future__ import annotations

from wirework.nodes.registry import NodeRegistry, default_registry


def _versions(vs: tuple[float, ...]) -> str:
    return ", ".join(f"{v:g}" for v in vs)


def compatibility_markdown(registry: NodeRegistry | None = None) -> str:
    reg = registry or default_registry()
    lines = [
        "# Node compatibility with n8n",
        "",
        "Generated from the node registry by `python -m wirework.nodes.catalog`; do not edit by hand.",
        "Each row is an n8n node type Wirework runs, the typeVersions it implements, and known",
        "differences from n8n's behaviour.",
        "",
        "| node type | name | versions | kind | known differences |",
        "|---|---|---|---|---|",
    ]
    for nt in reg:
        latest = nt.latest.description
        kind = "trigger" if latest.is_trigger else (latest.group[0] if latest.group else "")
        notes = "; ".join(
            dict.fromkeys(nv.description.compat_notes for nv in nt.versions if nv.description.compat_notes)
        ) or "—"
        lines.append(
            f"| `{nt.name}` | {latest.display_name} | {_versions(nt.all_versions)} | {kind} | {notes} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(compatibility_markdown(), end="")
