"""Loading, validating and dumping n8n workflow JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirework.model import WorkflowError, dump_workflow, load_workflow

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "n8n-compat" / "workflows"


def _minimal(**extra):
    return {
        "name": "w",
        "nodes": [
            {"name": "A", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0],
             "parameters": {}},
            {"name": "B", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [200, 0],
             "parameters": {}},
        ],
        "connections": {"A": {"main": [[{"node": "B", "type": "main", "index": 0}]]}},
        **extra,
    }


def _canonical(doc):
    return json.loads(json.dumps(doc, sort_keys=True))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.json")), ids=lambda p: p.name)
def test_corpus_workflows_round_trip_without_losing_fields(path: Path) -> None:
    raw = json.loads(path.read_text())
    dumped = dump_workflow(load_workflow(raw))
    # pinData items lacking the json wrapper are normalised; everything else is identical
    raw_pins = raw.pop("pinData", None) or {}
    dumped_pins = dumped.pop("pinData", {})
    assert _canonical(dumped) == _canonical(raw)
    for node, items in raw_pins.items():
        assert [i if "json" in i else {"json": i} for i in items] == dumped_pins[node]


def test_unknown_fields_survive_a_round_trip() -> None:
    doc = _minimal(versionId="v", custom={"x": 1})
    doc["nodes"][0]["futureField"] = [1, 2]
    out = dump_workflow(load_workflow(json.dumps(doc)))
    assert out["custom"] == {"x": 1} and out["versionId"] == "v"
    assert out["nodes"][0]["futureField"] == [1, 2]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["nodes"].append(dict(d["nodes"][0])), "duplicate node name 'A'"),
        (lambda d: d["nodes"][1].pop("type"), "node 'B' has no 'type'"),
        (lambda d: d["connections"]["A"]["main"][0].append({"node": "Ghost", "index": 0}),
         "points to unknown node 'Ghost'"),
        (lambda d: d["connections"].update({"Nope": {"main": [[]]}}), "source node 'Nope'"),
        (lambda d: d["connections"]["A"]["main"][0][0].update(index=-1), "invalid input index"),
        (lambda d: d["nodes"][0].update(typeVersion="1"), "node 'A': 'typeVersion' must be a number"),
        (lambda d: d.update(nodes={}), "'nodes' must be a list"),
    ],
)
def test_invalid_workflows_name_the_culprit(mutate, message) -> None:
    doc = _minimal()
    mutate(doc)
    with pytest.raises(WorkflowError, match=message.replace("(", r"\(").replace("'", "'")):
        load_workflow(doc)


def test_non_json_input_is_rejected_clearly() -> None:
    with pytest.raises(WorkflowError, match="not valid JSON"):
        load_workflow("{nodes: ")
    with pytest.raises(WorkflowError, match="must be a JSON object"):
        load_workflow("[1, 2]")


def test_graph_queries() -> None:
    wf = load_workflow(_minimal())
    assert wf.parents("B") == [("A", 0, 0)]
    assert wf.descendants("A") == {"B"}
    assert list(wf.ancestors("B")) == ["A"]
    assert wf.execution_order == "v0"
    wf.settings["executionOrder"] = "v1"
    assert wf.execution_order == "v1"
