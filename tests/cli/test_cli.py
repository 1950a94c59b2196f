"""The `wirework run` and `wirework test` commands, as a user calls them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _wf(pin: dict | None = None, extra_node: dict | None = None) -> dict:
    nodes = [
        {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
        {"name": "Pass", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [200, 0], "parameters": {}},
    ]
    if extra_node:
        nodes.append(extra_node)
    doc = {"name": "cli", "nodes": nodes,
           "connections": {"Start": {"main": [[{"node": "Pass", "type": "main", "index": 0}]]}}}
    if extra_node:
        doc["connections"]["Pass"] = {"main": [[{"node": extra_node["name"], "type": "main", "index": 0}]]}
    if pin is not None:
        doc["pinData"] = pin
    return doc


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wirework.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


@pytest.fixture
def wf_file(tmp_path: Path):
    def write(doc: dict, name: str = "wf.json") -> Path:
        p = tmp_path / name
        p.write_text(json.dumps(doc))
        return p
    return write


def test_run_prints_the_last_nodes_items_as_json(wf_file) -> None:
    res = _cli("run", str(wf_file(_wf())), "--input", '[{"a": 1}, {"a": 2}]')
    assert res.returncode == 0, res.stderr
    assert [i["json"] for i in json.loads(res.stdout)] == [{"a": 1}, {"a": 2}]


def test_run_full_prints_run_data(wf_file) -> None:
    res = _cli("run", str(wf_file(_wf())), "--full")
    data = json.loads(res.stdout)
    assert data["status"] == "success"
    assert set(data["data"]["resultData"]["runData"]) == {"Start", "Pass"}


def test_run_fails_with_a_one_line_reason_naming_the_node(wf_file) -> None:
    bad = {"name": "Mystery", "type": "n8n-nodes-base.doesNotExist", "typeVersion": 1, "position": [400, 0],
           "parameters": {}}
    res = _cli("run", str(wf_file(_wf(extra_node=bad))))
    assert res.returncode == 1
    assert "Mystery" in res.stderr and "doesNotExist" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_run_failure_names_node_item_and_parameter_and_prints_no_items(wf_file) -> None:
    bad = {"name": "Shape", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [400, 0],
           "parameters": {"assignments": {"assignments": [
               {"id": "1", "name": "x", "type": "string", "value": "={{ $json.nope.deep }}"}]}}}
    res = _cli("run", str(wf_file(_wf(extra_node=bad))), "--input", '[{"a": 1}]')
    assert res.returncode == 1
    assert res.stdout == ""
    line = res.stderr.strip()
    assert "node 'Shape', item 0, parameter 'assignments'" in line and "reading 'deep'" in line


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ('{"nodes": [{"name": "x"}]}', "node 'x' has no 'type'")],
)
def test_run_rejects_bad_files_clearly(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.json"
    p.write_text(content)
    res = _cli("run", str(p))
    assert res.returncode == 1 and message in res.stderr


def test_run_rejects_bad_input_json(wf_file) -> None:
    res = _cli("run", str(wf_file(_wf())), "--input", "[1, 2]")
    assert res.returncode == 1 and "--input must be a JSON object" in res.stderr


def test_test_command_reports_passes_failures_and_diffs(wf_file) -> None:
    wf_file(_wf(pin={"Pass": [{"json": {}}]}), "good.json")
    bad = wf_file(_wf(pin={"Pass": [{"json": {"expected": True}}]}), "bad.json")
    res = _cli("test", str(bad.parent))
    assert res.returncode == 1
    assert res.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"
    assert "FAIL" in res.stdout and "Pass.json.expected: missing" in res.stdout.replace("[0][0]", "")


def test_test_command_passes_when_all_pass(wf_file) -> None:
    good = wf_file(_wf(pin={"Pass": [{}]}), "good.json")
    res = _cli("test", str(good))
    assert res.returncode == 0, res.stdout
    assert res.stdout.strip().endswith("1 passed, 0 failed")
