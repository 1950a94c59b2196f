"""Wait v1 / v1.1 parameters."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import NodeDescription, Option, Param

_UNITS = (Option("Seconds", "seconds"), Option("Minutes", "minutes"), Option("Hours", "hours"),
          Option("Days", "days"))


def _show(resume: list[str], **more: list[Any]) -> dict[str, Any]:
    return {"show": {"resume": resume, **more}}


_HOOKED = ["webhook", "form"]

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.wait",
    display_name="Wait",
    versions=(1, 1.1),
    description="Wait before continue with execution",
    group=("organization",),
    icon="fa:pause-circle",
    color="#804050",
    webhook=False,
    subtitle='={{$parameter["resume"]}}',
    properties=(
        Param("resume", "options", "timeInterval", display_name="Resume",
              description="Determines the waiting mode to use before the workflow continues",
              options=(
                  Option("After Time Interval", "timeInterval", "Waits for a certain amount of time"),
                  Option("At Specified Time", "specificTime", "Waits until a specific date and time to continue"),
                  Option("On Webhook Call", "webhook", "Waits for a webhook call before continuing"),
                  Option("On Form Submitted", "form", "Waits for a form submission before continuing"),
              )),
        Param("incomingAuthentication", "options", "none", display_name="Authentication",
              display_options=_show(["webhook"]),
              description="If and how incoming resume-webhook-requests to $execution.resumeUrl should be authenticated",
              options=(Option("Basic Auth", "basicAuth"), Option("Header Auth", "headerAuth"),
                       Option("JWT Auth", "jwtAuth"), Option("None", "none"))),
        Param("dateTime", "dateTime", "", display_name="Date and Time", required=True,
              display_options=_show(["specificTime"]), description="The date and time to wait for before continuing"),
        Param("amount", "number", 1, display_name="Wait Amount",
              display_options=_show(["timeInterval"], **{"@version": [1]}),
              type_options={"minValue": 0, "numberPrecision": 2}, description="The time to wait"),
        Param("unit", "options", "hours", display_name="Wait Unit", options=_UNITS,
              display_options=_show(["timeInterval"], **{"@version": [1]}),
              description="The time unit of the Wait Amount value"),
        Param("amount", "number", 5, display_name="Wait Amount",
              display_options=_show(["timeInterval"], **{"@version": [1.1]}),
              type_options={"minValue": 0, "numberPrecision": 2}, description="The time to wait"),
        Param("unit", "options", "seconds", display_name="Wait Unit", options=_UNITS,
              display_options=_show(["timeInterval"], **{"@version": [1.1]}),
              description="The time unit of the Wait Amount value"),
        Param("formTitle", "string", "", display_name="Form Title", required=True,
              display_options=_show(["form"]), placeholder="e.g. Contact us"),
        Param("formDescription", "string", "", display_name="Form Description",
              display_options=_show(["form"]), type_options={"rows": 2}),
        Param("formFields", "fixedCollection", {}, display_name="Form Elements",
              display_options=_show(["form"]), placeholder="Add Form Element",
              type_options={"multipleValues": True, "sortable": True}, options=(
                  Param("values", "collection", display_name="Values", options=(
                      Param("fieldLabel", "string", "", display_name="Field Name", required=True),
                      Param("fieldType", "options", "text", display_name="Element Type", options=(
                          Option("Date", "date"), Option("Dropdown List", "dropdown"),
                          Option("Email", "email"), Option("File", "file"), Option("Number", "number"),
                          Option("Password", "password"), Option("Text", "text"),
                          Option("Textarea", "textarea"),
                      )),
                      Param("requiredField", "boolean", False, display_name="Required Field"),
                  )),
              )),
        Param("responseMode", "options", "onFormSubmitted", display_name="Respond When",
              display_options=_show(["form"]), options=(
                  Option("Form Is Submitted", "onFormSubmitted"),
                  Option("Workflow Finishes", "lastNode"),
              )),
        Param("httpMethod", "options", "GET", display_name="HTTP Method",
              display_options=_show(["webhook"]), description="The HTTP method of the Webhook call",
              options=tuple(Option(m, m) for m in ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"))),
        Param("responseCode", "number", 200, display_name="Response Code",
              display_options=_show(["webhook"]), type_options={"minValue": 100, "maxValue": 599},
              description="The HTTP Response code to return"),
        Param("responseMode", "options", "onReceived", display_name="Respond",
              display_options=_show(["webhook"]), description="When and how to respond to the webhook",
              options=(
                  Option("Immediately", "onReceived", "As soon as this node executes"),
                  Option("When Last Node Finishes", "lastNode", "Returns data of the last-executed node"),
                  Option("Using 'Respond to Webhook' Node", "responseNode", "Response defined in that node"),
              )),
        Param("responseData", "options", "firstEntryJson", display_name="Response Data",
              display_options=_show(["webhook"], responseMode=["lastNode"]), options=(
                  Option("All Entries", "allEntries"), Option("First Entry JSON", "firstEntryJson"),
                  Option("First Entry Binary", "firstEntryBinary"), Option("No Response Body", "noData"),
              )),
        Param("responseBinaryPropertyName", "string", "data", display_name="Property Name",
              required=True, display_options=_show(["webhook"], responseData=["firstEntryBinary"])),
        Param("limitWaitTime", "boolean", False, display_name="Limit Wait Time",
              display_options=_show(_HOOKED),
              description="Whether the workflow will automatically resume execution after the specified limit type"),
        Param("limitType", "options", "afterTimeInterval", display_name="Limit Type",
              display_options=_show(_HOOKED, limitWaitTime=[True]), options=(
                  Option("After Time Interval", "afterTimeInterval", "Waits for a certain amount of time"),
                  Option("At Specified Time", "atSpecifiedTime", "Waits until the set date and time to continue"),
              )),
        Param("resumeAmount", "number", 1, display_name="Amount",
              display_options=_show(_HOOKED, limitWaitTime=[True], limitType=["afterTimeInterval"]),
              type_options={"minValue": 0, "numberPrecision": 2}),
        Param("resumeUnit", "options", "hours", display_name="Unit", options=_UNITS,
              display_options=_show(_HOOKED, limitWaitTime=[True], limitType=["afterTimeInterval"])),
        Param("maxDateAndTime", "dateTime", "", display_name="Max Date and Time",
              display_options=_show(_HOOKED, limitWaitTime=[True], limitType=["atSpecifiedTime"])),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_show(["webhook"]), options=(
                  Param("binaryData", "boolean", False, display_name="Binary Property",
                        description="Whether the webhook will receive binary data"),
                  Param("binaryPropertyName", "string", "data", display_name="Binary Property"),
                  Param("ignoreBots", "boolean", False, display_name="Ignore Bots"),
                  Param("ipWhitelist", "string", "", display_name="IP(s) Whitelist"),
                  Param("noResponseBody", "boolean", False, display_name="No Response Body"),
                  Param("rawBody", "boolean", False, display_name="Raw Body"),
                  Param("webhookSuffix", "string", "", display_name="Webhook Suffix"),
              )),
    ),
)
