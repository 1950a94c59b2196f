"""Schedule Trigger description (v1, v1.1, v1.2)."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import NodeDescription, Option, Param

_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _hour_name(h: int) -> str:
    if h == 0:
        return "Midnight"
    if h == 12:
        return "Noon"
    return f"{h % 12}{'am' if h < 12 else 'pm'}"


def _show(*fields: str) -> dict[str, dict[str, list[Any]]]:
    return {"show": {"field": list(fields)}}


_FIELDS = (
    Param("field", "options", default="days", display_name="Trigger Interval", options=(
        Option("Seconds", "seconds"), Option("Minutes", "minutes"), Option("Hours", "hours"),
        Option("Days", "days"), Option("Weeks", "weeks"), Option("Months", "months"),
        Option("Custom (Cron)", "cronExpression"))),
    Param("secondsInterval", "number", default=30, display_name="Seconds Between Triggers",
          description="Number of seconds between each workflow trigger",
          type_options={"minValue": 1, "maxValue": 59}, display_options=_show("seconds")),
    Param("minutesInterval", "number", default=5, display_name="Minutes Between Triggers",
          description="Number of minutes between each workflow trigger",
          type_options={"minValue": 1, "maxValue": 59}, display_options=_show("minutes")),
    Param("hoursInterval", "number", default=1, display_name="Hours Between Triggers",
          description="Number of hours between each workflow trigger",
          type_options={"minValue": 1, "maxValue": 23}, display_options=_show("hours")),
    Param("daysInterval", "number", default=1, display_name="Days Between Triggers",
          description="Number of days between each workflow trigger",
          type_options={"minValue": 1, "maxValue": 31}, display_options=_show("days")),
    Param("weeksInterval", "number", default=1, display_name="Weeks Between Triggers",
          description="Would run every week unless specified otherwise",
          type_options={"minValue": 1}, display_options=_show("weeks")),
    Param("monthsInterval", "number", default=1, display_name="Months Between Triggers",
          description="Would run every month unless specified otherwise",
          type_options={"minValue": 1}, display_options=_show("months")),
    Param("triggerAtDayOfMonth", "number", default=1, display_name="Trigger at Day of Month",
          description="The day of the month to trigger (1-31)",
          hint="If a month doesn’t have this day, the node won’t trigger",
          type_options={"minValue": 1, "maxValue": 31}, display_options=_show("months")),
    Param("triggerAtDay", "multiOptions", default=[0], display_name="Trigger on Weekdays",
          type_options={"maxValue": 7},
          options=tuple(Option(d, i) for i, d in enumerate(_DAYS)), display_options=_show("weeks")),
    Param("triggerAtHour", "options", default=0, display_name="Trigger at Hour",
          description="The hour of the day to trigger",
          options=tuple(Option(_hour_name(h), h) for h in range(24)),
          display_options=_show("days", "weeks", "months")),
    Param("triggerAtMinute", "number", default=0, display_name="Trigger at Minute",
          description="The minute past the hour to trigger (0-59)",
          type_options={"minValue": 0, "maxValue": 59},
          display_options=_show("hours", "days", "weeks", "months")),
    Param("notice", "notice", default="", display_name="You can find help generating your cron expression <a href=\"https://crontab.guru/examples.html\" target=\"_blank\">here</a>",
          display_options=_show("cronExpression")),
    Param("expression", "string", default="", display_name="Expression", placeholder="eg. 0 15 * 1 sun",
          hint="Format: [Second] [Minute] [Hour] [Day of Month] [Month] [Day of Week]",
          display_options=_show("cronExpression")),
)

DESC = NodeDescription(
    name="n8n-nodes-base.scheduleTrigger", display_name="Schedule Trigger", versions=(1, 1.1, 1.2),
    description="Triggers the workflow on a given schedule", group=("trigger", "schedule"),
    inputs=0, outputs=1, icon="fa:clock", color="#31C49F", default_name="Schedule Trigger",
    properties=(
        Param("notice", "notice", default="", display_name="This workflow will run on the schedule you define here once you <a data-key=\"activate\">activate</a> it.<br><br>For testing, you can also trigger it manually: by going back to the canvas and clicking 'execute workflow'"),
        Param("rule", "fixedCollection", default={"interval": [{"field": "days"}]}, display_name="Trigger Rules",
              placeholder="Add Rule", type_options={"multipleValues": True},
              options=(Param("interval", "collection", display_name="Trigger Interval", options=_FIELDS),)),
    ),
)
