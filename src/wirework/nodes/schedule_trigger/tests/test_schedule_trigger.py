from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from wirework.model import Node
from wirework.nodes.schedule_trigger import NODE, fire, schedule
from wirework.nodes.schedule_trigger.rules import to_rule

NY = ZoneInfo("America/New_York")


def node(*intervals):
    return Node("Schedule", "n8n-nodes-base.scheduleTrigger", 1.2, {"rule": {"interval": list(intervals)}})


@pytest.mark.parametrize(("entry", "cron"), [
    ({"field": "seconds", "secondsInterval": 10}, "*/10 * * * * *"),
    ({"field": "minutes", "minutesInterval": 15}, "0 */15 * * * *"),
    ({"field": "hours", "hoursInterval": 3, "triggerAtMinute": 5}, "0 5 * * * *"),
    ({"field": "days", "triggerAtHour": 9, "triggerAtMinute": 30}, "0 30 9 * * *"),
    ({"field": "weeks", "triggerAtDay": [1, 5], "triggerAtHour": 8}, "0 0 8 * * 1,5"),
    ({"field": "months", "triggerAtDayOfMonth": 15, "triggerAtHour": 6}, "0 0 6 15 * *"),
    ({"field": "cronExpression", "expression": "0 15 * * 1"}, "0 0 15 * * 1"),
    ({"field": "cronExpression", "expression": "*/5 * * * * *"}, "*/5 * * * * *"),
])
def test_rules_become_cron(entry, cron):
    assert to_rule(entry).cron == cron


def test_default_rule_is_daily_at_midnight():
    assert schedule(Node("S", "n8n-nodes-base.scheduleTrigger", 1.2, {})) == ["0 0 0 * * *"]


def test_fire_item_shape():
    when = datetime(2026, 11, 26, 23, 40, 5, tzinfo=NY)
    [item] = fire(node({"field": "seconds"}), when=when, rule_index=0, static={})
    assert item["json"] == {
        "timestamp": "2026-11-26T23:40:05.000-05:00",
        "Readable date": "November 26th 2026, 11:40:05 pm",
        "Readable time": "11:40:05 pm", "Day of week": "Thursday", "Year": "2026",
        "Month": "November", "Day of month": "26", "Hour": "23", "Minute": "40", "Second": "05",
        "Timezone": "America/New_York (UTC-05:00)",
    }


def test_every_third_day_skips_between():
    n = node({"field": "days", "daysInterval": 3})
    static: dict = {}
    fired = [d for d in range(1, 11)
             if fire(n, when=datetime(2026, 3, d, 0, 0, tzinfo=NY), rule_index=0, static=static)]
    assert fired == [1, 4, 7, 10]


def test_every_two_weeks_fires_on_all_chosen_days_of_the_week():
    n = node({"field": "weeks", "weeksInterval": 2, "triggerAtDay": [1, 3]})
    static: dict = {}
    days = [2, 4, 9, 11, 16, 18]  # Mondays and Wednesdays of March 2026
    fired = [d for d in days if fire(n, when=datetime(2026, 3, d, tzinfo=NY), rule_index=0, static=static)]
    assert fired == [2, 4, 16, 18]


def test_unknown_interval_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown trigger interval 'decades'"):
        schedule(node({"field": "decades"}))


async def test_manual_run_emits_one_item():
    from wirework.nodes.sdk import NodeTestContext

    ctx = NodeTestContext(NODE.latest.description, params={})
    [[item]] = await NODE.latest.execute(ctx)
    assert item["json"]["Timezone"].startswith("America/New_York")
