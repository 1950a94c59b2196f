"""The node registry: what is discovered, plugins via entry points, definition checks."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from wirework.nodes.catalog import compatibility_markdown
from wirework.nodes.registry import (
    NodeRegistry,
    UnknownNodeTypeError,
    default_registry,
    discover_plugins,
)
from wirework.nodes.sdk import NodeDefinitionError, NodeDescription, NodeType, NodeVersion, Param

ROOT = Path(__file__).resolve().parents[2]

# The full set of built-in node types and versions. A rename or a dropped version fails here.
PINNED: dict[str, tuple[float, ...]] = {
    "n8n-nodes-base.aggregate": (1,),
    "n8n-nodes-base.code": (1, 2),
    "n8n-nodes-base.compareDatasets": (1, 2, 2.1, 2.2, 2.3),
    "n8n-nodes-base.convertToFile": (1, 1.1),
    "n8n-nodes-base.cron": (1,),
    "n8n-nodes-base.crypto": (1, 2),
    "n8n-nodes-base.dateTime": (1, 2),
    "n8n-nodes-base.errorTrigger": (1,),
    "n8n-nodes-base.executeWorkflow": (1, 1.1, 1.2),
    "n8n-nodes-base.executeWorkflowTrigger": (1, 1.1),
    "n8n-nodes-base.extractFromFile": (1, 1.1),
    "n8n-nodes-base.filter": (1, 2, 2.1, 2.2, 2.3),
    "n8n-nodes-base.function": (1,),
    "n8n-nodes-base.functionItem": (1,),
    "n8n-nodes-base.html": (1, 1.1, 1.2),
    "n8n-nodes-base.httpRequest": (1, 2, 3, 4, 4.1, 4.2, 4.3, 4.4),
    "n8n-nodes-base.if": (1, 2, 2.1, 2.2, 2.3),
    "n8n-nodes-base.interval": (1,),
    "n8n-nodes-base.itemLists": (1, 2, 2.1, 2.2, 3, 3.1),
    "n8n-nodes-base.limit": (1,),
    "n8n-nodes-base.localFileTrigger": (1,),
    "n8n-nodes-base.manualTrigger": (1,),
    "n8n-nodes-base.markdown": (1,),
    "n8n-nodes-base.merge": (1, 2, 2.1, 3, 3.1, 3.2),
    "n8n-nodes-base.noOp": (1,),
    "n8n-nodes-base.removeDuplicates": (1, 1.1, 2),
    "n8n-nodes-base.renameKeys": (1,),
    "n8n-nodes-base.respondToWebhook": (1, 1.1),
    "n8n-nodes-base.rssFeedReadTrigger": (1,),
    "n8n-nodes-base.scheduleTrigger": (1, 1.1, 1.2),
    "n8n-nodes-base.set": (1, 2, 3, 3.1, 3.2, 3.3, 3.4),
    "n8n-nodes-base.sort": (1,),
    "n8n-nodes-base.splitInBatches": (1, 2, 3),
    "n8n-nodes-base.splitOut": (1,),
    "n8n-nodes-base.start": (1,),
    "n8n-nodes-base.stickyNote": (1,),
    "n8n-nodes-base.stopAndError": (1,),
    "n8n-nodes-base.summarize": (1, 1.1),
    "n8n-nodes-base.switch": (1, 2, 3, 3.1, 3.2, 3.3, 3.4),
    "n8n-nodes-base.wait": (1, 1.1),
    "n8n-nodes-base.webhook": (1, 1.1, 2, 2.1),
    "n8n-nodes-base.xml": (1,),
}


def test_builtin_node_types_are_pinned() -> None:
    found = default_registry().pinned_set()
    assert found == PINNED, "update PINNED (and docs/compatibility.md) deliberately"


def test_compatibility_doc_is_generated_from_the_registry() -> None:
    doc = (ROOT / "docs" / "compatibility.md").read_text(encoding="utf-8")
    assert doc == compatibility_markdown(), "run: python -m wirework.nodes.catalog > docs/compatibility.md"


def test_every_description_serialises_for_the_editor() -> None:
    for nt in default_registry():
        for nv in nt.versions:
            data = nv.description.to_json()
            assert data["name"] == nt.name and data["properties"] is not None


def test_lookup_picks_the_newest_version_not_above_the_requested_one() -> None:
    def nt(*versions: float) -> NodeType:
        return NodeType(name="x.t", versions=tuple(
            NodeVersion(description=NodeDescription(name="x.t", display_name="t", versions=(v,))) for v in versions))

    reg = NodeRegistry([nt(1, 2, 3)])
    assert reg.get("x.t", 2).description.versions == (2,)
    assert reg.get("x.t", 2.5).description.versions == (2,)
    with pytest.raises(UnknownNodeTypeError, match=r"'x.t' version 0.5"):
        reg.get("x.t", 0.5)
    with pytest.raises(UnknownNodeTypeError, match=r"Unrecognized node type: 'x.nope'"):
        reg.get("x.nope", 1)


def test_bad_definitions_fail_at_load_naming_the_parameter() -> None:
    desc = NodeDescription(
        name="x.bad", display_name="bad", versions=(2,),
        properties=(Param(name="a", type="string", display_options={"show": {"combinator": ["and"]}}),),
    )
    with pytest.raises(NodeDefinitionError, match=r"x.bad v2: parameter 'a' in displayOptions refers to 'combinator'"):
        NodeRegistry([NodeType(name="x.bad", versions=(NodeVersion(description=desc),))])


def test_third_party_node_packages_are_found_through_entry_points(tmp_path: Path, monkeypatch) -> None:
    # a real installed distribution on sys.path, declaring a `wirework.nodes` entry point
    (tmp_path / "acme_nodes.py").write_text(textwrap.dedent('''
        from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion

        async def execute(ctx):
            return [[{"json": {"acme": True}}]]

        NODE = NodeType(name="acme.hello", versions=(NodeVersion(
            description=NodeDescription(name="acme.hello", display_name="Acme", versions=(1,)),
            execute=execute),))
    '''))
    dist = tmp_path / "acme_nodes-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-nodes\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[wirework.nodes]\nacme = acme_nodes\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        names = [t.name for t in discover_plugins()]
    finally:
        sys.modules.pop("acme_nodes", None)
    assert "acme.hello" in names
