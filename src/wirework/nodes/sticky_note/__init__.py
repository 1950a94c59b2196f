"""Sticky Note: a comment on the canvas. It has no ports and never runs."""

from __future__ import annotations

from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion, Param

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.stickyNote",
    display_name="Sticky Note",
    description="Make your workflow easier to understand",
    versions=(1,),
    group=("input",),
    inputs=0,
    outputs=0,
    color="#FFD233",
    icon="fa:sticky-note",
    executable=False,
    properties=(
        Param(name="content", type="string", default="## I'm a note \n**Double click** to edit me.",
              display_name="Content"),
        Param(name="height", type="number", default=160, display_name="Height"),
        Param(name="width", type="number", default=240, display_name="Width"),
        Param(name="color", type="number", default=1, display_name="Color"),
    ),
)

NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION),))
