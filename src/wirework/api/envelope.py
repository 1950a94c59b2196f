"""The response envelope every JSON answer uses, and the error codes.

``{"success": true, "data": …, "meta": {"timestamp", "request_id"}}`` (+ ``pagination`` on
lists); errors are ``{"success": false, "error": {"code", "message", "details"}, "meta"}``.
"""

from __future__ import annotations

import json
import logging
import math
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from wirework.store.errors import ConflictError, NotFoundError

log = logging.getLogger("wirework.api")
request_id_var: ContextVar[str] = ContextVar("request_id", default="")
T = TypeVar("T")

CODES = {
    400: "VALIDATION_ERROR", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
    405: "VALIDATION_ERROR", 409: "CONFLICT", 413: "VALIDATION_ERROR", 415: "VALIDATION_ERROR",
    422: "VALIDATION_ERROR", 429: "RATE_LIMIT",
}


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers


def not_found(what: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", f"{what} not found")


def forbidden(message: str = "you do not have permission to do this") -> ApiError:
    return ApiError(403, "FORBIDDEN", message)


def invalid(message: str, details: Any = None) -> ApiError:
    return ApiError(422, "VALIDATION_ERROR", message, details)


class Meta(BaseModel):
    timestamp: str
    request_id: str


class Pagination(BaseModel):
    page: int
    limit: int
    total: int
    total_pages: int


class Envelope(BaseModel, Generic[T]):
    success: bool = True
    data: T
    meta: Meta


class ListEnvelope(BaseModel, Generic[T]):
    success: bool = True
    data: list[T]
    meta: Meta
    pagination: Pagination


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorEnvelope(BaseModel):
    success: bool = False
    error: ErrorBody
    meta: Meta


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (bytes, bytearray)):
        return None
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _meta() -> dict[str, str]:
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    return {"timestamp": now, "request_id": request_id_var.get()}


def json_response(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    raw = json.dumps(body, default=_default, ensure_ascii=False, separators=(",", ":"))
    return Response(raw, status_code=status, media_type="application/json", headers=headers)


def ok(data: Any, status: int = 200) -> Response:
    return json_response({"success": True, "data": data, "meta": _meta()}, status)


def paged(items: list[Any], *, page: int, limit: int, total: int) -> Response:
    pages = math.ceil(total / limit) if limit else 0
    return json_response({
        "success": True, "data": items, "meta": _meta(),
        "pagination": {"page": page, "limit": limit, "total": total, "total_pages": pages},
    })


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> Response:
    body = {"success": False, "error": {"code": code, "message": message, "details": details},
            "meta": _meta()}
    return json_response(body, status, headers)


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(p) for p in loc)


_NOT_AN_OBJECT = ("model_attributes_type", "dict_type", "missing")  # the body as a whole


def _unparsable(exc: StarletteHTTPException) -> str:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, UnicodeDecodeError):
        return "malformed JSON body: not valid UTF-8"
    if isinstance(cause, RecursionError):
        return "malformed JSON body: nested too deeply"
    return "malformed JSON body: it could not be parsed"


def _validation(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    details = [
        {"loc": _loc(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        ctx = first.get("ctx") or {}
        return error_response(400, "VALIDATION_ERROR",
                              f"malformed JSON body: {ctx.get('error', 'invalid JSON')}", details)
    if first and tuple(first.get("loc", ())) == ("body",) and first.get("type") in _NOT_AN_OBJECT:
        ctype = request.headers.get("content-type", "")
        if first.get("type") == "missing":
            return error_response(422, "VALIDATION_ERROR", "body: a JSON object is required", details)
        if "json" not in ctype:
            return error_response(415 if ctype else 422, "VALIDATION_ERROR",
                                  "the request body must be JSON (Content-Type: application/json)"
                                  + (f", got '{ctype}'" if ctype else ""), details)
        return error_response(422, "VALIDATION_ERROR", "body: must be a JSON object", details)
    message = f"{_loc(first.get('loc', ()))}: {first.get('msg', 'invalid')}" if first else "invalid request"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return error_response(422, "VALIDATION_ERROR", message, details)


def install_handlers(app: FastAPI) -> None:
    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = CODES.get(exc.status_code, "INTERNAL_ERROR" if exc.status_code >= 500 else "VALIDATION_ERROR")
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route for {request.method} {request.url.path}"
        elif exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow")
            detail = f"method {request.method} is not allowed on {request.url.path}" + (
                f"; use {allowed}" if allowed else "")
        elif exc.status_code == 400 and detail == "There was an error parsing the body":
            detail = _unparsable(exc)
        return error_response(exc.status_code, code, detail, None, dict(exc.headers or {}) or None)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _validation(request, exc)

    async def conflict(request: Request, exc: Exception) -> Response:
        details = {"current_version": exc.current_version} if isinstance(exc, ConflictError) else None
        message = str(exc) if isinstance(exc, ConflictError) else "a record with these values already exists"
        return error_response(409, "CONFLICT", message, details)

    async def unstorable(request: Request, exc: Exception) -> Response:
        # e.g. a NUL character PostgreSQL text cannot hold, a number out of the column's range
        return error_response(422, "VALIDATION_ERROR", "a value in the request cannot be stored "
                              "(invalid characters or out of range)")

    async def missing(request: Request, exc: Exception) -> Response:
        return error_response(404, "NOT_FOUND", str(exc) or "not found")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ConflictError, conflict)
    app.add_exception_handler(IntegrityError, conflict)
    app.add_exception_handler(DataError, unstorable)
    app.add_exception_handler(NotFoundError, missing)
