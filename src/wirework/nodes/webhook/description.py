"""Webhook node descriptions: v1/v1.1 and v2/v2.1."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import CredentialSlot, NodeDescription, Option, Param

METHODS = tuple(Option(m, m) for m in ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"))


def _auth(kind: str) -> dict[str, dict[str, list[Any]]]:
    return {"show": {"authentication": [kind]}}


CREDENTIALS = (
    CredentialSlot("httpBasicAuth", required=True, display_options=_auth("basicAuth")),
    CredentialSlot("httpHeaderAuth", required=True, display_options=_auth("headerAuth")),
    CredentialSlot("jwtAuth", required=True, display_options=_auth("jwtAuth")),
)

AUTHENTICATION = Param(
    "authentication", "options", default="none", display_name="Authentication",
    description="The way to authenticate",
    options=(Option("Basic Auth", "basicAuth"), Option("Header Auth", "headerAuth"),
             Option("JWT Auth", "jwtAuth"), Option("None", "none")),
)
PATH = Param("path", "string", default="", display_name="Path", placeholder="webhook",
             description="The path to listen to, dynamic values could be specified by using "
                         "':', e.g. 'your-path/:dynamic-value'. If dynamic values are set "
                         "'webhookId' would be prepended to path.")
RESPONSE_MODE = Param(
    "responseMode", "options", default="onReceived", display_name="Respond",
    description="When and how to respond to the webhook",
    options=(
        Option("Immediately", "onReceived", "As soon as this node executes"),
        Option("When Last Node Finishes", "lastNode", "Returns data of the last-executed node"),
        Option("Using 'Respond to Webhook' Node", "responseNode", "Response defined in that node"),
    ),
)
RESPONSE_CODE = Param(
    "responseCode", "number", default=200, display_name="Response Code",
    description="The HTTP Response code to return",
    type_options={"minValue": 100, "maxValue": 599},
    display_options={"hide": {"responseMode": ["responseNode"]}},
)
RESPONSE_DATA = Param(
    "responseData", "options", default="firstEntryJson", display_name="Response Data",
    description="What data should be returned",
    display_options={"show": {"responseMode": ["lastNode"]}},
    options=(
        Option("All Entries", "allEntries", "Returns all the entries of the last node. Always returns an array."),
        Option("First Entry JSON", "firstEntryJson", "Returns the JSON data of the first entry of the last node. Always returns a JSON object."),
        Option("First Entry Binary", "firstEntryBinary", "Returns the binary data of the first entry of the last node. Always returns a binary file."),
        Option("No Response Body", "noData", "Returns without a body"),
    ),
)
RESPONSE_BINARY = Param(
    "responseBinaryPropertyName", "string", default="data", display_name="Property Name",
    required=True, description="Name of the binary property to return",
    display_options={"show": {"responseMode": ["lastNode"], "responseData": ["firstEntryBinary"]}},
)

_RESPONSE_HEADERS = Param(
    "responseHeaders", "fixedCollection", default={}, display_name="Response Headers",
    description="Add headers to the webhook response", placeholder="Add Response Header",
    type_options={"multipleValues": True},
    options=(Param("entries", "collection", display_name="Entries", options=(
        Param("name", "string", default="", display_name="Name", description="Name of the header"),
        Param("value", "string", default="", display_name="Value", description="Value of the header"),
    )),),
)


def _options(version: int) -> Param:
    opts: list[Param] = [
        Param("allowedOrigins", "string", default="*", display_name="Allowed Origins (CORS)",
              description="Comma-separated list of URLs allowed for cross-origin non-preflight requests. Use * (default) to allow all origins."),
    ]
    if version == 1:
        opts.append(Param("binaryData", "boolean", default=False, display_name="Binary File",
                          description="Whether the webhook will receive binary data"))
        opts.append(Param("binaryPropertyName", "string", default="data", display_name="Put Output File in Field",
                          description="If the data gets received via \"Form-Data Multipart\" it will be the prefix and a number starting with 0 will be attached to it",
                          display_options={"show": {"binaryData": [True]}}))
    else:
        opts.append(Param("binaryPropertyName", "string", default="data", display_name="Field Name for Binary Data",
                          description="The name of the output field to put any binary file data in. Only relevant if binary data is received"))
    opts += [
        Param("ignoreBots", "boolean", default=False, display_name="Ignore Bots",
              description="Whether to ignore requests from bots like link previewers and web crawlers"),
        Param("ipWhitelist", "string", default="", display_name="IP(s) Whitelist", placeholder="e.g. 127.0.0.1",
              description="Comma-separated list of allowed IP addresses. Leave empty to allow all IPs."),
        Param("noResponseBody", "boolean", default=False, display_name="No Response Body",
              description="Whether to send any body in the response",
              display_options={"show": {"/responseMode": ["onReceived"]}}),
        Param("rawBody", "boolean", default=False, display_name="Raw Body",
              description="Raw body (binary)"),
        Param("responseData", "string", default="", display_name="Response Data", placeholder="success",
              description="Custom response data to send",
              display_options={"show": {"/responseMode": ["onReceived"]}}),
        Param("responseContentType", "string", default="", display_name="Response Content-Type",
              placeholder="application/xml",
              description="Set a custom content-type to return if another one as the \"application/json\" should be returned",
              display_options={"show": {"/responseData": ["firstEntryJson"], "/responseMode": ["lastNode"]}}),
        _RESPONSE_HEADERS,
        Param("responsePropertyName", "string", default="data", display_name="Property Name",
              description="Name of the property to return the data of instead of the whole JSON",
              display_options={"show": {"/responseData": ["firstEntryJson"], "/responseMode": ["lastNode"]}}),
    ]
    return Param("options", "collection", default={}, display_name="Options", placeholder="Add Option",
                 options=tuple(opts))


def _description(versions: tuple[float, ...], major: int) -> NodeDescription:
    props: list[Param] = []
    if major == 2:
        props.append(Param("multipleMethods", "boolean", default=False, display_name="Allow Multiple HTTP Methods",
                           description="Whether to allow the webhook to listen for multiple HTTP methods"))
        props.append(Param("httpMethod", "options", default="GET", display_name="HTTP Method",
                           description="The HTTP method to listen to", options=METHODS,
                           display_options={"show": {"multipleMethods": [False]}}))
        props.append(Param("httpMethod", "multiOptions", default=["GET", "POST"], display_name="HTTP Methods",
                           description="The HTTP methods to listen to", options=METHODS,
                           display_options={"show": {"multipleMethods": [True]}}))
    else:
        props.append(Param("httpMethod", "options", default="GET", display_name="HTTP Method",
                           description="The HTTP method to listen to", options=METHODS))
    props += [PATH, AUTHENTICATION, RESPONSE_MODE,
              Param("webhookNotice", "notice", default="", display_name="Insert a 'Respond to Webhook' node to control when and how you respond.",
                    display_options={"show": {"responseMode": ["responseNode"]}}),
              RESPONSE_CODE, RESPONSE_DATA, RESPONSE_BINARY, _options(major)]
    return NodeDescription(
        name="n8n-nodes-base.webhook", display_name="Webhook", versions=versions,
        description="Starts the workflow when a webhook is called", group=("trigger",),
        inputs=0, outputs=1, credentials=CREDENTIALS, icon="fa:bolt", color="#885577",
        default_name="Webhook", webhook=True, subtitle='={{$parameter["httpMethod"]}} {{$parameter["path"]}}',
        properties=tuple(props),
    )


DESC_V1 = _description((1, 1.1), 1)
DESC_V2 = _description((2, 2.1), 2)
