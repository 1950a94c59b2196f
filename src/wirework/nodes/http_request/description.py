"""HTTP Request v3 / v4.x parameters (n8n's third layout: method, url, send*/specify*, options)."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import CredentialSlot, NodeDescription, Option, Param

GENERIC_AUTH_TYPES = ("httpBasicAuth", "httpBearerAuth", "httpCustomAuth", "httpHeaderAuth",
                      "httpQueryAuth", "oAuth2Api")
METHODS = tuple(Option(m, m) for m in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"))
_KEYPAIR_JSON = (Option("Using Fields Below", "keypair"), Option("Using JSON", "json"))
_ITEM_TITLE = {"multipleValues": True, "fixedCollection": {"itemTitle": "={{ $collection.item.value.name }}"}}

#: the same parameters in every version
URL = Param("url", "string", "", display_name="URL", required=True, placeholder="http://example.com/index.html",
            description="The URL to make the request to")
TIMEOUT = Param("timeout", "number", 10000, display_name="Timeout", type_options={"minValue": 1},
                description="Time in ms to wait for the server to send response headers (and start the "
                            "response body) before aborting the request")


def _show(**conds: list[Any]) -> dict[str, dict[str, list[Any]]]:
    return {"show": dict(conds)}


def _name_value(group_label: str, *, described: bool = False) -> Param:
    name_desc = "ID of the field to set" if described else ""
    value_desc = "Value of the field to set" if described else ""
    return Param("parameters", "collection", display_name=group_label, options=(
        Param("name", "string", "", display_name="Name", description=name_desc),
        Param("value", "string", "", display_name="Value", description=value_desc),
    ))


def _pairs(name: str, label: str, group_label: str, show: dict[str, list[Any]], *,
           placeholder: str, described: bool = False) -> Param:
    return Param(name, "fixedCollection", {"parameters": [{"name": "", "value": ""}]}, display_name=label,
                 placeholder=placeholder, type_options=_ITEM_TITLE, display_options=_show(**show),
                 options=(_name_value(group_label, described=described),))


_MULTIPART_FIELD = Param("parameters", "collection", display_name="Body Field", options=(
    Param("parameterType", "options", "formData", display_name="Type", options=(
        Option("n8n Binary File", "formBinaryData"), Option("Form Data", "formData"))),
    Param("name", "string", "", display_name="Name", description="ID of the field to set"),
    Param("value", "string", "", display_name="Value", description="Value of the field to set",
          display_options=_show(parameterType=["formData"])),
    Param("inputDataFieldName", "string", "", display_name="Input Data Field Name",
          description="The name of the incoming field containing the binary file data to be processed",
          display_options=_show(parameterType=["formBinaryData"])),
))

_AUTH = (
    Param("authentication", "options", "none", display_name="Authentication", no_data_expression=True, options=(
        Option("None", "none"),
        Option("Predefined Credential Type", "predefinedCredentialType",
               "Use a credential type that already knows how the service authenticates"),
        Option("Generic Credential Type", "genericCredentialType",
               "Fully customizable. Choose between basic, header, OAuth2, etc."),
    )),
    Param("nodeCredentialType", "credentialsSelect", "", display_name="Credential Type", required=True,
          no_data_expression=True, type_options={"credentialTypes": ["extends:oAuth2Api", "has:authenticate"]},
          display_options=_show(authentication=["predefinedCredentialType"])),
    Param("genericAuthType", "credentialsSelect", "", display_name="Generic Auth Type", required=True,
          type_options={"credentialTypes": ["has:genericAuth"]},
          display_options=_show(authentication=["genericCredentialType"])),
    Param("provideSslCertificates", "boolean", False, display_name="SSL Certificates"),
    Param("provideSslCertificatesNotice", "notice", "",
          display_name="Provide certificates in node's 'Credential for SSL Certificates' parameter",
          display_options=_show(provideSslCertificates=[True])),
)

_QUERY_HEADERS = (
    Param("sendQuery", "boolean", False, display_name="Send Query Parameters", no_data_expression=True,
          description="Whether the request has query params or not"),
    Param("specifyQuery", "options", "keypair", display_name="Specify Query Parameters",
          options=_KEYPAIR_JSON, display_options=_show(sendQuery=[True])),
    _pairs("queryParameters", "Query Parameters", "Query Parameter",
           {"sendQuery": [True], "specifyQuery": ["keypair"]}, placeholder="Add Query Parameter"),
    Param("jsonQuery", "json", "", display_name="JSON",
          display_options=_show(sendQuery=[True], specifyQuery=["json"])),
    Param("sendHeaders", "boolean", False, display_name="Send Headers", no_data_expression=True,
          description="Whether the request has headers or not"),
    Param("specifyHeaders", "options", "keypair", display_name="Specify Headers",
          options=_KEYPAIR_JSON, display_options=_show(sendHeaders=[True])),
    _pairs("headerParameters", "Headers", "Header", {"sendHeaders": [True], "specifyHeaders": ["keypair"]},
           placeholder="Add Header"),
    Param("jsonHeaders", "json", "", display_name="JSON",
          display_options=_show(sendHeaders=[True], specifyHeaders=["json"])),
)

_BODY = (
    Param("sendBody", "boolean", False, display_name="Send Body", no_data_expression=True,
          description="Whether the request has a body or not"),
    Param("contentType", "options", "json", display_name="Body Content Type",
          description="Content-Type to use to send body parameters", display_options=_show(sendBody=[True]),
          options=(Option("Form Urlencoded", "form-urlencoded"), Option("Form-Data", "multipart-form-data"),
                   Option("JSON", "json"), Option("n8n Binary File", "binaryData"), Option("Raw", "raw"))),
    Param("specifyBody", "options", "keypair", display_name="Specify Body", options=_KEYPAIR_JSON,
          description="The body can be specified using explicit fields (keypair) or using a JavaScript object (json)",
          display_options=_show(sendBody=[True], contentType=["json"])),
    _pairs("bodyParameters", "Body Parameters", "Body Field",
           {"sendBody": [True], "contentType": ["json"], "specifyBody": ["keypair"]},
           placeholder="Add Body Field", described=True),
    Param("jsonBody", "json", "", display_name="JSON",
          display_options=_show(sendBody=[True], contentType=["json"], specifyBody=["json"])),
    Param("bodyParameters", "fixedCollection", {"parameters": [{"name": "", "value": ""}]}, display_name="Body",
          placeholder="Add Body Field", type_options=_ITEM_TITLE, options=(_MULTIPART_FIELD,),
          display_options=_show(sendBody=[True], contentType=["multipart-form-data"])),
    Param("specifyBody", "options", "keypair", display_name="Specify Body",
          options=(Option("Using Fields Below", "keypair"), Option("Using Single Field", "string")),
          display_options=_show(sendBody=[True], contentType=["form-urlencoded"])),
    _pairs("bodyParameters", "Body Fields", "Field",
           {"sendBody": [True], "contentType": ["form-urlencoded"], "specifyBody": ["keypair"]},
           placeholder="Add Field", described=True),
    Param("body", "string", "", display_name="Body", placeholder="field1=value1&field2=value2",
          display_options=_show(sendBody=[True], specifyBody=["string"])),
    Param("inputDataFieldName", "string", "", display_name="Input Data Field Name",
          description="The name of the incoming field containing the binary file data to be processed",
          display_options=_show(sendBody=[True], contentType=["binaryData"])),
    Param("rawContentType", "string", "", display_name="Content Type", placeholder="text/html",
          display_options=_show(sendBody=[True], contentType=["raw"])),
    Param("body", "string", "", display_name="Body", display_options=_show(sendBody=[True], contentType=["raw"])),
)


def _redirect(*, follow_default: bool, display: dict[str, dict[str, list[Any]]]) -> Param:
    return Param("redirect", "fixedCollection", {"redirect": {}}, display_name="Redirects",
                 placeholder="Add Redirect", type_options={"multipleValues": False}, display_options=display,
                 options=(Param("redirect", "collection", display_name="Redirect", options=(
                     Param("followRedirects", "boolean", follow_default, display_name="Follow Redirects",
                           no_data_expression=True, description="Whether to follow all redirects"),
                     Param("maxRedirects", "number", 21, display_name="Max Redirects",
                           description="Max number of redirects to follow",
                           display_options=_show(followRedirects=[True])),
                 )),))


_RESPONSE = Param("response", "fixedCollection", {"response": {}}, display_name="Response",
                  placeholder="Add response", type_options={"multipleValues": False}, options=(
    Param("response", "collection", display_name="Response", options=(
        Param("fullResponse", "boolean", False, display_name="Include Response Headers and Status",
              description="Whether to return the full response (headers and response status code) data "
                          "instead of only the body"),
        Param("neverError", "boolean", False, display_name="Never Error",
              description="Whether to succeed also when status code is not 2xx"),
        Param("responseFormat", "options", "autodetect", display_name="Response Format", no_data_expression=True,
              description="The format in which the data gets returned from the URL", options=(
                  Option("Autodetect", "autodetect"), Option("File", "file"), Option("JSON", "json"),
                  Option("Text", "text"))),
        Param("outputPropertyName", "string", "data", display_name="Put Output in Field", required=True,
              description="Name of the binary property to which to write the data of the read file",
              display_options=_show(responseFormat=["file", "text"])),
    )),))

_HIDE_OFF = {"hide": {"paginationMode": ["off"]}}
_PAGINATION = Param("pagination", "fixedCollection", {"pagination": {}}, display_name="Pagination",
                    placeholder="Add pagination", type_options={"multipleValues": False}, options=(
    Param("pagination", "collection", display_name="Pagination", options=(
        Param("paginationMode", "options", "updateAParameterInEachRequest", display_name="Pagination Mode",
              description="If pagination should be used", type_options={"noDataExpression": True}, options=(
                  Option("Off", "off"), Option("Update a Parameter in Each Request", "updateAParameterInEachRequest"),
                  Option("Response Contains Next URL", "responseContainsNextURL"))),
        Param("webhookNotice", "notice", "", display_options=_HIDE_OFF,
              display_name="Use the $response variables to access the data of the previous response"),
        Param("nextURL", "string", "", display_name="Next URL",
              description="Should evaluate to the URL of the next page",
              display_options=_show(paginationMode=["responseContainsNextURL"])),
        Param("parameters", "fixedCollection", {"parameters": [{"type": "qs", "name": "", "value": ""}]},
              display_name="Parameters", placeholder="Add Parameter",
              type_options={"multipleValues": True, "noExpression": True},
              display_options=_show(paginationMode=["updateAParameterInEachRequest"]), options=(
                  Param("parameters", "collection", display_name="Parameter", options=(
                      Param("type", "options", "qs", display_name="Type", description="Where the parameter should be set",
                            options=(Option("Body", "body"), Option("Header", "headers"), Option("Query", "qs"))),
                      Param("name", "string", "", display_name="Name", placeholder="e.g page"),
                      Param("value", "string", "", display_name="Value",
                            hint="Use expression mode and $response to access response data"),
                  )),)),
        Param("paginationCompleteWhen", "options", "responseIsEmpty", display_name="Pagination Complete When",
              description="When should no further requests be made?", type_options={"noDataExpression": True},
              display_options=_HIDE_OFF, options=(
                  Option("Response Is Empty", "responseIsEmpty"),
                  Option("Receive Specific Status Code(s)", "receiveSpecificStatusCodes"),
                  Option("Other", "other"))),
        Param("statusCodesWhenComplete", "string", "", display_name="Status Code(s) when Complete",
              description="Accepts comma-separated values", type_options={"noDataExpression": True},
              display_options=_show(paginationCompleteWhen=["receiveSpecificStatusCodes"])),
        Param("completeExpression", "string", "", display_name="Complete Expression",
              description="Should evaluate to true when pagination is complete",
              display_options=_show(paginationCompleteWhen=["other"])),
        Param("limitPagesFetched", "boolean", False, display_name="Limit Pages Fetched", no_data_expression=True,
              description="Whether the number of requests should be limited", display_options=_HIDE_OFF),
        Param("maxRequests", "number", 100, display_name="Max Pages", description="Maximum amount of request to be make",
              type_options={"noDataExpression": True}, display_options=_show(limitPagesFetched=[True])),
        Param("requestInterval", "number", 0, display_name="Interval Between Requests (ms)",
              description="Time in milliseconds to wait between requests", hint="At 0 no delay will be added",
              type_options={"minValue": 0}, display_options=_HIDE_OFF),
    )),))

_OPTIONS = Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
    Param("batching", "fixedCollection", {"batch": {}}, display_name="Batching", placeholder="Add Batching",
          type_options={"multipleValues": False}, options=(
              Param("batch", "collection", display_name="Batching", options=(
                  Param("batchSize", "number", 50, display_name="Items per Batch", type_options={"minValue": -1},
                        description="Input will be split in batches to throttle requests. -1 for disabled. "
                                    "0 will be treated as 1."),
                  Param("batchInterval", "number", 1000, display_name="Batch Interval (ms)",
                        type_options={"minValue": 0},
                        description="Time (in milliseconds) between each batch of requests. 0 for disabled."),
              )),)),
    Param("allowUnauthorizedCerts", "boolean", False, display_name="Ignore SSL Issues (Insecure)",
          no_data_expression=True,
          description="Whether to download the response even if SSL certificate validation is not possible"),
    Param("requestUncompressedResponse", "boolean", False, display_name="Request Uncompressed Response",
          no_data_expression=True,
          description='Whether to disable response compression by sending "Accept-Encoding: identity"'),
    Param("queryParameterArrays", "options", "brackets", display_name="Array Format in Query Parameters",
          display_options=_show(**{"/sendQuery": [True]}), options=(
              Option("No Brackets", "repeat", "e.g. foo=bar&foo=qux"),
              Option("Brackets Only", "brackets", "e.g. foo[]=bar&foo[]=qux"),
              Option("Brackets with Indices", "indices", "e.g. foo[0]=bar&foo[1]=qux"))),
    Param("lowercaseHeaders", "boolean", True, display_name="Lowercase Headers",
          description="Whether to lowercase header names"),
    _redirect(follow_default=False, display={"show": {"@version": [1, 2, 3]}}),
    _redirect(follow_default=True, display={"hide": {"@version": [1, 2, 3]}}),
    _RESPONSE,
    _PAGINATION,
    Param("proxy", "string", "", display_name="Proxy", placeholder="e.g. http://myproxy:3128",
          description="HTTP proxy to use"),
    TIMEOUT,
    Param("sendCredentialsOnCrossOriginRedirect", "boolean", False,
          display_name="Send Credentials on Cross-Origin Redirect",
          description='Whether to send credentials, like the "Authorization" header, on redirects to a '
                      "different origin"),
))

PROPERTIES: tuple[Param, ...] = (
    Param("method", "options", "GET", display_name="Method", options=METHODS,
          description="The request method to use"),
    URL,
    *_AUTH, *_QUERY_HEADERS, *_BODY, _OPTIONS,
    Param("infoMessage", "notice", "", display_name="You can view the raw requests this node makes in the "
                                                   "execution's run data"),
)

_GENERIC_SLOTS = tuple(
    CredentialSlot(t, required=True, display_options=_show(authentication=["genericCredentialType"],
                                                           genericAuthType=[t]))
    for t in GENERIC_AUTH_TYPES
)

DESC_V3 = NodeDescription(
    name="n8n-nodes-base.httpRequest", display_name="HTTP Request", versions=(3, 4, 4.1, 4.2, 4.3, 4.4),
    description="Makes an HTTP request and returns the response data", group=("output",),
    icon="fa:globe", color="#0004F5", default_name="HTTP Request",
    subtitle='={{$parameter["method"] + ": " + $parameter["url"]}}',
    documentation_url="https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.httprequest/",
    properties=PROPERTIES, credentials=(
        CredentialSlot("httpSslAuth", required=True, display_options=_show(provideSslCertificates=[True])),
        *_GENERIC_SLOTS,
    ),
    compat_notes="v3/v4.x: no OAuth1, digest auth or OAuth2 token refresh (an OAuth2 credential's stored "
                 "access token is sent as a Bearer token); SSL client certificates not supported",
)
