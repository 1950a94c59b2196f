"""The public API node authors import. Everything else in wirework is private to them."""

from wirework.nodes.sdk.binary import BinaryHelper
from wirework.nodes.sdk.context import NodeContext
from wirework.nodes.sdk.description import (
    MISSING,
    CredentialSlot,
    DisplayContext,
    NodeDescription,
    NodeType,
    NodeVersion,
    Option,
    Param,
    param_defaults,
)
from wirework.nodes.sdk.errors import NodeApiError, NodeDefinitionError, NodeError
from wirework.nodes.sdk.services import (
    BinaryStore,
    Clock,
    ExecutionServices,
    FakeClock,
    SystemClock,
)
from wirework.nodes.sdk.testing import NodeTestContext

__all__ = [
    "MISSING",
    "BinaryHelper",
    "BinaryStore",
    "Clock",
    "CredentialSlot",
    "DisplayContext",
    "ExecutionServices",
    "FakeClock",
    "NodeApiError",
    "NodeContext",
    "NodeDefinitionError",
    "NodeDescription",
    "NodeError",
    "NodeTestContext",
    "NodeType",
    "NodeVersion",
    "Option",
    "Param",
    "SystemClock",
    "param_defaults",
]
