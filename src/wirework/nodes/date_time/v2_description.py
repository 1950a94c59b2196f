"""dateTime v2 parameters (Luxon-based operations)."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import NodeDescription, Option, Param


def _op(*ops: str) -> dict[str, Any]:
    return {"show": {"operation": list(ops)}}


def _include_input(*ops: str, extra: tuple[Param, ...] = ()) -> Param:
    return Param("options", "collection", {}, display_name="Options", placeholder="Add option",
                 display_options=_op(*ops), options=(
                     Param("includeInputFields", "boolean", False, display_name="Include Input Fields",
                           description="Whether to include all fields of the input item in the output item"),
                     *extra,
                 ))


def _output(op: str, default: str) -> Param:
    return Param("outputFieldName", "string", default, display_name="Output Field Name",
                 display_options=_op(op), description="Name of the field to put the output in")


_DURATION_UNITS = (
    Option("Years", "years"), Option("Quarters", "quarters"), Option("Months", "months"),
    Option("Weeks", "weeks"), Option("Days", "days"), Option("Hours", "hours"),
    Option("Minutes", "minutes"), Option("Seconds", "seconds"), Option("Milliseconds", "milliseconds"),
)
_PARTS = (
    Option("Year", "year"), Option("Month", "month"), Option("Week", "week"), Option("Day", "day"),
    Option("Hour", "hour"), Option("Minute", "minute"), Option("Second", "second"),
)


def _add_like(op: str, label: str) -> tuple[Param, ...]:
    return (
        Param("magnitude", "string", "", display_name=label, required=True, display_options=_op(op),
              description="The date that you want to change"),
        Param("timeUnit", "options", "days", display_name="Time Unit to " +
              ("Add" if op == "addToDate" else "Subtract"), required=True, display_options=_op(op),
              options=_DURATION_UNITS, description="Time unit for Duration parameter below"),
        Param("duration", "number", 0, display_name="Duration", required=True, display_options=_op(op),
              description="The number of time units to add to the date"),
        _output(op, "newDate"),
        _include_input(op),
    )


DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.dateTime",
    display_name="Date & Time",
    versions=(2,),
    description="Manipulate date and time values",
    icon="fa:clock",
    color="#408000",
    subtitle='={{$parameter["operation"]}}',
    properties=(
        Param("operation", "options", "getCurrentDate", display_name="Operation",
              no_data_expression=True, options=(
                  Option("Add to a Date", "addToDate"),
                  Option("Extract Part of a Date", "extractDate"),
                  Option("Format a Date", "formatDate"),
                  Option("Get Current Date", "getCurrentDate"),
                  Option("Get Time Between Dates", "getTimeBetweenDates"),
                  Option("Round a Date", "roundDate"),
                  Option("Subtract From a Date", "subtractFromDate"),
              )),
        # getCurrentDate
        Param("notice", "notice", "", display_options=_op("getCurrentDate"),
              display_name="You can also refer to the current date in n8n expressions by using "
                           "{{$now}} or {{$today}}."),
        Param("includeTime", "boolean", True, display_name="Include Current Time",
              display_options=_op("getCurrentDate"),
              description="When deactivated, the time will be set to midnight"),
        _output("getCurrentDate", "currentDate"),
        _include_input("getCurrentDate", extra=(
            Param("timezone", "string", "", display_name="Timezone", placeholder="America/New_York",
                  description="The timezone to use. If not set, the timezone of the n8n instance "
                              "will be used. Use ‘GMT’ for +00:00 timezone."),
        )),
        # addToDate / subtractFromDate
        *_add_like("addToDate", "Date to Add To"),
        *_add_like("subtractFromDate", "Date to Subtract From"),
        # formatDate
        Param("date", "string", "", display_name="Date", display_options=_op("formatDate"),
              description="The date that you want to format"),
        Param("format", "options", "MM/dd/yyyy", display_name="Format", display_options=_op("formatDate"),
              description="The format to convert the date to", options=(
                  Option("Custom Format", "custom"),
                  Option("MM/DD/YYYY", "MM/dd/yyyy", "Example: 09/04/1986"),
                  Option("YYYY/MM/DD", "yyyy/MM/dd", "Example: 1986/04/09"),
                  Option("MMMM DD YYYY", "MMMM dd yyyy", "Example: April 09 1986"),
                  Option("MM-DD-YYYY", "MM-dd-yyyy", "Example: 09-04-1986"),
                  Option("YYYY-MM-DD", "yyyy-MM-dd", "Example: 1986-04-09"),
                  Option("Unix Timestamp", "X", "Example: 1672531200"),
                  Option("Unix Ms Timestamp", "x", "Example: 1674691200000"),
              )),
        Param("customFormat", "string", "", display_name="Custom Format", placeholder="yyyy-MM-dd",
              display_options={"show": {"format": ["custom"], "operation": ["formatDate"]}},
              hint="List of special tokens: https://moment.github.io/luxon/#/formatting?id=table-of-tokens"),
        _output("formatDate", "formattedDate"),
        _include_input("formatDate", extra=(
            Param("fromFormat", "string", "", display_name="From Date Format", placeholder="e.g. yyyyMMdd",
                  hint="Tokens are case sensitive",
                  description="Format in which the input 'Date' is, it's helpful when the format "
                              "is not recognized automatically"),
            Param("timezone", "boolean", False, display_name="Use Workflow Timezone",
                  description="Whether to use the timezone of the input or the workflow's timezone"),
        )),
        # roundDate
        Param("date", "string", "", display_name="Date", display_options=_op("roundDate"),
              description="The date that you want to round"),
        Param("mode", "options", "roundDown", display_name="Mode", display_options=_op("roundDate"),
              options=(Option("Round Down", "roundDown"), Option("Round Up", "roundUp"))),
        Param("toNearest", "options", "month", display_name="To Nearest",
              display_options={"show": {"operation": ["roundDate"], "mode": ["roundDown"]}},
              options=_PARTS),
        Param("to", "options", "month", display_name="To",
              display_options={"show": {"operation": ["roundDate"], "mode": ["roundUp"]}},
              options=(Option("End of Month", "month"),)),
        _output("roundDate", "roundedDate"),
        _include_input("roundDate"),
        # getTimeBetweenDates
        Param("startDate", "string", "", display_name="Start Date",
              display_options=_op("getTimeBetweenDates")),
        Param("endDate", "string", "", display_name="End Date",
              display_options=_op("getTimeBetweenDates")),
        Param("units", "multiOptions", ["day"], display_name="Units",
              display_options=_op("getTimeBetweenDates"), options=(
                  Option("Year", "year"), Option("Month", "month"), Option("Week", "week"),
                  Option("Day", "day"), Option("Hour", "hour"), Option("Minute", "minute"),
                  Option("Second", "second"), Option("Millisecond", "millisecond"),
              )),
        _output("getTimeBetweenDates", "timeDifference"),
        _include_input("getTimeBetweenDates", extra=(
            Param("isoString", "boolean", False, display_name="Output as ISO String",
                  description="Whether to output the date as ISO string or not"),
        )),
        # extractDate
        Param("date", "string", "", display_name="Date", display_options=_op("extractDate"),
              description="The date that you want to round"),
        Param("part", "options", "month", display_name="Part", display_options=_op("extractDate"),
              options=_PARTS),
        _output("extractDate", "datePart"),
        _include_input("extractDate"),
    ),
)
