"""The core data contracts, as plain JSON-shaped dicts (exactly n8n's shapes).

Items and run data stay plain dicts on purpose: they are what nodes read and write, what the
expression layer sees and what the store serialises, and a dict costs nothing to pass around.
"""

from __future__ import annotations

from typing import Any, TypeAlias

JSON: TypeAlias = Any
#: ``{"json": dict, "binary"?: {name: BinaryRef}, "pairedItem"?: PairedItem, "error"?: …}``
Item: TypeAlias = dict[str, Any]
#: one list of items per output (or per input)
Outputs: TypeAlias = list[list[Item]]
#: ``{"item": i, "input"?: k}`` or a list of these, or a bare int (legacy)
PairedItem: TypeAlias = Any
#: one run of one node: ``{startTime, executionIndex, executionTime, executionStatus, source, data, error?}``
TaskData: TypeAlias = dict[str, Any]
#: node name -> list of runs
RunData: TypeAlias = dict[str, list[TaskData]]
