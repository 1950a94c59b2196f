"""n8n-nodes-base.wait: pause, then pass the items on."""

from wirework.nodes.sdk import NodeType, NodeVersion
from wirework.nodes.wait.description import DESCRIPTION
from wirework.nodes.wait.execute import execute

NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))

__all__ = ["DESCRIPTION", "NODE", "execute"]
