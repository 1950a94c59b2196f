"""HTTP Request v1 / v2 parameters (n8n's first layout: requestMethod, jsonParameters, *ParametersUi)."""

from __future__ import annotations

from typing import Any

from wirework.nodes.http_request.description import METHODS, TIMEOUT, URL
from wirework.nodes.sdk import CredentialSlot, NodeDescription, Option, Param

_BODY_METHODS = ["PATCH", "POST", "PUT"]
_V1_AUTH = {"basicAuth": "httpBasicAuth", "digestAuth": "httpDigestAuth", "headerAuth": "httpHeaderAuth",
            "oAuth1": "oAuth1Api", "oAuth2": "oAuth2Api", "queryAuth": "httpQueryAuth"}


def _show(**conds: list[Any]) -> dict[str, dict[str, list[Any]]]:
    return {"show": dict(conds)}


def _ui(name: str, label: str, group_label: str, description: str, *, show: dict[str, list[Any]],
        placeholder: str, value_description: str = "Value of the parameter") -> Param:
    return Param(name, "fixedCollection", {}, display_name=label, description=description, placeholder=placeholder,
                 type_options={"multipleValues": True}, display_options=_show(**show), options=(
                     Param("parameter", "collection", display_name=group_label, options=(
                         Param("name", "string", "", display_name="Name", description=f"Name of the {group_label.lower()}"),
                         Param("value", "string", "", display_name="Value", description=value_description),
                     )),))


_OPTIONS = Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
    Param("batchInterval", "number", 1000, display_name="Batch Interval", type_options={"minValue": 0},
          description="Time (in milliseconds) between each batch of requests. 0 for disabled."),
    Param("batchSize", "number", 50, display_name="Batch Size", type_options={"minValue": -1},
          description="Input will be split in batches to throttle requests. -1 for disabled. 0 will be treated as 1."),
    Param("bodyContentType", "options", "json", display_name="Body Content Type",
          description="Content-Type to use to send body parameters",
          display_options=_show(**{"/requestMethod": _BODY_METHODS}), options=(
              Option("JSON", "json"), Option("RAW/Custom", "raw"),
              Option("Form-Data Multipart", "multipart-form-data"), Option("Form Urlencoded", "form-urlencoded"))),
    Param("fullResponse", "boolean", False, display_name="Full Response",
          description="Whether to return the full response data instead of only the body"),
    Param("followAllRedirects", "boolean", False, display_name="Follow All Redirects",
          description="Whether to follow All HTTP 3xx redirects"),
    Param("followRedirect", "boolean", True, display_name="Follow GET/HEAD Redirect",
          description="Whether to follow GET or HEAD HTTP 3xx redirects"),
    Param("ignoreResponseCode", "boolean", False, display_name="Ignore Response Code",
          description="Whether to succeed also when status code is not 2xx"),
    Param("bodyContentCustomMimeType", "string", "", display_name="MIME Type", placeholder="text/xml",
          description="Specify the mime type for raw/custom body type",
          display_options=_show(**{"/requestMethod": _BODY_METHODS})),
    Param("proxy", "string", "", display_name="Proxy", placeholder="http://myproxy:3128",
          description="HTTP proxy to use"),
    Param("splitIntoItems", "boolean", False, display_name="Split Into Items",
          description="Whether to output each element of an array as own item",
          display_options=_show(**{"/responseFormat": ["json"]})),
    TIMEOUT,
    Param("useQueryString", "boolean", False, display_name="Use Querystring",
          description="Whether you need arrays to be serialized as foo=bar&foo=baz instead of the default "
                      "foo[0]=bar&foo[1]=baz"),
))

