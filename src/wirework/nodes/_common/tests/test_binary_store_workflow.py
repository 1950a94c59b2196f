"""Large files through a whole workflow: stored once in the binary-data store, items and run data
carry only the reference, and downstream nodes read the payload back from the store.

    Trigger >> Rows (Set) >> Split >> To CSV (convertToFile) >> [Parse (extractFromFile),
                                                                Hash (crypto),
                                                                As text (extractFromFile text)]
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from wirework.engine import run_workflow
from wirework.expr import default_evaluator
from wirework.model import load_workflow
from wirework.nodes._common.binary_store import FilesystemBinaryStore
from wirework.nodes.sdk import ExecutionServices, FakeClock

ROWS = [{"n": i, "text": "x" * 40} for i in range(200)]


def _node(name: str, type_: str, version: float, params: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": f"n8n-nodes-base.{type_}", "typeVersion": version,
            "parameters": params, "position": [0, 0]}


def _workflow() -> dict[str, Any]:
    nodes = [
        _node("Trigger", "manualTrigger", 1, {}),
        _node("Rows", "set", 3.4, {"mode": "raw", "jsonOutput": json.dumps({"rows": ROWS})}),
        _node("Split", "splitOut", 1, {"fieldToSplitOut": "rows"}),
        _node("To CSV", "convertToFile", 1.1, {"operation": "csv", "options": {"fileName": "rows.csv"}}),
        _node("Parse", "extractFromFile", 1.1, {"operation": "csv"}),
        _node("Hash", "crypto", 2, {"action": "hash", "type": "SHA256", "binaryData": True,
                                    "dataPropertyName": "sha"}),
        _node("As text", "extractFromFile", 1.1, {"operation": "text", "destinationKey": "csv"}),
    ]
    chain = [("Trigger", "Rows"), ("Rows", "Split"), ("Split", "To CSV"), ("To CSV", "Parse"),
             ("To CSV", "Hash"), ("To CSV", "As text")]
    connections: dict[str, Any] = {}
    for src, dst in chain:
        connections.setdefault(src, {"main": [[]]})["main"][0].append({"node": dst, "type": "main", "index": 0})
    return {"name": "binary store", "nodes": nodes, "connections": connections,
            "settings": {"executionOrder": "v1"}}


def _main(result: Any, node: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = result.run_data[node][0]["data"]["main"][0]
    return items


async def test_large_file_is_stored_by_reference_and_read_back_downstream(tmp_path: Path) -> None:
    services = ExecutionServices(evaluator=default_evaluator(), clock=FakeClock(),
                                 binary_store=FilesystemBinaryStore(tmp_path),
                                 settings={"binary_inline_limit": 1024})
    try:
        result = await run_workflow(load_workflow(_workflow()), mode="manual", services=services,
                                    execution_id="exec42")
    finally:
        services.evaluator.close()
    assert result.status == "success", result.error
    [file_item] = _main(result, "To CSV")
    ref = file_item["binary"]["data"]
    assert ref["id"].startswith("filesystem-v2:exec42/") and ref["data"] == "filesystem-v2"
    assert ref["fileName"] == "rows.csv" and ref["mimeType"] == "text/csv"
    [stored] = [f for f in (tmp_path / "exec42").iterdir() if not f.suffix]  # the payload, not its .meta
    payload = stored.read_bytes()
    assert len(payload) > 1024 and base64.b64encode(payload).decode() not in json.dumps(result.run_data)
    parsed = _main(result, "Parse")  # n8n's CSV files start with a BOM, which lands in the first key
    assert len(parsed) == len(ROWS) and parsed[-1]["json"] == {"\ufeffn": "199", "text": "x" * 40}
    assert _main(result, "Hash")[0]["json"]["sha"] == hashlib.sha256(payload).hexdigest()
    assert _main(result, "As text")[0]["json"]["csv"].endswith("199," + "x" * 40)


async def test_small_file_stays_inline_even_with_a_store(tmp_path: Path) -> None:
    services = ExecutionServices(evaluator=default_evaluator(), clock=FakeClock(),
                                 binary_store=FilesystemBinaryStore(tmp_path))
    wf = _workflow()
    wf["nodes"][1]["parameters"]["jsonOutput"] = json.dumps({"rows": ROWS[:2]})
    try:
        result = await run_workflow(load_workflow(wf), mode="manual", services=services)
    finally:
        services.evaluator.close()
    assert result.status == "success", result.error
    ref = _main(result, "To CSV")[0]["binary"]["data"]
    assert "id" not in ref and ref["data"] and not any(tmp_path.iterdir())
    assert len(_main(result, "Parse")) == 2
