"""n8n-nodes-base.extractFromFile: binary files to JSON items."""

from wirework.nodes.extract_from_file.description import DESCRIPTION
from wirework.nodes.extract_from_file.execute import execute
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))

__all__ = ["DESCRIPTION", "NODE", "execute"]
