from __future__ import annotations

import pytest

from wirework.model import Node
from wirework.nodes.interval import schedule


def test_interval_units():
    assert schedule(Node("I", "n8n-nodes-base.interval", 1, {})) == ["@every 1"]
    assert schedule(Node("I", "n8n-nodes-base.interval", 1, {"interval": 5, "unit": "minutes"})) == ["@every 300"]


def test_bad_interval_names_the_node():
    with pytest.raises(ValueError, match="node 'I'"):
        schedule(Node("I", "n8n-nodes-base.interval", 1, {"interval": 0}))
