"""n8n's pagination: "update a parameter in each request" and "response contains next URL".

Each page's parameters are expressions over ``$response`` (the previous page: body, headers,
statusCode), ``$pageCount`` (pages fetched so far) and ``$request``. The evaluator does not know
those names, so they are rewritten to ``$json.__wwPage.*`` and evaluated against a copy of the
item whose json carries them; every other variable keeps its meaning.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from wirework.expr import ExpressionError, is_expression
from wirework.model import Item
from wirework.nodes._common.fields import js_string
from wirework.nodes.http_request.build import check_url
from wirework.nodes.http_request.client import Response, send
from wirework.nodes.http_request.response import decode_text, http_error
from wirework.nodes.http_request.spec import Body, RequestSpec
from wirework.nodes.sdk import NodeContext, NodeError

PARAM = "options.pagination"
_VARS = re.compile(r"\$(response|pageCount|request|version)\b")


@dataclass(slots=True)
class Pagination:
    mode: str
    next_url: Any = ""
    parameters: tuple[dict[str, Any], ...] = ()
    complete_when: str = "responseIsEmpty"
    status_codes: tuple[int, ...] = ()
    complete_expression: str = ""
    max_requests: int = 0
    interval_ms: float = 0


def _fail(ctx: NodeContext, message: str, **kw: Any) -> NodeError:
    return ctx.error(message, parameter=PARAM, retryable=False, **kw)


def _parameters(ctx: NodeContext, raw: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    rows = [r for r in ((raw.get("parameters") or {}).get("parameters") or []) if isinstance(r, dict)]
    if not rows or (len(rows) == 1 and not rows[0].get("name") and not rows[0].get("value")):
        raise _fail(ctx, "At least one entry with 'Name' and 'Value' filled must be included in 'Parameters' "
                         "to use 'Update a Parameter in Each Request' mode")
    for n, row in enumerate(rows, 1):
        if not row.get("name"):
            raise _fail(ctx, f"Parameter name must be set for parameter [{n}] in pagination settings")
        if row.get("type", "qs") not in ("body", "headers", "qs"):
            raise _fail(ctx, f"Parameter type must be one of: body, headers, qs for parameter [{n}] in "
                             "pagination settings")
        if row.get("value", "") == "":
            raise _fail(ctx, f"Some value must be provided for parameter [{n}] in pagination settings, "
                             "omitting it will result in an infinite loop")
    return tuple(rows)


def read_pagination(ctx: NodeContext) -> Pagination | None:
    """The pagination settings (read once, expressions kept raw), or None when off."""
    raw = ((ctx.raw_param("options", {}) or {}).get("pagination") or {}).get("pagination")
    if not isinstance(raw, dict):
        return None
    mode = raw.get("paginationMode", "updateAParameterInEachRequest")
    if mode == "off":
        return None
    p = Pagination(mode=mode, complete_when=raw.get("paginationCompleteWhen", "responseIsEmpty"),
                   interval_ms=float(raw.get("requestInterval") or 0))
    if mode == "responseContainsNextURL":
        p.next_url = raw.get("nextURL", "")
    else:
        p.parameters = _parameters(ctx, raw)
    if p.complete_when == "receiveSpecificStatusCodes":
        codes = str(raw.get("statusCodesWhenComplete") or "")
        p.status_codes = tuple(int(c) for c in (x.strip() for x in codes.split(",")) if c.isdigit())
    elif p.complete_when == "other":
        expr = str(raw.get("completeExpression") or "").strip()
        if not expr.startswith("="):
            raise _fail(ctx, "Invalid or empty Complete Expression")
        p.complete_expression = expr
    if raw.get("limitPagesFetched"):
        p.max_requests = int(raw.get("maxRequests") or 100)
    return p


def _rewrite(value: Any) -> Any:
    if isinstance(value, str):
        return _VARS.sub(lambda m: f"$json.__wwPage.{m.group(1)}", value) if is_expression(value) else value
    if isinstance(value, dict):
        return {k: _rewrite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    return value


def evaluate(ctx: NodeContext, value: Any, i: int, extras: dict[str, Any], *, parameter: str) -> Any:
    """``value`` resolved for item ``i`` with ``$response``/``$pageCount``/``$request`` available."""
    rewritten = _rewrite(value)
    if rewritten == value and not (isinstance(value, str) and is_expression(value)):
        return value
    expr = ctx.expr
    inputs = [list(items) for items in expr.inputs]
    item = inputs[expr.input_index][i]
    inputs[expr.input_index][i] = {**item, "json": {**(item.get("json") or {}), "__wwPage": extras}}
    page_ctx = dataclasses.replace(expr, inputs=inputs)
    return ctx.services.evaluator.resolve(rewritten, page_ctx, i, parameter=parameter)


def _request_view(spec: RequestSpec) -> dict[str, Any]:
    headers = {k: ("**hidden**" if k.lower() in spec.secret_headers or k.lower() == "authorization" else v)
               for k, v in spec.headers.items()}
    body = spec.body.data if spec.body is not None and spec.body.kind in ("json", "form") else None
    qs = {k: ("**hidden**" if isinstance(v, str) and v in spec.secret_values else v) for k, v in spec.qs.items()}
    return {"url": spec.url, "method": spec.method, "qs": qs, "headers": headers, "body": body}


def _apply(ctx: NodeContext, spec: RequestSpec, p: Pagination, values: Any, i: int) -> RequestSpec:
    page = dataclasses.replace(spec, qs=dict(spec.qs), headers=dict(spec.headers),
                               body=copy.deepcopy(spec.body))
    if p.mode == "responseContainsNextURL":
        try:
            page.url = check_url(ctx, values, i, parameter=f"{PARAM}.nextURL")
        except NodeError as exc:
            shown = "undefined" if values is None else js_string(values)
            raise ctx.error(f"'{shown}' is not a valid URL.", item_index=i, parameter=f"{PARAM}.nextURL",
                            description='Make sure the "Next URL" parameter evaluates to a valid URL.',
                            retryable=False) from exc
        return page
    for row, value in zip(p.parameters, values, strict=True):
        if value is None:
            continue  # undefined leaves the request as it was (lodash merge)
        name, kind = str(row["name"]), row.get("type", "qs")
        if kind == "qs":
            page.qs[name] = value
        elif kind == "headers":
            page.set_header(name, value)
        elif page.body is not None and isinstance(page.body.data, dict):
            page.body.data[name] = value
        else:
            page.body = Body("json", {name: value})
    return page


def _next_values(p: Pagination) -> Any:
    return p.next_url if p.mode == "responseContainsNextURL" else [r.get("value") for r in p.parameters]


def _page_request(ctx: NodeContext, spec: RequestSpec, p: Pagination, i: int, extras: dict[str, Any]) -> RequestSpec:
    first = extras["pageCount"] == 0
    try:
        values = evaluate(ctx, _next_values(p), i, extras, parameter=PARAM)
    except ExpressionError:
        if first:  # the first page has no $response yet: it goes out as configured
            return spec
        raise
    if first and p.mode == "responseContainsNextURL":
        return spec
    return _apply(ctx, spec, p, values, i)


def _response_view(resp: Response, spec: RequestSpec) -> dict[str, Any]:
    body: Any = None
    if spec.response_format != "file":
        text = decode_text(resp.body, resp.content_type)
        body = text
        if "application/json" in resp.content_type:
            try:
                body = json.loads(text) if text.strip() else {}
            except ValueError:
                body = {}
    return {"body": body, "headers": resp.headers, "statusCode": resp.status}


def _js_truthy(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value and value != 0
    return value != "" if isinstance(value, str) else True


def _should_continue(ctx: NodeContext, p: Pagination, spec: RequestSpec, i: int, extras: dict[str, Any]) -> bool:
    response = extras["response"]
    if p.complete_when == "receiveSpecificStatusCodes":
        return response["statusCode"] not in p.status_codes
    if p.complete_when == "responseIsEmpty":
        body = response["body"]
        return bool(len(body)) if isinstance(body, list) else _js_truthy(body)
    done = _js_truthy(evaluate(ctx, p.complete_expression, i, extras, parameter=f"{PARAM}.completeExpression"))
    ok = 200 <= response["statusCode"] < 300
    return not done or (not ok and not spec.never_error)


async def paginate(ctx: NodeContext, session: Any, spec: RequestSpec, p: Pagination, item: Item,
                   i: int) -> list[Response]:
    """Every page's answer for item ``i``, in order (the page that ended the loop included)."""
    pages: list[Response] = []
    extras: dict[str, Any] = {"response": {}, "pageCount": 0, "request": _request_view(spec),
                              "version": ctx.type_version}
    last_hash, identical = "", 0
    while True:
        page = _page_request(ctx, spec, p, i, extras)
        resp = await send(session, page)
        digest = resp.headers.get("etag") or hashlib.md5(resp.body, usedforsecurity=False).hexdigest()
        identical = identical + 1 if digest == last_hash else 0
        if identical > 2:
            raise ctx.error("The returned response was identical 5x, so requests got stopped", item_index=i,
                            parameter=PARAM, retryable=False,
                            description='Check if "Pagination Completed When" has been configured correctly.')
        last_hash = digest
        pages.append(resp)
        extras.update(response=_response_view(resp, spec), pageCount=len(pages), request=_request_view(page))
        if p.max_requests and len(pages) >= p.max_requests:
            return pages
        if not _should_continue(ctx, p, spec, i, extras):
            return pages
        if p.interval_ms:
            await ctx.sleep(p.interval_ms / 1000)
        if not 200 <= resp.status < 300:
            raise http_error(ctx, resp, i)[0]