_COMMON: tuple[Param, ...] = (
    Param("requestMethod", "options", "GET", display_name="Request Method", options=METHODS,
          description="The request method to use"),
    URL,
    Param("allowUnauthorizedCerts", "boolean", False, display_name="Ignore SSL Issues (Insecure)",
          description="Whether to download the response even if SSL certificate validation is not possible"),
    Param("responseFormat", "options", "json", display_name="Response Format",
          description="The format in which the data gets returned from the URL",
          options=(Option("File", "file"), Option("JSON", "json"), Option("String", "string"))),
    Param("dataPropertyName", "string", "data", display_name="Property Name", required=True,
          description="Name of the property to which to write the response data",
          display_options=_show(responseFormat=["string"])),
    Param("dataPropertyName", "string", "data", display_name="Put Output File in Field", required=True,
          hint="The name of the output binary field to put the file in",
          display_options=_show(responseFormat=["file"])),
    Param("jsonParameters", "boolean", False, display_name="JSON/RAW Parameters",
          description="Whether the query and/or body parameter should be set via the value-key pair UI or JSON/RAW"),
    _OPTIONS,
    Param("sendBinaryData", "boolean", False, display_name="Send Binary File",
          description="Whether binary data should be send as body",
          display_options=_show(jsonParameters=[True], requestMethod=_BODY_METHODS)),
    Param("binaryPropertyName", "string", "data", display_name="Input Binary Field", required=True,
          hint="The name of the input binary field containing the file to be uploaded",
          description='For Form-Data Multipart, they can be provided in the format: '
                      '"sendKey1:binaryProperty1,sendKey2:binaryProperty2"',
          display_options={"hide": {"sendBinaryData": [False]},
                           "show": {"jsonParameters": [True], "requestMethod": _BODY_METHODS}}),
    Param("bodyParametersJson", "json", "", display_name="Body Parameters", description="Body parameters as JSON or RAW",
          display_options={"hide": {"sendBinaryData": [True]},
                           "show": {"jsonParameters": [True], "requestMethod": [*_BODY_METHODS, "DELETE"]}}),
    _ui("bodyParametersUi", "Body Parameters", "Parameter", "The body parameter to send", placeholder="Add Parameter",
        show={"jsonParameters": [False], "requestMethod": [*_BODY_METHODS, "DELETE"]}),
    Param("headerParametersJson", "json", "", display_name="Headers", description="Header parameters as JSON or RAW",
          display_options=_show(jsonParameters=[True])),
    _ui("headerParametersUi", "Headers", "Header", "The headers to send", placeholder="Add Header",
        show={"jsonParameters": [False]}, value_description="Value to set for the header"),
    Param("queryParametersJson", "json", "", display_name="Query Parameters",
          description="Query parameters as JSON (flat object)", display_options=_show(jsonParameters=[True])),
    _ui("queryParametersUi", "Query Parameters", "Parameter", "The query parameter to send",
        placeholder="Add Parameter", show={"jsonParameters": [False]}),
    Param("infoMessage", "notice", "", display_name="You can view the raw requests this node makes in the "
                                                   "execution's run data"),
)

_V1_AUTH_PARAM = Param("authentication", "options", "none", display_name="Authentication",
                       description="The way to authenticate", options=(
                           Option("Basic Auth", "basicAuth"), Option("Digest Auth", "digestAuth"),
                           Option("Header Auth", "headerAuth"), Option("None", "none"), Option("OAuth1", "oAuth1"),
                           Option("OAuth2", "oAuth2"), Option("Query Auth", "queryAuth")))
_V2_AUTH = (
    Param("authentication", "options", "none", display_name="Authentication", no_data_expression=True,
          required=True, options=(
              Option("None", "none"),
              Option("Predefined Credential Type", "predefinedCredentialType",
                     "Use a credential type that already knows how the service authenticates"),
              Option("Generic Credential Type", "genericCredentialType",
                     "Fully customizable. Choose between basic, header, OAuth2, etc."))),
    Param("nodeCredentialType", "credentialsSelect", "", display_name="Credential Type", required=True,
          no_data_expression=True, type_options={"credentialTypes": ["extends:oAuth2Api", "has:authenticate"]},
          display_options=_show(authentication=["predefinedCredentialType"])),
    Param("genericAuthType", "credentialsSelect", "", display_name="Generic Auth Type", required=True,
          type_options={"credentialTypes": ["has:genericAuth"]},
          display_options=_show(authentication=["genericCredentialType"])),
)

_NOTES = ("v1/v2: no OAuth1 or digest auth, no OAuth2 token refresh; a JSON array answer without "
          "'Split Into Items' becomes one item keyed by index")


def _description(version: float, auth: tuple[Param, ...], slots: tuple[CredentialSlot, ...]) -> NodeDescription:
    return NodeDescription(
        name="n8n-nodes-base.httpRequest", display_name="HTTP Request", versions=(version,),
        description="Makes an HTTP request and returns the response data", group=("output",), icon="fa:globe",
        color="#2200DD", default_name="HTTP Request", subtitle='={{$parameter["requestMethod"] + ": " + $parameter["url"]}}',
        properties=(*auth, *_COMMON), credentials=slots, compat_notes=_NOTES,
    )


DESC_V1 = _description(1, (_V1_AUTH_PARAM,), tuple(
    CredentialSlot(ctype, required=True, display_options=_show(authentication=[value]))
    for value, ctype in _V1_AUTH.items()))
DESC_V2 = _description(2, _V2_AUTH, tuple(
    CredentialSlot(ctype, required=True, display_options=_show(authentication=[value]))
    for value, ctype in (("httpBasicAuth", "httpBasicAuth"), ("httpDigestAuth", "httpDigestAuth"),
                         ("httpHeaderAuth", "httpHeaderAuth"), ("httpQueryAuth", "httpQueryAuth"),
                         ("oAuth1Api", "oAuth1Api"), ("oAuth2Api", "oAuth2Api"))))
V1_AUTH_TYPES = _V1_AUTH
