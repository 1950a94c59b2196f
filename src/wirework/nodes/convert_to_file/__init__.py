"""n8n-nodes-base.convertToFile: JSON items to files (binary data)."""

from wirework.nodes.convert_to_file.description import DESCRIPTION
from wirework.nodes.convert_to_file.execute import execute
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))

__all__ = ["DESCRIPTION", "NODE", "execute"]
