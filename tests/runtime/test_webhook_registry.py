from __future__ import annotations

import pytest

from wirework.runtime import ActivationError
from wirework.runtime.webhook_registry import WebhookEntry, WebhookRegistry


def e(path: str, wf: str = "w1", method: str = "GET", node: str = "Webhook") -> WebhookEntry:
    return WebhookEntry(wf, node, method, path, workflow_name=f"name-{wf}")


def test_static_beats_dynamic_and_params_bind():
    reg = WebhookRegistry()
    reg.add([e("users/:id", "w1"), e("users/me", "w2"), e("users/:id/orders/:oid", "w3")])
    assert reg.find("GET", "/users/me/").entry.workflow_id == "w2"
    m = reg.find("get", "users/7")
    assert m.entry.workflow_id == "w1" and m.params == {"id": "7"}
    m = reg.find("GET", "users/7/orders/9")
    assert m.params == {"id": "7", "oid": "9"}
    assert reg.find("GET", "users") is None and reg.find("POST", "users/7") is None


def test_more_literal_segments_win():
    reg = WebhookRegistry()
    reg.add([e(":a/:b", "w1"), e("x/:b", "w2")])
    assert reg.find("GET", "x/1").entry.workflow_id == "w2"
    assert reg.find("GET", "y/1").entry.workflow_id == "w1"


def test_conflicts_name_both_sides():
    reg = WebhookRegistry()
    reg.add([e("a/:id", "w1")])
    with pytest.raises(ActivationError, match=r"already taken by node 'Webhook' of workflow 'name-w1' \(w1\)"):
        reg.add([e("a/:other", "w2")])
    reg.add([e("a/:id", "w2", method="POST")])  # another method is fine
    with pytest.raises(ActivationError, match="two webhooks"):
        reg.add([e("b", "w3", node="A"), e("b", "w3", node="B")])


def test_remove_and_methods():
    reg = WebhookRegistry()
    reg.add([e("p", "w1", "GET"), e("p", "w1", "POST")])
    assert reg.methods_for("p") == ["GET", "POST"]
    reg.remove_workflow("w1")
    assert reg.find("GET", "p") is None and reg.entries() == []
