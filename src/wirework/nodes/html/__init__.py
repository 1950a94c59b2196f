"""n8n-nodes-base.html: extract content with CSS selectors, HTML tables, templates."""

from wirework.nodes.html.description import DESCRIPTION
from wirework.nodes.html.execute import execute
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))

__all__ = ["DESCRIPTION", "NODE", "execute"]
