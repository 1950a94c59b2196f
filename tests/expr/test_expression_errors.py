"""Acceptance: expression errors in a real run name the node, parameter and item with n8n's
messages; $env is off unless allowed; $execution.resumeUrl; console.log reaches the log."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from wirework.engine import run_workflow
from wirework.model import load_workflow
from wirework.nodes.sdk import ExecutionServices


def _wf(code: str, value: str, *, code2: str | None = None, extra: list[dict[str, Any]] | None = None) -> Any:
    """Start -> Code(code) [-> Code2(code2)] -> Set(out = value); ``extra`` nodes never run."""
    chain = ["Start", "Code", *(["Code2"] if code2 else []), "Set"]
    nodes = [
        {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "parameters": {}},
        {"name": "Code", "type": "n8n-nodes-base.code", "typeVersion": 2, "parameters": {"jsCode": code}},
        {"name": "Set", "type": "n8n-nodes-base.set", "typeVersion": 3.4,
         "parameters": {"assignments": {"assignments": [
             {"id": "1", "name": "out", "type": "string", "value": value}]}}},
        *(extra or []),
    ]
    if code2:
        nodes.append({"name": "Code2", "type": "n8n-nodes-base.code", "typeVersion": 2,
                      "parameters": {"jsCode": code2}})
    connections = {a: {"main": [[{"node": b, "type": "main", "index": 0}]]} for a, b in pairwise(chain)}
    return load_workflow({"name": "errors", "nodes": nodes, "connections": connections})


async def _error(wf: Any, **kw: Any) -> dict[str, Any]:
    result = await run_workflow(wf, **kw)
    assert result.status == "error"
    assert result.error is not None
    return dict(result.error)


async def test_referencing_a_node_that_has_not_run() -> None:
    lone = {"name": "Lonely", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}
    err = await _error(_wf("return [{json: {a: 1}}, {json: {a: 2}}];", "={{ $('Lonely').first().json.x }}",
                           extra=[lone]))
    assert err["message"] == "Node 'Lonely' hasn't been executed"
    assert err["node"] == {"name": "Set"}
    assert err["context"]["type"] == "no_node_execution_data"
    assert err["context"]["parameter"].startswith("assignments") and err["context"]["itemIndex"] == 0


async def test_no_paired_item() -> None:
    two = "return [{json: {a: 1}}, {json: {a: 2}}];"
    three = "return [{json: {b: 1}}, {json: {b: 2}}, {json: {b: 3}}];"  # no pairedItem: can't be inferred
    err = await _error(_wf(two, "={{ $('Code').item.json.a }}", code2=three))
    assert err["message"] == "Can't get data for expression"
    assert err["context"]["type"].startswith("paired_item")
    assert err["node"] == {"name": "Set"} and err["context"]["itemIndex"] == 0


async def test_syntax_error() -> None:
    err = await _error(_wf("return [{json: {}}];", "={{ $json.a + }}"))
    assert err["message"] == "invalid syntax"
    assert err["context"]["type"] == "syntax_error"
    assert err["node"] == {"name": "Set"} and err["context"]["itemIndex"] == 0


async def test_env_is_denied_unless_allowed() -> None:
    err = await _error(_wf("return [{json: {}}];", "={{ $env.HOME }}"))
    assert err["message"] == "access to env vars denied" and err["node"] == {"name": "Set"}
    result = await run_workflow(_wf("return [{json: {}}];", "={{ $env.GREETING }}"), env={"GREETING": "hi"})
    assert [i["json"] for i in result.output()] == [{"out": "hi"}]


async def test_resume_url_and_console_log() -> None:
    services = ExecutionServices()
    try:
        wf = _wf("console.log('seen', $execution.resumeUrl); return [{json: {}}];",
                 "={{ $execution.resumeUrl }}")
        result = await run_workflow(wf, services=services, resume_url="http://127.0.0.1:5678/webhook-waiting/7")
    finally:
        services.evaluator.close()
    assert [i["json"] for i in result.output()] == [{"out": "http://127.0.0.1:5678/webhook-waiting/7"}]
    assert [(c["node"], c["message"]) for c in services.console] == [
        ("Code", "seen http://127.0.0.1:5678/webhook-waiting/7")]
