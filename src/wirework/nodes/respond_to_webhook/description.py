"""Respond to Webhook descriptions (v1, v1.1; v1.1 adds JWT responses)."""

from __future__ import annotations

from wirework.nodes.sdk import CredentialSlot, NodeDescription, Option, Param

_RESPOND_WITH = (
    Option("All Incoming Items", "allIncomingItems", "Respond with all input JSON items"),
    Option("Binary File", "binary", "Respond with incoming file binary data"),
    Option("First Incoming Item", "firstIncomingItem", "Respond with the first input JSON item"),
    Option("JSON", "json", "Respond with a custom JSON body"),
    Option("JWT Token", "jwt", "Respond with a JWT token"),
    Option("No Data", "noData", "Respond with an empty body"),
    Option("Redirect", "redirect", "Respond with a redirect to a given URL"),
    Option("Text", "text", "Respond with a simple text message body"),
)


def _show(*values: str) -> dict[str, dict[str, list[object]]]:
    return {"show": {"respondWith": list(values)}}


def _description(versions: tuple[float, ...], *, jwt: bool) -> NodeDescription:
    options = tuple(o for o in _RESPOND_WITH if jwt or o.value != "jwt")
    props = (
        Param("generalNotice", "notice", default="", display_name="Verify that the \"Webhook\" node's \"Respond\" parameter is set to \"Using Respond to Webhook Node\". More details"),
        Param("respondWith", "options", default="firstIncomingItem", display_name="Respond With",
              description="The data that should be returned", options=options),
        Param("webhookNotice", "notice", default="", display_name="When using expressions, note that this node will only run for the first item in the input data",
              display_options=_show("json", "text", "jwt")),
        Param("redirectURL", "string", default="", display_name="Redirect URL", required=True,
              description="The URL to redirect to", placeholder="e.g. http://www.n8n.io",
              display_options=_show("redirect")),
        Param("responseBody", "json", default='{\n  "myField": "value"\n}', display_name="Response Body",
              description="The HTTP response JSON data", type_options={"rows": 4},
              display_options=_show("json")),
        Param("payload", "json", default='{\n  "myField": "value"\n}', display_name="Payload",
              description="The payload to include in the JWT token", type_options={"rows": 4},
              display_options=_show("jwt")),
        Param("responseBody", "string", default="", display_name="Response Body",
              description="The HTTP response text data", placeholder="e.g. Workflow completed",
              type_options={"rows": 2}, display_options=_show("text")),
        Param("responseDataSource", "options", default="automatically", display_name="Response Data Source",
              options=(Option("Choose Automatically From Input", "automatically",
                              "Use if input data will contain a single piece of binary data"),
                       Option("Specify Myself", "set", "Enter the name of the input field the binary data will be in")),
              display_options=_show("binary")),
        Param("inputFieldName", "string", default="data", display_name="Input Field Name", required=True,
              description="The name of the node input field with the binary data",
              display_options={"show": {"respondWith": ["binary"], "responseDataSource": ["set"]}}),
        Param("options", "collection", default={}, display_name="Options", placeholder="Add option", options=(
            Param("responseCode", "number", default=200, display_name="Response Code",
                  description="The HTTP response code to return. Defaults to 200.",
                  type_options={"minValue": 100, "maxValue": 599}),
            Param("responseHeaders", "fixedCollection", default={}, display_name="Response Headers",
                  description="Add headers to the webhook response", placeholder="Add Response Header",
                  type_options={"multipleValues": True},
                  options=(Param("entries", "collection", display_name="Entries", options=(
                      Param("name", "string", default="", display_name="Name", description="Name of the header"),
                      Param("value", "string", default="", display_name="Value", description="Value of the header"),
                  )),)),
            Param("responseKey", "string", default="", display_name="Put Response in Field",
                  description="The name of the response field to put all items in",
                  placeholder="e.g. data",
                  display_options={"show": {"/respondWith": ["allIncomingItems", "firstIncomingItem"]}}),
        )),
    )
    return NodeDescription(
        name="n8n-nodes-base.respondToWebhook", display_name="Respond to Webhook", versions=versions,
        description="Returns data for Webhook", group=("transform",), inputs=1, outputs=1,
        credentials=(CredentialSlot("jwtAuth", required=True, display_options=_show("jwt")),) if jwt else (),
        icon="fa:reply", color="#885577", default_name="Respond to Webhook", properties=props,
    )


DESC_V1 = _description((1,), jwt=False)
DESC_V1_1 = _description((1.1,), jwt=True)
