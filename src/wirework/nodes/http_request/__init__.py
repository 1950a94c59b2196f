"""HTTP Request (``n8n-nodes-base.httpRequest``).

v1/v2: the request-library layout (requestMethod, jsonParameters, *ParametersUi, options.*);
v3/v4.x: method/url/send*/specify*/options with response, redirect, batching and pagination.
"""

from wirework.nodes.http_request.description import DESC_V3
from wirework.nodes.http_request.execute import execute, execute_legacy
from wirework.nodes.http_request.legacy_description import DESC_V1, DESC_V2
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(name=DESC_V3.name, versions=(
    NodeVersion(description=DESC_V1, execute=execute_legacy),
    NodeVersion(description=DESC_V2, execute=execute_legacy),
    NodeVersion(description=DESC_V3, execute=execute),
))

__all__ = ["DESC_V1", "DESC_V2", "DESC_V3", "NODE", "execute", "execute_legacy"]
