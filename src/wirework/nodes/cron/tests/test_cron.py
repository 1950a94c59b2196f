from __future__ import annotations

import pytest

from wirework.model import Node
from wirework.nodes.cron import schedule


@pytest.mark.parametrize(("entry", "cron"), [
    ({"mode": "everyMinute"}, "0 * * * * *"),
    ({"mode": "everyHour", "minute": 7}, "0 7 * * * *"),
    ({"mode": "everyDay", "hour": 14, "minute": 0}, "0 0 14 * * *"),
    ({"mode": "everyWeek", "hour": 9, "minute": 1, "weekday": "3"}, "0 1 9 * * 3"),
    ({"mode": "everyMonth", "hour": 1, "minute": 2, "dayOfMonth": 28}, "0 2 1 28 * *"),
    ({"mode": "everyX", "value": 10, "unit": "minutes"}, "0 */10 * * * *"),
    ({"mode": "everyX", "value": 2, "unit": "hours"}, "0 0 */2 * * *"),
    ({"mode": "custom", "cronExpression": "*/3 * * * * *"}, "*/3 * * * * *"),
])
def test_trigger_times(entry, cron):
    n = Node("Cron", "n8n-nodes-base.cron", 1, {"triggerTimes": {"item": [entry]}})
    assert schedule(n) == [cron]


def test_no_times_means_no_schedule():
    assert schedule(Node("Cron", "n8n-nodes-base.cron", 1, {})) == []
